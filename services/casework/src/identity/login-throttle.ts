/**
 * Login throttling, as pure rules over a stored counter (casework.login_throttle). Two counters
 * answer every login: the account's (by the user name asked for, whether or not it exists, so an
 * unknown name is throttled exactly like a real one) and the client address's (password spraying
 * over many names). An attempt is counted before its password is checked, so a burst of parallel
 * guesses cannot all slip through while the first is still being verified; a success clears the
 * account's counter (not the address's: one good account must not reset a sprayer's count).
 */
export interface ThrottleState {
  /** Failed (or still running) attempts since the counter was last cleared. */
  failures: number;
  lastFailureAt: Date | null;
  lockedAt: Date | null;
}

export interface ThrottlePolicy {
  /** Failures allowed without any wait. */
  freeFailures: number;
  /** After the free ones, each further attempt waits baseDelayMs · 2^(failures − freeFailures) from the last failure … */
  baseDelayMs: number;
  /** … but never longer than this. */
  maxDelayMs: number;
  /** A counter whose last failure is older than this starts again from zero. */
  windowMs: number;
  /** At this many failures within the window the key is locked … */
  lockoutAfter?: number;
  /** … until a programme admin lifts it or this long has passed. */
  lockoutMs?: number;
}

const MINUTE = 60_000;

/** Per account: five free tries, then 1 s, 2 s, 4 s, 8 s, 16 s waits; the tenth failure in 15 minutes locks it for an hour. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE, windowMs: 15 * MINUTE, lockoutAfter: 10, lockoutMs: 60 * MINUTE };

/** Per client address: twenty free failures (an office behind one address), then growing waits up to 5 minutes; no lockout. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 5 * MINUTE, windowMs: 15 * MINUTE };

export type Admission =
  | { admitted: true; next: ThrottleState; locksNow: boolean }
  | { admitted: false; locked: boolean; retryAfterMs: number };

export const EMPTY_THROTTLE: ThrottleState = { failures: 0, lastFailureAt: null, lockedAt: null };

/** The wait after `failures` failures (0 while they are free). */
export function waitAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(failures - policy.freeFailures, 30), policy.maxDelayMs);
}

/**
 * Whether an attempt may be checked now and, if so, the counter with this attempt counted as a
 * failure (cleared again if it succeeds). A locked key is refused until the lockout ends; a key that
 * must wait is refused until its wait has passed. Refused attempts are not counted: they cost nothing
 * and checking them would leak whether the password was right.
 */
export function admit(state: ThrottleState, policy: ThrottlePolicy, now: Date): Admission {
  const t = now.getTime();
  let current = state;
  if (current.lockedAt && policy.lockoutMs !== undefined) {
    const until = current.lockedAt.getTime() + policy.lockoutMs;
    if (t < until) return { admitted: false, locked: true, retryAfterMs: until - t };
    current = EMPTY_THROTTLE;
  }
  if (current.lastFailureAt && t - current.lastFailureAt.getTime() > policy.windowMs) current = EMPTY_THROTTLE;
  if (current.lastFailureAt) {
    const until = current.lastFailureAt.getTime() + waitAfter(current.failures, policy);
    if (t < until) return { admitted: false, locked: false, retryAfterMs: until - t };
  }
  const failures = current.failures + 1;
  const locksNow = policy.lockoutAfter !== undefined && failures >= policy.lockoutAfter;
  return { admitted: true, locksNow, next: { failures, lastFailureAt: now, lockedAt: locksNow ? now : null } };
}
