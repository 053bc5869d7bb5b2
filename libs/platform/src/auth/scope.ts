import { Caller, RecordPlace, scopeCovers } from '@eduaid/contracts';
import { DomainError } from '../errors/domain-error';
import { reportDenial } from './access-events';

/**
 * Refuses (403, reported to casework's audit log as `access.denied`) when the record lies outside
 * the caller's jurisdiction. Services call this for every read and write of a scoped record; lists
 * filter by scope instead.
 */
export function assertInScope(caller: Caller, place: RecordPlace, what: string): void {
  if (scopeCovers(caller.scope, place)) return;
  const detail = `${what} lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`;
  reportDenial(caller, 'jurisdiction', detail, what);
  throw new DomainError('auth.out-of-scope', 'forbidden', detail);
}

/** A forbidden answer for any other rule (four eyes, not your task, …), audited like the others. */
export function denyAccess(caller: Caller, code: string, reason: string, detail: string, what?: string): never {
  reportDenial(caller, reason, detail, what);
  throw new DomainError(code, 'forbidden', detail);
}
