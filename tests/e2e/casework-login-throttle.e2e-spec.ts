import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import type { HttpResponse } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { DEMO_COUNTY, DEMO_PASSWORD, OTHER_COUNTY, seedUsers } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; requestId?: string; instance?: string }

/**
 * Login throttling end to end (casework over real HTTP and PostgreSQL): growing waits per user name
 * and per client address, a lockout a programme admin lifts, one answer for known and unknown names,
 * audit entries, and counters that outlive a restart.
 */
describe('login throttling', () => {
  let eduaid: EduaidHarness;
  const cw = () => eduaid.http('casework');
  const attempt = (username: string, password: string) => cw().post<Problem>('/auth/login', { username, password });
  /** What a client sees, without the parts that differ per request. */
  const seen = (r: HttpResponse<Problem>) => ({ status: r.status, body: { ...r.body, requestId: undefined } });
  const auditOf = (action: string, username: string) =>
    eduaid.db.query<{ actor: string; subject_id: string | null; after: { username: string } }>(`SELECT actor, subject_id, after FROM casework.audit_log WHERE action = $1 AND after->>'username' = $2 ORDER BY seq`, [action, username]);

  beforeAll(async () => {
    eduaid = await startEduaid('casework-throttle', [caseworkService], { workflowWorker: false });
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  // Every request comes from 127.0.0.1: each test starts with no counters, so the address's count
  // from one test does not spill into the next.
  beforeEach(async () => {
    await eduaid.db.query('DELETE FROM casework.login_throttle');
  });
  /**
   * Runs `body` while the clock casework reads (`new Date()`: it runs in this process) stands at `at`.
   * Only Date is held; timers, I/O and the database run as usual. A wait the rules start in `body` then
   * cannot run out under a busy machine's delays: what the test sees is the rules, not the machine's speed.
   */
  async function clockStandsStill<T>(at: Date, body: () => Promise<T>): Promise<T> {
    jest.useFakeTimers({
      now: at,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    try {
      return await body();
    } finally {
      jest.useRealTimers();
    }
  }

  /** When the name's last checked failure was (the server's clock). */
  const lastFailureOf = async (username: string) =>
    (await eduaid.db.query<{ at: Date }>(`SELECT last_failure_at AS at FROM casework.login_throttle WHERE key = $1`, [`account:${username}`]))[0].at;

  /**
   * Forty wrong passwords one after another while the clock stands still (so no wait runs out among
   * them), then, as time goes on, wrong ones until a sixth is checked (so a wait of 2 s is running).
   */
  async function hammer(username: string): Promise<HttpResponse<Problem>[]> {
    const answers: HttpResponse<Problem>[] = await clockStandsStill(new Date(), async () => {
      const quick: HttpResponse<Problem>[] = [];
      for (let i = 0; i < 40; i++) quick.push(await attempt(username, 'wrong-password-guess'));
      return quick;
    });
    await eventually(
      async () => {
        answers.push(await attempt(username, 'wrong-password-guess'));
        return answers.filter((a) => a.status === 401).length;
      },
      (checked) => checked >= 6,
      20_000,
    );
    return answers;
  }

  it('answers forty quick wrong passwords with five 401s and then 429 + Retry-After; the right password is refused until the wait passes; an unknown name answers the same', async () => {
    const known = await hammer('approver1.demo');
    // At the moment of the sixth checked failure: its wait (2 s) has not passed, whatever the machine's load.
    const right = await clockStandsStill(await lastFailureOf('approver1.demo'), () => attempt('approver1.demo', DEMO_PASSWORD));
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('auth.login-throttled');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(known.slice(0, 5).map((a) => [a.status, a.body.code])).toEqual(Array(5).fill([401, 'auth.login-failed']));
    const refused = known.filter((a) => a.status === 429);
    expect(known.slice(5, 40).every((a) => a.status === 429)).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(35);
    expect(refused.every((a) => a.body.code === 'auth.login-throttled' && Number(a.headers.get('retry-after')) >= 1)).toBe(true);

    // A name that does not exist goes through exactly the same answers.
    const unknown = await hammer('nobody.demo');
    const unknownRight = await clockStandsStill(await lastFailureOf('nobody.demo'), () => attempt('nobody.demo', DEMO_PASSWORD));
    expect(seen(unknown[0])).toEqual(seen(known[0]));
    expect(seen(unknown.find((a) => a.status === 429) as HttpResponse<Problem>)).toEqual(seen(refused[0]));
    expect(seen(unknownRight)).toEqual(seen(right));
    expect(unknown.slice(0, 5).map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);

    // Every checked failure is audited, for the known user and for the unknown name alike; refusals are not.
    const knownEntries = await auditOf('auth.login-failed', 'approver1.demo');
    expect(knownEntries).toHaveLength(known.filter((a) => a.status === 401).length);
    expect(knownEntries[0]).toMatchObject({ actor: 'demo-approver-1', subject_id: 'demo-approver-1' });
    const unknownEntries = await auditOf('auth.login-failed', 'nobody.demo');
    expect(unknownEntries).toHaveLength(unknown.filter((a) => a.status === 401).length);
    expect(unknownEntries[0]).toMatchObject({ actor: 'unknown-user', subject_id: null });

    // Once the wait has passed (the clock moved on by 30 s), the right password works and clears the count.
    await eduaid.db.query(`UPDATE casework.login_throttle SET last_failure_at = last_failure_at - interval '30 seconds' WHERE key = 'account:approver1.demo'`);
    expect((await attempt('approver1.demo', DEMO_PASSWORD)).status).toBe(200);
    expect(await eduaid.db.query(`SELECT 1 FROM casework.login_throttle WHERE key = 'account:approver1.demo'`)).toEqual([]);
  });

  it('checks only the five free guesses of forty sent all at once, and refuses the right password after them', async () => {
    // The server's clock stands still for the burst: however long the forty take on a busy machine, the
    // first wait (1 s) cannot run out in the middle, so exactly the five free guesses may be checked.
    const { burst, right } = await clockStandsStill(new Date(), async () => ({
      burst: await Promise.all(Array.from({ length: 40 }, () => attempt('supervisor.demo', 'wrong-password-guess'))),
      right: await attempt('supervisor.demo', DEMO_PASSWORD),
    }));
    // Each guess is counted before its password is checked, so the burst cannot slip more through.
    expect(burst.filter((a) => a.status === 401)).toHaveLength(5);
    expect(burst.filter((a) => a.status === 429)).toHaveLength(35);
    expect(burst.every((a) => [401, 429].includes(a.status))).toBe(true);
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('auth.login-throttled');
    // The server counted five checked guesses, and audited five.
    expect(await eduaid.db.query(`SELECT failures FROM casework.login_throttle WHERE key = 'account:supervisor.demo'`)).toEqual([{ failures: 5 }]);
    expect(await auditOf('auth.login-failed', 'supervisor.demo')).toHaveLength(5);
  });

  it('locks a name at the tenth failure in the window; the lock survives a restart; only an admin whose scope holds the user lifts it', async () => {
    // Nine failures ten minutes ago (their waits are over, the 15-minute window is not), for a real and an unknown name.
    for (const name of ['caseworker1.demo', 'ghost.demo']) {
      await eduaid.db.query(`INSERT INTO casework.login_throttle (key, failures, last_failure_at) VALUES ($1, 9, now() - interval '10 minutes')`, [`account:${name}`]);
    }
    const tenth = await attempt('caseworker1.demo', 'wrong-password-guess');
    expect(tenth.status).toBe(401);
    const locked = await attempt('caseworker1.demo', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('auth.login-locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(seen(await attempt('ghost.demo', 'wrong-password-guess'))).toEqual(seen(tenth));
    expect(seen(await attempt('ghost.demo', DEMO_PASSWORD))).toEqual(seen(locked));
    expect(await auditOf('auth.login-locked', 'caseworker1.demo')).toEqual([expect.objectContaining({ actor: 'demo-caseworker-1' })]);
    expect(await auditOf('auth.login-locked', 'ghost.demo')).toEqual([expect.objectContaining({ actor: 'unknown-user' })]);

    // The counters live in PostgreSQL: a restarted casework (or another replica) still refuses.
    await eduaid.restart('casework', {});
    expect((await attempt('caseworker1.demo', DEMO_PASSWORD)).body.code).toBe('auth.login-locked');

    const elsewhere = await eduaid.authAs({ userId: 'admin-elsewhere', roles: ['programme-admin'], scope: { level: 'county', code: OTHER_COUNTY } });
    const denied = await cw().request<Problem>('DELETE', '/users/demo-caseworker-1/lockout', undefined, elsewhere);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('auth.out-of-scope');
    const caseworker = await eduaid.authAs({ userId: 'cw-x', roles: ['caseworker'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await cw().request<Problem>('DELETE', '/users/demo-caseworker-1/lockout', undefined, caseworker)).body.code).toBe('auth.role-denied');
    expect((await attempt('caseworker1.demo', DEMO_PASSWORD)).status).toBe(429);

    const countyAdmin = await eduaid.authAs({ userId: 'admin-here', roles: ['programme-admin'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await cw().request<Problem>('DELETE', '/users/no-such-user/lockout', undefined, countyAdmin)).status).toBe(404);
    const lifted = await cw().request<{ wasLocked: boolean; failuresCleared: number }>('DELETE', '/users/demo-caseworker-1/lockout', undefined, countyAdmin);
    expect(lifted.status).toBe(200);
    expect(lifted.body).toEqual({ userId: 'demo-caseworker-1', wasLocked: true, failuresCleared: 10 });
    expect((await attempt('caseworker1.demo', DEMO_PASSWORD)).status).toBe(200);
    const [release] = await eduaid.db.query<{ actor: string; subject_id: string; division_code: string }>(`SELECT actor, subject_id, division_code FROM casework.audit_log WHERE action = 'auth.lockout-released'`);
    expect(release).toEqual({ actor: 'admin-here', subject_id: 'demo-caseworker-1', division_code: DEMO_COUNTY });
  });

  it('throttles one client address spraying many names, known names included', async () => {
    // The clock stands still, so the address's first wait (1 s) cannot run out among the attempts.
    const { answers, right } = await clockStandsStill(new Date(), async () => {
      const sent: HttpResponse<Problem>[] = [];
      for (let i = 0; i < 24; i++) sent.push(await attempt(`spray-${i}.demo`, 'wrong-password-guess'));
      // From this address even a right password waits now.
      return { answers: sent, right: await attempt('approver2.demo', DEMO_PASSWORD) };
    });
    expect(answers.slice(0, 20).every((a) => a.status === 401)).toBe(true);
    expect(answers.slice(20).map((a) => [a.status, a.body.code])).toEqual(Array(4).fill([429, 'auth.login-throttled']));
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  /** Attempts that claim, through X-Forwarded-For, to come from `client`. */
  const attemptVia = (client: string, username: string, password: string) =>
    cw().post<Problem>('/auth/login', { username, password }, { 'x-forwarded-for': client });

  it('does not believe X-Forwarded-For from an untrusted peer: forging a new address per attempt gains no guesses', async () => {
    const answers = await clockStandsStill(new Date(), async () => {
      const sent: HttpResponse<Problem>[] = [];
      for (let i = 0; i < 22; i++) sent.push(await attemptVia(`198.51.100.${i + 1}`, `forger-${i}.demo`, 'wrong-password-guess'));
      return sent;
    });
    expect(answers.slice(20).map((a) => a.status)).toEqual([429, 429]);
  });

  // Last in this file: it restarts casework behind a "proxy" (the test itself, on 127.0.0.1).
  it('behind a trusted proxy (EDUAID_TRUSTED_PROXIES), counts each forwarded client on its own', async () => {
    await eduaid.restart('casework', { EDUAID_TRUSTED_PROXIES: '127.0.0.1, ::1' });
    const sprayer = '203.0.113.7';
    const { answers, neighbour } = await clockStandsStill(new Date(), async () => {
      const sent: HttpResponse<Problem>[] = [];
      for (let i = 0; i < 22; i++) sent.push(await attemptVia(sprayer, `spray-behind-${i}.demo`, 'wrong-password-guess'));
      // Another client behind the same proxy is not held up by the sprayer.
      return { answers: sent, neighbour: await attemptVia('203.0.113.8', 'approver2.demo', DEMO_PASSWORD) };
    });
    expect(answers.slice(20).map((a) => [a.status, a.body.code])).toEqual(Array(2).fill([429, 'auth.login-throttled']));
    expect(neighbour.status).toBe(200);
    const rows = await eduaid.db.query<{ key: string }>(`SELECT key FROM casework.login_throttle WHERE key LIKE '%203.0.113.7%'`);
    expect(rows.length).toBe(1);
  });
});
