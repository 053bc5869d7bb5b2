import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, admit, EMPTY_THROTTLE, ThrottleState, waitAfter } from './login-throttle';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

/** Tries once at `ms`; counted attempts fail. Answers the new state and whether it was admitted. */
function attempt(state: ThrottleState, ms: number): { state: ThrottleState; admitted: boolean; retryAfterMs?: number; locked?: boolean } {
  const a = admit(state, ACCOUNT_THROTTLE, at(ms));
  return a.admitted ? { state: a.next, admitted: true } : { state, admitted: false, retryAfterMs: a.retryAfterMs, locked: a.locked };
}

describe('login throttling rules', () => {
  it('lets five failures through, then makes each further attempt wait twice as long', () => {
    expect([0, 4, 5, 6, 7, 9].map((f) => waitAfter(f, ACCOUNT_THROTTLE))).toEqual([0, 0, 1_000, 2_000, 4_000, 16_000]);
    expect(waitAfter(40, ADDRESS_THROTTLE)).toBe(ADDRESS_THROTTLE.maxDelayMs);
    let s = EMPTY_THROTTLE;
    for (let i = 0; i < 5; i++) {
      const r = attempt(s, i * 10);
      expect(r.admitted).toBe(true);
      s = r.state;
    }
    const refused = attempt(s, 50);
    expect(refused).toMatchObject({ admitted: false, locked: false, retryAfterMs: 990 });
    expect(attempt(s, 1_040).admitted).toBe(true);
  });

  it('counts forty quick guesses as only the admitted ones, and still refuses the right password at the end', () => {
    let s = EMPTY_THROTTLE;
    let admitted = 0;
    for (let i = 0; i < 40; i++) {
      const r = attempt(s, i * 75); // forty guesses in three seconds
      if (r.admitted) admitted += 1;
      s = r.state;
    }
    expect(admitted).toBeLessThanOrEqual(7);
    expect(attempt(s, 3_000).admitted).toBe(false);
  });

  it('locks at the tenth failure within the window, for an hour', () => {
    const s: ThrottleState = { failures: 9, lastFailureAt: at(0), lockedAt: null };
    const tenth = admit(s, ACCOUNT_THROTTLE, at(10 * 60_000));
    expect(tenth).toMatchObject({ admitted: true, locksNow: true });
    const locked = (tenth as { next: ThrottleState }).next;
    expect(admit(locked, ACCOUNT_THROTTLE, at(11 * 60_000))).toMatchObject({ admitted: false, locked: true, retryAfterMs: 59 * 60_000 });
    expect(admit(locked, ACCOUNT_THROTTLE, at(71 * 60_000))).toMatchObject({ admitted: true, locksNow: false, next: { failures: 1 } });
  });

  it('forgets failures older than the window', () => {
    const s: ThrottleState = { failures: 8, lastFailureAt: at(0), lockedAt: null };
    expect(admit(s, ACCOUNT_THROTTLE, at(16 * 60_000))).toMatchObject({ admitted: true, next: { failures: 1 } });
  });
});
