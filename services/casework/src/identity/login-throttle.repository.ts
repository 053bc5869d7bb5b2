import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Raw, Repository } from 'typeorm';
import { LoginThrottleEntity } from './login-throttle.entity';
import { admit, Admission, ThrottlePolicy, ThrottleState } from './login-throttle';

export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export type LoginAdmission =
  | { admitted: true; locksNow: string[] }
  | { admitted: false; locked: boolean; retryAfterMs: number };

/** Carries a refusal out of the transaction, so that the transaction rolls back. */
class Refused extends Error {
  constructor(readonly refusal: Extract<LoginAdmission, { admitted: false }>) {
    super('login attempt refused by the throttle');
  }
}

const stateOf = (row: LoginThrottleEntity): ThrottleState => ({ failures: row.failures, lastFailureAt: row.lastFailureAt, lockedAt: row.lockedAt });

const counters = (m: EntityManager): Repository<LoginThrottleEntity> => m.getRepository(LoginThrottleEntity);

// Counters untouched this long are forgotten (longer than any window or lockout).
const STALE_AFTER = '1 day';

/**
 * The login counters (casework.login_throttle): one row per account name and per client address.
 * Stored in PostgreSQL, so a restart forgets nothing and every casework replica counts the same.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Admits an attempt against every key at once, or none: each row is locked (FOR UPDATE, in key
   * order, in a short transaction that ends before the password is checked), judged by `admit`, and
   * counted only when every key admits it. Parallel attempts on one account queue on its row, so a
   * burst cannot pass more guesses than the rules allow.
   */
  async admit(keys: ThrottleKey[], now: Date): Promise<LoginAdmission> {
    const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : 1));
    try {
      return await this.dataSource.transaction(async (m) => {
        const judged: { key: string; admission: Admission }[] = [];
        for (const { key, policy } of ordered) {
          await counters(m).createQueryBuilder().insert().values({ key }).orIgnore().execute();
          const row = await counters(m).findOneOrFail({ where: { key }, lock: { mode: 'pessimistic_write' } });
          judged.push({ key, admission: admit(stateOf(row), policy, now) });
        }
        const refused = judged.map((j) => j.admission).filter((a): a is Extract<Admission, { admitted: false }> => !a.admitted);
        // Rolled back: a refused attempt changes nothing (nor leaves rows behind for made-up names).
        if (refused.length > 0) throw new Refused({ admitted: false, locked: refused.some((r) => r.locked), retryAfterMs: Math.max(...refused.map((r) => r.retryAfterMs)) });
        for (const { key, admission } of judged) await this.write(key, (admission as Extract<Admission, { admitted: true }>).next, m);
        await counters(m).delete({ updatedAt: Raw((at) => `${at} < now() - interval '${STALE_AFTER}'`) });
        return { admitted: true, locksNow: judged.filter((j) => j.admission.admitted && j.admission.locksNow).map((j) => j.key) } as LoginAdmission;
      });
    } catch (error) {
      if (error instanceof Refused) return error.refusal;
      throw error;
    }
  }

  private async write(key: string, state: ThrottleState, m: EntityManager): Promise<void> {
    await counters(m).update({ key }, { failures: state.failures, lastFailureAt: state.lastFailureAt, lockedAt: state.lockedAt, updatedAt: () => 'now()' });
  }

  /** A successful login: the account starts again from zero, the address only takes back this attempt. */
  async succeeded(accountKey: string, addressKey: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await counters(m).delete({ key: accountKey });
      await counters(m).update({ key: addressKey }, { failures: () => 'GREATEST(failures - 1, 0)', updatedAt: () => 'now()' });
    });
  }

  /** Clears an account's counter and lockout; answers what it held (undefined when nothing). */
  async release(accountKey: string, manager: EntityManager): Promise<ThrottleState | undefined> {
    // Read under a row lock, then deleted, in the caller's transaction: what it answers is what was deleted.
    const row = await counters(manager).findOne({ where: { key: accountKey }, lock: { mode: 'pessimistic_write' } });
    if (!row) return undefined;
    await counters(manager).delete({ key: accountKey });
    return stateOf(row);
  }
}
