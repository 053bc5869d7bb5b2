import { ApplicationFailure } from '@temporalio/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { ActivityFailure, RetryState } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { domainErrorBehind, permanentFailureOf } from './activity-failures';

function pgError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

describe('which activity failures are permanent', () => {
  it('a domain error of any kind but unavailable: non-retryable, typed by its code, with its message', () => {
    const failure = permanentFailureOf(new DomainError('student.not-found', 'not-found', 'No student 42.'));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'student.not-found', message: 'No student 42.' });
    expect(permanentFailureOf(new DomainError('payments.bank-unconfigured', 'unavailable', 'no bank'))).toBeUndefined();
  });

  it('PostgreSQL refusing the data (class 22) or a constraint (class 23), raw or through TypeORM', () => {
    const nul = pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    expect(permanentFailureOf(nul)).toMatchObject({ nonRetryable: true, type: 'PostgresDataError', message: expect.stringContaining('SQLSTATE 22021') });
    const viaOrm = new QueryFailedError('INSERT …', [], pgError('23502', 'null value in column "name" violates not-null constraint'));
    expect(permanentFailureOf(viaOrm)).toMatchObject({ nonRetryable: true, type: 'PostgresConstraintViolation', message: expect.stringContaining('not-null') });
  });

  it('leaves transient failures to the retry policy: deadlocks, lost connections, plain errors, failures the activity chose', () => {
    expect(permanentFailureOf(pgError('40P01', 'deadlock detected'))).toBeUndefined();
    // A unique violation in an idempotent activity is a race with its own earlier attempt.
    expect(permanentFailureOf(new QueryFailedError('INSERT …', [], pgError('23505', 'duplicate key value violates unique constraint')))).toBeUndefined();
    expect(permanentFailureOf(pgError('57P01', 'terminating connection due to administrator command'))).toBeUndefined();
    expect(permanentFailureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(permanentFailureOf(new Error('the bank did not answer'))).toBeUndefined();
    expect(permanentFailureOf(ApplicationFailure.retryable('try later', 'Busy'))).toBeUndefined();
  });
});

describe('what a request that waited on a failed process answers', () => {
  const failedProcess = (cause: Error) =>
    new WorkflowFailedError('Workflow execution failed', new ActivityFailure('Activity task failed', 'recordStatusChange', '1', RetryState.NON_RETRYABLE_FAILURE, 'students', cause), RetryState.NON_RETRYABLE_FAILURE);

  it('the domain error its activity failed on, with its code, kind and fields', () => {
    const failure = permanentFailureOf(new DomainError('household.bad-date', 'invalid', 'The date is before the registration.', [{ field: 'effectiveDate', message: 'before the registration' }]))!;
    expect(domainErrorBehind(failedProcess(failure))).toMatchObject({ code: 'household.bad-date', kind: 'invalid', message: 'The date is before the registration.', fieldErrors: [{ field: 'effectiveDate', message: 'before the registration' }] });
  });

  it('PostgreSQL refusing the data is a 422 that keeps the database message out of the answer', () => {
    const failure = permanentFailureOf(pgError('23514', 'new row violates check constraint "households_status_check"'))!;
    const error = domainErrorBehind(failedProcess(failure));
    expect(error).toMatchObject({ code: 'process.data-refused', kind: 'unprocessable' });
    expect(error?.message).not.toContain('households_status_check');
  });

  it('nothing for a failure that could still have succeeded (retryable, or not ours)', () => {
    expect(domainErrorBehind(failedProcess(ApplicationFailure.create({ message: 'boom', nonRetryable: false })))).toBeUndefined();
    expect(domainErrorBehind(failedProcess(new Error('plain')))).toBeUndefined();
  });
});
