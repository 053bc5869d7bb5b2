import { Logger } from '@nestjs/common';
import { Caller, RecordPlace, scopeCovers } from '@eduaid/contracts';
import { DomainError } from '../errors/domain-error';

const logger = new Logger('Access');

/**
 * Refuses (403, logged as `access.denied`) when the record lies outside the caller's jurisdiction.
 * Services call this for every read and write of a scoped record; lists filter by scope instead.
 */
export function assertInScope(caller: Caller, place: RecordPlace, what: string): void {
  if (scopeCovers(caller.scope, place)) return;
  logger.warn({ event: 'access.denied', userId: caller.userId, reason: 'jurisdiction', what, scope: caller.scope }, 'access denied');
  throw new DomainError('auth.out-of-scope', 'forbidden', `${what} lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`);
}
