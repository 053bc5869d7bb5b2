import { Caller, CallerScope, isProvinceWide, RecordPlace, scopeCovers, scopeFormProblem, scopeWithin } from '@eduaid/contracts';
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

/** The problem code of a province-wide job or read refused to a narrower caller. */
export const PROVINCE_WIDE_DENIED = 'auth.province-wide-only';

/**
 * Refuses (403 `auth.province-wide-only`, audited) unless the caller's scope really is the whole
 * province: level province with a province's 2-digit code (see isProvinceWide). For jobs and reads
 * that span the province (key rotation, the synthetic province, verifying the audit chain). Routes
 * say it with @ProvinceWide(); services call this where the rule depends on the request.
 */
export function assertProvinceWide(caller: Caller, what: string): void {
  if (isProvinceWide(caller.scope)) return;
  const detail = `${what} spans the whole province; only a province-wide scope may do it (yours: ${caller.scope.level} ${caller.scope.code}).`;
  reportDenial(caller, 'jurisdiction', detail, what);
  throw new DomainError(PROVINCE_WIDE_DENIED, 'forbidden', detail);
}

/**
 * Refuses a scope the caller asks to give someone (a new user's): 400 with a field error when its
 * level does not match its code's form, 403 (audited) when it is wider than the caller's own scope or
 * outside it. `fields` names the request's level and code fields.
 */
export function assertGrantable(caller: Caller, scope: CallerScope, what: string, fields = { level: 'scopeLevel', code: 'scopeCode' }): void {
  const problem = scopeFormProblem(scope);
  if (problem) {
    throw new DomainError('scope.ill-formed', 'invalid', `The scope of ${what} is not well formed: ${problem}.`, [{ field: fields.code, message: `${problem} (the level is ${fields.level})` }]);
  }
  if (scopeWithin(scope, caller.scope)) return;
  const detail = `${what} at ${scope.level} ${scope.code} would be wider than, or outside, your own jurisdiction (${caller.scope.level} ${caller.scope.code}).`;
  reportDenial(caller, 'jurisdiction', detail, what);
  throw new DomainError('auth.out-of-scope', 'forbidden', detail);
}

/** A forbidden answer for any other rule (four eyes, not your task, …), audited like the others. */
export function denyAccess(caller: Caller, code: string, reason: string, detail: string, what?: string): never {
  reportDenial(caller, reason, detail, what);
  throw new DomainError(code, 'forbidden', detail);
}
