import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { DomainError } from '../errors/domain-error';
import { domainErrorOfUpdate, UpdateRefusals } from './update-refusals';

const REFUSALS: UpdateRefusals = {
  WrongPhase: { code: 'case.wrong-phase', kind: 'conflict' },
  NotYourCase: { code: 'case.not-yours', kind: 'forbidden' },
};
const closed = () => new DomainError('case.closed', 'conflict', 'The case is closed.');
/** What the client throws when the workflow's validator refuses an Update. */
const refused = (message: string, type: string) => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable(message, type));

describe('a refused workflow Update as a domain error', () => {
  it('a refusal the service names: its code and kind, with the workflow’s own message', () => {
    const error = domainErrorOfUpdate(refused('The case is in planning, not waiting for a needs assessment.', 'WrongPhase'), REFUSALS, closed);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'case.wrong-phase', kind: 'conflict', message: 'The case is in planning, not waiting for a needs assessment.' });
    expect(domainErrorOfUpdate(refused('mentor-9 is not a mentor of this case.', 'NotYourCase'), REFUSALS, closed)).toMatchObject({ code: 'case.not-yours', kind: 'forbidden' });
  });

  it('a workflow that is gone (not found, or already completed): the service’s own answer', () => {
    expect(domainErrorOfUpdate(new WorkflowNotFoundError('workflow not found', 'job-assistance:g-1', undefined), REFUSALS, closed)).toMatchObject({ code: 'case.closed', kind: 'conflict' });
    expect(domainErrorOfUpdate(new Error('workflow execution already completed'), REFUSALS, closed)).toMatchObject({ code: 'case.closed' });
  });

  it('anything else is left to the caller to rethrow: an unnamed refusal, a refusal without a cause, a timeout, a non-error', () => {
    expect(domainErrorOfUpdate(refused('something else', 'ClaimPending'), REFUSALS, closed)).toBeUndefined();
    // A type that is only a property of every object is not a named refusal.
    expect(domainErrorOfUpdate(refused('odd', 'toString'), REFUSALS, closed)).toBeUndefined();
    expect(domainErrorOfUpdate(new WorkflowUpdateFailedError('Workflow Update failed', undefined), REFUSALS, closed)).toBeUndefined();
    expect(domainErrorOfUpdate(new Error('Deadline exceeded'), REFUSALS, closed)).toBeUndefined();
    expect(domainErrorOfUpdate(undefined, REFUSALS, closed)).toBeUndefined();
  });
});
