import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DomainError, DomainErrorKind } from '../errors/domain-error';

/**
 * How a workflow's Update refusals read as domain errors: the failure type its validator throws
 * (`ApplicationFailure.nonRetryable(message, 'WrongPhase')`) → the code and kind the API answers.
 */
export type UpdateRefusals = Readonly<Record<string, { code: string; kind: DomainErrorKind }>>;

/**
 * The domain error a failed workflow Update stands for, for a service that sends Updates on behalf
 * of an HTTP caller:
 * - refused by the workflow with a failure type named in `refusals`: that code and kind, with the
 *   workflow's message (the message names the problem: "The case is in planning, …");
 * - the workflow is gone (not found, or already completed): `gone()`, the service's own "closed";
 * - anything else (an unnamed refusal, a timeout, Temporal unreachable): undefined, so the caller
 *   rethrows the error as it is (a 500 with the request id).
 *
 * Use: `catch (error) { throw domainErrorOfUpdate(error, REFUSALS, () => new DomainError(…)) ?? error; }`
 */
export function domainErrorOfUpdate(error: unknown, refusals: UpdateRefusals, gone: () => DomainError): DomainError | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = (error.cause as { type?: string } | undefined)?.type ?? '';
    const mapped = Object.hasOwn(refusals, type) ? refusals[type] : undefined;
    if (mapped) return new DomainError(mapped.code, mapped.kind, error.cause?.message ?? type);
  }
  if (error instanceof WorkflowNotFoundError || (error as Error | undefined)?.message?.includes('already completed')) return gone();
  return undefined;
}
