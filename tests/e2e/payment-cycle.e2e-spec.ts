import { EduaidHarness, eventually } from '@eduaid/testing';
import { BankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { PaymentsRepository } from '../../services/students/src/payments/payments.repository';
import { DEMO_COUNTY, OTHER_COUNTY } from './casework-fixtures';
import { bankRecord, cycleStudents, paymentCycleSuite } from './payment-cycle-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }
interface County { countyCode: string; state: string; due: number; dueFen: number; planned: number; sending: number; sent: number; paid: number; paidFen: number; failed: number; batches: number; rounds: number }
interface Cycle { term: string; workflowId: string; state: string; totals: Omit<County, 'countyCode' | 'state' | 'rounds'>; ratePerSecond: number; secondsLeft?: number; counties: County[] }
interface Report {
  term: string;
  state: string;
  summary: { payments: number; amountFen: number; paid: number; paidFen: number; failed: number; failedFen: number; unpaid: number; unpaidFen: number };
  totals: { countyCode: string; stage?: string; scheme: string; fund?: string; status: string; payments: number; amountFen: number }[];
  failures: { ledgerId: string; idempotencyKey: string; countyCode: string; code: string }[];
}
type LedgerRow = { id: string; idempotency_key: string; status: string; amount_fen: string; bank_reference: string | null; failure_code: string | null; cycle_county_code: string | null; paid_by: string; student_id: string };

const PROVINCE = { level: 'province' as const, code: '42' };
const SCHEME = 'junior-secondary-boarding-living-allowance';
const OTHER_SCHEME = 'special-hardship-relief';
const accountOf = (n: number) => `62170000${String(100000 + n).padStart(11, '0')}`;

/**
 * Semester cycles end to end (real HTTP, PostgreSQL, Temporal, casework and the bank sandbox with
 * its faults on): a cycle pays every planned payment of its term left to cycles, each exactly once,
 * in bank batches per county; the bank's record equals the ledger line by line; a closed account
 * is a failed payment with a casework task; pause, resume and cancel work between batches.
 */
describe('semester payment cycles', () => {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  const st = () => eduaid.http('students');
  const admin = () => eduaid.authAs({ userId: 'cycle-admin', roles: ['programme-admin'], scope: PROVINCE });

  const suite = paymentCycleSuite('payment-cycle');
  beforeAll(() => {
    eduaid = suite.eduaid();
    bank = suite.bank();
  });

  /** `count` students in a county (one household), each with a bank account unless told otherwise; answers their ids in order. */
  const students = (countyCode: string, count: number, tag: string, options: { withoutAccount?: number[]; accountBase?: number } = {}) =>
    cycleStudents(eduaid, {
      countyCode, count, seed: `${tag}-${countyCode}`, household: `HH-${tag}-${countyCode}`, year: '2031-2032', stages: 'mixed',
      account: (i) => accountOf((options.accountBase ?? 0) + i), withoutAccount: options.withoutAccount, by: 'cycle-test',
    });

  /** Plans ledger rows straight into the ledger (as approval would), paid by the cycle unless told otherwise. */
  async function plan(studentIds: string[], term: string, scheme: string, amountFen: (i: number) => number, paidBy: 'cycle' | 'application' = 'cycle', status = 'planned') {
    const year = term.slice(0, 9);
    await eduaid.db.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by, status)
       SELECT 'aid-application:' || s || ':' || $2::text || ':' || $3::text || ':' || $4::text, 'aid-application:' || s || ':' || $2::text, s, $2::text, $4::text, $3::text,
              CASE WHEN $3::text = '${SCHEME}' THEN 'JS-BOARD-1250' ELSE 'SPECIAL-HARDSHIP' END, 'hubei-2026.1', a, '2031-09-01', $5::text, $6::text
         FROM unnest($1::uuid[], $7::bigint[]) AS u(s, a)`,
      [studentIds, year, scheme, term, paidBy, status, studentIds.map((_s, i) => amountFen(i))],
    );
  }

  const ledger = (term: string) => eduaid.db.query<LedgerRow>(`SELECT id::text, idempotency_key, status, amount_fen::text, bank_reference, failure_code, cycle_county_code, paid_by, student_id, attempts, updated_at, planned_at FROM students.aid_payments WHERE semester = $1 ORDER BY id`, [term]);
  const show = async (term: string, headers?: Record<string, string>) => st().get<Cycle>(`/payment-cycles/${encodeURIComponent(term)}`, headers ?? (await admin()));
  /** Polls the cycle's progress (a cycle whose row is not written yet reads as 'not-started'). */
  const until = (term: string, done: (c: Cycle) => boolean, timeoutMs = 150_000) =>
    eventually(async () => {
      const res = await show(term);
      return res.status === 200 ? res.body : ({ state: 'not-started', counties: [], totals: { paid: 0 } } as unknown as Cycle);
    }, done, timeoutMs);
  const bankLedger = () => bankRecord(bank);

  it('pays every due payment of the term exactly once through faulty bank batches; the bank equals the ledger; a closed account is failed with a task; the report adds up', async () => {
    const TERM = '2031-2032:S1';
    const demo = await students(DEMO_COUNTY, 180, 'a', { withoutAccount: [7] });
    const other = await students(OTHER_COUNTY, 140, 'a', { accountBase: 1000 });
    await plan(demo, TERM, SCHEME, (i) => 62_500 + i);
    await plan(other, TERM, SCHEME, (i) => 62_500 + i);
    await plan(other.slice(0, 40), TERM, OTHER_SCHEME, () => 50_000);
    // Not the cycle's: the next semester, rows an application pays itself, a cancelled row.
    await plan(demo.slice(0, 20), '2031-2032:S2', SCHEME, () => 62_500);
    await plan(demo.slice(0, 10), TERM, OTHER_SCHEME, () => 40_000, 'application');
    await plan(demo.slice(10, 12), TERM, OTHER_SCHEME, () => 40_000, 'cycle', 'cancelled');
    const closed = other[5];
    bank.faults.closedAccounts = [accountOf(1000 + 5)];
    Object.assign(bank.faults, { lineFailureRate: 0.02, unansweredBatchRate: 0.25, errorRate: 0.05, lostAnswerRate: 0.05, batchDelayMs: 50 });

    // Misuse first: a bad term is 400, a county-scoped admin may not start, a caseworker may not read.
    const bad = await st().post<Problem>('/payment-cycles', { term: '2031-2033:S1' }, await admin());
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'payment-cycle.bad-term', errors: [{ field: 'term' }] });
    expect((await st().post<Problem>('/payment-cycles', { term: '2031-2032:S3' }, await admin())).status).toBe(400);
    const countyAdmin = await eduaid.authAs({ userId: 'county-admin', roles: ['programme-admin'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await st().post<Problem>('/payment-cycles', { term: TERM }, countyAdmin)).body.code).toBe('auth.province-wide-only');
    expect((await st().get<Problem>(`/payment-cycles/${TERM}`, await admin())).status).toBe(404);

    const started = await st().post<{ workflowId: string; state: string }>('/payment-cycles', { term: TERM, chunkSize: 40, concurrency: 2, maxRounds: 12 }, await admin());
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(`payment-cycle:${TERM}`);
    const again = await st().post<Problem>('/payment-cycles', { term: TERM }, await admin());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payment-cycle.already-running');
    const caseworker = await eduaid.authAs({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await st().get<Problem>(`/payment-cycles/${TERM}`, caseworker)).status).toBe(403);

    const done = await until(TERM, (c) => c.state === 'completed');
    bank.faults.closedAccounts = [];
    Object.assign(bank.faults, { lineFailureRate: 0, unansweredBatchRate: 0, errorRate: 0, lostAnswerRate: 0, batchDelayMs: 0 });

    // The ledger: every row of the cycle settled, paid or failed; the others untouched.
    const rows = await ledger(TERM);
    const cycleRows = rows.filter((r) => r.paid_by === 'cycle' && r.status !== 'cancelled');
    expect(cycleRows).toHaveLength(180 + 140 + 40);
    expect(cycleRows.filter((r) => !['paid', 'failed'].includes(r.status))).toEqual([]);
    expect(rows.filter((r) => r.paid_by === 'application').every((r) => r.status === 'planned' && r.cycle_county_code === null)).toBe(true);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(2);
    expect((await ledger('2031-2032:S2')).every((r) => r.status === 'planned' && r.cycle_county_code === null)).toBe(true);
    // A later term's runs pay what is due by then, earlier semesters included: these rows are not the later tests' business.
    await eduaid.db.query(`UPDATE students.aid_payments SET status = 'cancelled', cancel_reason = 'test: out of the way' WHERE semester = '2031-2032:S2'`);

    // The bank's record equals the ledger line by line: each paid row paid once, under its reference; each failure with its code.
    const atBank = await bankLedger();
    const bankKeys = new Set(atBank.keys());
    for (const row of cycleRows) {
      const line = atBank.get(row.idempotency_key);
      if (row.failure_code === 'no-bank-account') { expect(line).toBeUndefined(); continue; }
      expect({ key: row.idempotency_key, status: line?.status, amountFen: line?.amountFen, timesPaid: line?.timesPaid, ref: line?.paymentId ?? line?.code })
        .toEqual({ key: row.idempotency_key, status: row.status, amountFen: Number(row.amount_fen), timesPaid: row.status === 'paid' ? 1 : 0, ref: row.status === 'paid' ? row.bank_reference : row.failure_code });
      bankKeys.delete(row.idempotency_key);
    }
    expect([...bankKeys]).toEqual([]); // nothing at the bank the ledger does not have

    // The closed account and the missing one: failed with their codes, each with a task to fix the bank details.
    const closedRow = cycleRows.find((r) => r.student_id === closed) as LedgerRow;
    expect(closedRow).toMatchObject({ status: 'failed', failure_code: 'account-closed' });
    const noAccount = cycleRows.find((r) => r.student_id === demo[7]) as LedgerRow;
    expect(noAccount).toMatchObject({ status: 'failed', failure_code: 'no-bank-account' });
    // Each failure's repair workflow (payment-repair:<ledger id>) makes its task.
    const failedRows = cycleRows.filter((r) => r.status === 'failed');
    const tasks = await eventually(
      () => eduaid.db.query<{ workflow_id: string; step: string; kind: string; status: string; division_code: string }>(`SELECT workflow_id, step, kind, status, division_code FROM casework.tasks WHERE kind = 'aid-bank-details'`),
      (t) => t.length >= failedRows.length,
    );
    expect(tasks.map((t) => t.workflow_id).sort()).toEqual(failedRows.map((r) => `payment-repair:${r.id}`).sort());
    expect(tasks.find((t) => t.workflow_id === `payment-repair:${closedRow.id}`)).toMatchObject({ step: 'bank-details', status: 'open', division_code: `${OTHER_COUNTY}001001` });

    // Progress: both counties done, counts as the ledger has them.
    const paid = cycleRows.filter((r) => r.status === 'paid');
    expect(done.counties.map((c) => [c.countyCode, c.state])).toEqual([[DEMO_COUNTY, 'done'], [OTHER_COUNTY, 'done']]);
    expect(done.totals).toMatchObject({ due: 360, paid: paid.length, failed: failedRows.length, planned: 0, sending: 0, paidFen: paid.reduce((a, r) => a + Number(r.amount_fen), 0) });
    expect(done.ratePerSecond).toBeGreaterThan(0);
    // A county supervisor sees their county only.
    const supervisor = await eduaid.authAs({ userId: 'demo-supervisor', roles: ['supervisor'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await show(TERM, supervisor)).body.counties.map((c) => c.countyCode)).toEqual([DEMO_COUNTY]);

    // The report: totals by county, stage, scheme and fund add up to the ledger; the failures listed.
    const report = await st().get<Report>(`/payment-cycles/${TERM}/report`, await eduaid.authAs({ userId: 'auditor', roles: ['auditor'], scope: PROVINCE }));
    expect(report.status).toBe(200);
    expect(report.body.summary).toEqual({
      payments: 360, amountFen: cycleRows.reduce((a, r) => a + Number(r.amount_fen), 0),
      paid: paid.length, paidFen: done.totals.paidFen, failed: failedRows.length, failedFen: failedRows.reduce((a, r) => a + Number(r.amount_fen), 0), returned: 0, returnedFen: 0, unpaid: 0, unpaidFen: 0,
    });
    const sumOf = (f: (t: Report['totals'][number]) => boolean) => report.body.totals.filter(f).reduce((a, t) => a + t.payments, 0);
    expect(sumOf((t) => t.countyCode === OTHER_COUNTY && t.scheme === OTHER_SCHEME)).toBe(40);
    expect(sumOf((t) => t.countyCode === DEMO_COUNTY && t.stage === 'primary')).toBe(60);
    expect(report.body.totals.find((t) => t.scheme === OTHER_SCHEME)?.fund).toBe('local-relief');
    expect(report.body.totals.find((t) => t.scheme === SCHEME)?.fund).toBe('national');
    expect(report.body.failures.map((f) => f.ledgerId).sort()).toEqual(failedRows.map((r) => r.id).sort());
    const csv = await st().get<string>(`/payment-cycles/${TERM}/report?format=csv`, await admin());
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('countyCode,stage,scheme,fund,status,payments,amountFen');
    expect(csv.body).toContain(`${closedRow.idempotency_key}`);
    expect(csv.body).toContain('account-closed');

    // Ended: no cancel. A new start is the term's next run: with the failures still waiting for their fixes, it has nothing due.
    const cancel = await st().post<Problem>(`/payment-cycles/${TERM}/cancel`, {}, await admin());
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('payment-cycle.finished');
    const next = await st().post<{ workflowId: string; run: number }>('/payment-cycles', { term: TERM }, await admin());
    expect(next.status).toBe(202);
    expect(next.body).toMatchObject({ workflowId: `payment-cycle:${TERM}:run-2`, run: 2 });
    const second = await until(TERM, (c) => c.state === 'completed' && (c as Cycle & { run: number }).run === 2);
    expect(second.totals).toMatchObject({ due: 0, paid: 0 });
    const runs = await st().get<{ runs: { run: number; state: string; totals: { paid: number } }[] }>(`/payment-cycles/${TERM}/runs`, await admin());
    expect(runs.body.runs.map((r) => [r.run, r.state, r.totals.paid])).toEqual([[1, 'completed', paid.length], [2, 'completed', 0]]);
    expect((await ledger(TERM)).filter((r) => r.paid_by === 'cycle' && r.status === 'paid')).toHaveLength(paid.length);
  });

  it('pauses between batches, resumes and completes; every payment paid once', async () => {
    const TERM = '2032-2033:S1';
    const ids = await students(DEMO_COUNTY, 200, 'p', { accountBase: 5000 });
    await plan(ids, TERM, SCHEME, () => 62_500);
    bank.faults.batchDelayMs = 300;
    const started = await st().post('/payment-cycles', { term: TERM, chunkSize: 20, concurrency: 1 }, await admin());
    expect(started.status).toBe(202);
    await until(TERM, (c) => c.totals.paid > 0, 60_000);
    const paused = await st().post<{ state: string }>(`/payment-cycles/${TERM}/pause`, {}, await admin());
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe('paused');
    expect((await st().post<Problem>(`/payment-cycles/${TERM}/pause`, {}, await admin())).status).toBe(409);
    // The batch at the bank when the pause came finishes; then nothing moves.
    await new Promise((r) => setTimeout(r, 1500));
    const still = (await show(TERM)).body;
    await new Promise((r) => setTimeout(r, 1500));
    const later = (await show(TERM)).body;
    expect(later.state).toBe('paused');
    expect(later.totals.paid).toBe(still.totals.paid);
    expect(later.totals.paid).toBeLessThan(200);
    // The progress each batch added to its county (no recount per batch) is what the ledger says.
    const now = await ledger(TERM);
    const inState = (status: string) => now.filter((r) => r.status === status);
    expect(later.totals).toMatchObject({
      due: 200, planned: inState('planned').length, sending: inState('sending').length, paid: inState('paid').length,
      paidFen: inState('paid').reduce((a, r) => a + Number(r.amount_fen), 0), failed: 0,
    });

    const resumed = await st().post<{ state: string }>(`/payment-cycles/${TERM}/resume`, {}, await admin());
    expect(resumed.body.state).toBe('running');
    const done = await until(TERM, (c) => c.state === 'completed', 120_000);
    bank.faults.batchDelayMs = 0;
    expect(done.totals).toMatchObject({ due: 200, paid: 200, failed: 0 });
    const atBank = await bankLedger();
    for (const row of await ledger(TERM)) expect({ status: row.status, timesPaid: atBank.get(row.idempotency_key)?.timesPaid }).toEqual({ status: 'paid', timesPaid: 1 });
  });

  it('cancels at a batch boundary: what was sent is settled, the rest stays planned; cancelling again is 409', async () => {
    const TERM = '2033-2034:S1';
    const ids = await students(OTHER_COUNTY, 150, 'c', { accountBase: 8000 });
    await plan(ids, TERM, SCHEME, () => 62_500);
    bank.faults.batchDelayMs = 300;
    await st().post('/payment-cycles', { term: TERM, chunkSize: 10, concurrency: 1 }, await admin());
    await until(TERM, (c) => c.totals.paid > 0, 60_000);
    const cancelled = await st().post<{ state: string }>(`/payment-cycles/${TERM}/cancel`, {}, await admin());
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelling');
    const done = await until(TERM, (c) => c.state === 'cancelled', 60_000);
    bank.faults.batchDelayMs = 0;
    expect(done.totals.paid).toBeLessThan(150);
    expect(done.totals.sending).toBe(0);
    expect(done.totals.planned).toBe(150 - done.totals.paid);
    const rows = await ledger(TERM);
    expect(rows.filter((r) => r.status === 'planned')).toHaveLength(150 - done.totals.paid);
    const again = await st().post<Problem>(`/payment-cycles/${TERM}/cancel`, {}, await admin());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payment-cycle.finished');
    const report = await st().get<Report>(`/payment-cycles/${TERM}/report`, await admin());
    expect(report.body).toMatchObject({ state: 'cancelled', summary: { payments: 150, paid: done.totals.paid, unpaid: 150 - done.totals.paid } });
  });

  it('pays rows an application hands over to the cycles, and only those of its own rows', async () => {
    const TERM = '2035-2036:S1';
    const ids = await students(DEMO_COUNTY, 3, 'h', { accountBase: 9000 });
    await plan(ids, TERM, SCHEME, () => 62_500, 'application');
    const handed = await eduaid.app('students').get(PaymentsRepository, { strict: false }).handToCycles(`aid-application:${ids[0]}:2035-2036`);
    expect(handed).toBe(1);
    expect((await st().post('/payment-cycles', { term: TERM }, await admin())).status).toBe(202);
    await until(TERM, (c) => c.state === 'completed', 60_000);
    const rows = await ledger(TERM);
    expect(rows.map((r) => [r.student_id, r.paid_by, r.status])).toEqual([[ids[0], 'cycle', 'paid'], [ids[1], 'application', 'planned'], [ids[2], 'application', 'planned']]);
    expect((await bankLedger()).get(rows[0].idempotency_key)).toMatchObject({ status: 'paid', timesPaid: 1, paymentId: rows[0].bank_reference });
  });

  it('claims each due row once however often the claim is retried, and never marks for sending a row a change cancelled after its chunk was read', async () => {
    const TERM = '2036-2037:S1';
    const ids = await students(OTHER_COUNTY, 4, 'x', { accountBase: 9100 });
    await plan(ids, TERM, SCHEME, () => 62_500);
    const repo = eduaid.app('students').get(PaymentsRepository, { strict: false });
    expect(await repo.claimForCycle(TERM, '0', 1000)).toMatchObject({ claimed: 4 });
    // A claim retried from the start (its heartbeat lost) claims nothing again, and lists nothing twice.
    expect(await repo.claimForCycle(TERM, '0', 1000)).toMatchObject({ claimed: 0 });
    expect(await repo.cycleCounties(TERM)).toEqual([{ county_code: OTHER_COUNTY, due: 4, due_fen: '250000' }]);
    const chunk = await repo.cycleChunk(TERM, OTHER_COUNTY, '0', 10);
    expect(chunk.map((r) => r.student_id)).toEqual(ids);
    // A reported change cancels one application's planned row between the chunk's read and its marking.
    expect(await repo.cancel(chunk[1].workflow_id, undefined, 'dropped out')).toBe(1);
    const marked = await repo.markSendingMany(TERM, chunk.map((r) => r.id));
    expect([...marked].sort()).toEqual([chunk[0].id, chunk[2].id, chunk[3].id].sort());
    expect(await repo.cycleCounts(TERM, OTHER_COUNTY)).toMatchObject({ due: 4, planned: 0, sending: 3, cancelled: 1 });
    // Paid by id, once: marking the same lines again (a retried attempt) changes nothing.
    expect(await repo.markPaidByIds(TERM, [...marked].map((id) => ({ id, reference: `REF-${id}` })))).toEqual({ n: 3, fen: 3 * 62_500 });
    expect(await repo.markPaidByIds(TERM, [...marked].map((id) => ({ id, reference: `AGAIN-${id}` })))).toEqual({ n: 0, fen: 0 });
    const rows = await ledger(TERM);
    expect(rows.map((r) => [r.status, r.cycle_county_code])).toEqual([['paid', OTHER_COUNTY], ['cancelled', OTHER_COUNTY], ['paid', OTHER_COUNTY], ['paid', OTHER_COUNTY]]);
    expect(rows.filter((r) => r.status === 'paid').every((r) => r.bank_reference === `REF-${r.id}`)).toBe(true);
  });

  it('a term with nothing due completes with an empty report', async () => {
    const TERM = '2034-2035:S2';
    expect((await st().post('/payment-cycles', { term: TERM }, await admin())).status).toBe(202);
    const done = await until(TERM, (c) => c.state === 'completed', 60_000);
    expect(done.counties).toEqual([]);
    expect(done.totals.due).toBe(0);
    const report = await st().get<Report>(`/payment-cycles/${TERM}/report`, await admin());
    expect(report.body).toMatchObject({ state: 'completed', summary: { payments: 0, amountFen: 0, paid: 0, failed: 0, unpaid: 0 }, totals: [], failures: [] });
    const csv = await st().get<string>(`/payment-cycles/${TERM}/report?format=csv`, await admin());
    expect(csv.body).toBe('countyCode,stage,scheme,fund,status,payments,amountFen\r\n\r\nledgerId,idempotencyKey,applicationId,studentId,countyCode,stage,scheme,amountFen,code,reason\r\n');
  });
});
