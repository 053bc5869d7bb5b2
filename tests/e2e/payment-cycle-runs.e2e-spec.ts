import { EduaidHarness, eventually } from '@eduaid/testing';
import { BankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { PaymentCycleScheduleService, paymentCycleScheduleId } from '../../services/students/src/payment-cycles/payment-cycle-schedule.service';
import { DEMO_COUNTY, OTHER_COUNTY } from './casework-fixtures';
import { bankRecord, cycleStudents, paymentCycleSuite } from './payment-cycle-fixtures';

interface Problem { status: number; code: string; detail: string }
interface Run { term: string; run: number; workflowId: string; state: string; startedBy: string; unsettledHandedToRun?: number; totals: { due: number; paid: number; failed: number; planned: number; sending: number } }
interface Report { run: number; state: string; summary: { payments: number; paid: number; failed: number; returned: number; unpaid: number }; failures: { ledgerId: string; code: string }[] }
type Row = { id: string; idempotency_key: string; status: string; attempt: number; retry_of: string | null; failure_code: string | null; cycle_run: number | null; cycle_term: string | null; student_id: string; semester: string };

const PROVINCE = { level: 'province' as const, code: '42' };
const SCHEME = 'junior-secondary-boarding-living-allowance';
const CASEWORKER = 'demo-caseworker-1';
const accountOf = (n: number) => `62170000${String(200000 + n).padStart(11, '0')}`;

/**
 * Follow-up runs of a term's payment cycle, end to end (real HTTP, PostgreSQL, Temporal, casework and
 * the bank sandbox): a run pays what is due by its term, including what earlier runs could not; a
 * payment refused for good becomes a bank-details task that, once the account is fixed and the task
 * completed, is paid by the next run under a new key; a payment the bank returns later is read from
 * its returns feed and paid again the same way; a cancelled run's rows go to the next run; the
 * Temporal Schedule starts runs. Nothing is paid twice: the bank's record is checked key by key.
 */
describe('payment cycle runs', () => {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  const st = () => eduaid.http('students');
  const admin = () => eduaid.authAs({ userId: 'runs-admin', roles: ['programme-admin'], scope: PROVINCE });
  const caseworker = () => eduaid.authAs({ userId: CASEWORKER, roles: ['caseworker'], scope: { level: 'county', code: DEMO_COUNTY } });

  const suite = paymentCycleSuite('payment-cycle-runs');
  beforeAll(() => {
    eduaid = suite.eduaid();
    bank = suite.bank();
  });

  /** `count` students in a county with an application each (submitted by the demo caseworker) and, unless told otherwise, a bank account. */
  async function students(countyCode: string, count: number, tag: string, year: string, options: { withoutAccount?: number[]; accountBase: number }): Promise<string[]> {
    const ids = await cycleStudents(eduaid, {
      countyCode, count, seed: `runs-${tag}`, household: `HH-runs-${tag}`, year, stages: 'junior-secondary',
      account: (i) => accountOf(options.accountBase + i), withoutAccount: options.withoutAccount, by: 'runs-test',
    });
    await eduaid.db.query(
      `INSERT INTO students.aid_applications (workflow_id, student_id, academic_year, village_code, county_code, school_code, submitted_by, state)
       SELECT 'aid-application:' || s || ':' || $2::text, s, $2::text, $3::text, $4::text, $4::text || '0001', $5::text, 'approved' FROM unnest($1::uuid[]) AS u(s)`,
      [ids, year, `${countyCode}001001`, countyCode, CASEWORKER],
    );
    return ids;
  }

  /** Plans one row per student for the semester, as approval does (left to the cycles). */
  async function plan(studentIds: string[], year: string, semester: string, amountFen = 62_500) {
    await eduaid.db.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by)
       SELECT 'aid-application:' || s || ':' || $2::text || ':' || $3::text || ':' || $4::text, 'aid-application:' || s || ':' || $2::text, s, $2::text, $4::text, $3::text,
              'JS-BOARD-1250', 'hubei-2026.1', $5::bigint, '2036-09-01', 'cycle'
         FROM unnest($1::uuid[]) AS u(s)`,
      [studentIds, year, SCHEME, semester, amountFen],
    );
  }

  const rowsOf = (studentIds: string[]) =>
    eduaid.db.query<Row>(
      `SELECT id::text, idempotency_key, status, attempt, retry_of::text, failure_code, cycle_run, cycle_term, student_id, semester FROM students.aid_payments WHERE student_id = ANY($1::uuid[]) ORDER BY aid_payments.id`,
      [studentIds],
    );
  const start = async (term: string, body: Record<string, unknown> = {}) => st().post<{ workflowId: string; run: number; state: string }>('/payment-cycles', { term, ...body }, await admin());
  const runOf = async (term: string, run: number) => st().get<Run>(`/payment-cycles/${encodeURIComponent(term)}/runs/${run}`, await admin());
  /** Waits for a run to end (its row may not be written yet: read as not started). */
  const ended = (term: string, run: number, timeoutMs = 90_000) =>
    eventually(async () => {
      const res = await runOf(term, run);
      return res.status === 200 ? res.body : ({ state: 'not-started' } as Run);
    }, (r) => r.state === 'completed' || r.state === 'cancelled', timeoutMs);
  const bankLedger = () => bankRecord(bank);
  /** The repair task of a ledger row, once its workflow has made it. */
  const repairTask = (ledgerId: string) =>
    eventually(
      () => eduaid.db.query<{ task_id: string; status: string; assignee_id: string | null; kind: string; step: string }>(`SELECT task_id, status, assignee_id, kind, step FROM casework.tasks WHERE workflow_id = $1`, [`payment-repair:${ledgerId}`]),
      (t) => t.length > 0,
    ).then((t) => t[0]);
  async function fixAndComplete(studentId: string, year: string, ledgerId: string, newAccount: string) {
    const applicationId = `aid-application:${studentId}:${year}`;
    const put = await st().request<{ applicationId: string }>('PUT', `/aid-applications/${encodeURIComponent(applicationId)}/bank-account`, { accountNumber: newAccount, holderName: '家长新' }, await caseworker());
    expect(put.status).toBe(200);
    const task = await repairTask(ledgerId);
    const decided = await eduaid.http('casework').post<{ accepted: boolean }>(`/tasks/${task.task_id}/decision`, { decision: 'approve', comment: 'account fixed' }, await caseworker());
    expect(decided.status).toBe(200);
    expect(decided.body.accepted).toBe(true);
    // The repair plans the next attempt: a new row, its own key.
    return eventually(async () => (await eduaid.db.query<Row>(`SELECT id::text, idempotency_key, status, attempt, retry_of::text FROM students.aid_payments WHERE retry_of = $1`, [ledgerId]))[0], (r) => r !== undefined);
  }

  it('a payment refused for good becomes a task; fixed and completed, the next run pays it under a new key, once', async () => {
    const YEAR = '2036-2037';
    const TERM = `${YEAR}:S1`;
    const ids = await students(DEMO_COUNTY, 4, 'f', YEAR, { withoutAccount: [1], accountBase: 0 });
    await plan(ids, YEAR, TERM);
    bank.faults.closedAccounts = [accountOf(2)];

    const first = await start(TERM);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ workflowId: `payment-cycle:${TERM}`, run: 1 });
    // While it runs, another start is 409.
    const busy = await st().post<Problem>('/payment-cycles', { term: TERM }, await admin());
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('payment-cycle.already-running');
    const run1 = await ended(TERM, 1);
    bank.faults.closedAccounts = [];
    expect(run1.totals).toMatchObject({ due: 4, paid: 2, failed: 2 });
    const before = await rowsOf(ids);
    const noAccount = before.find((r) => r.student_id === ids[1]) as Row;
    const closed = before.find((r) => r.student_id === ids[2]) as Row;
    expect([noAccount.failure_code, closed.failure_code]).toEqual(['no-bank-account', 'account-closed']);

    // Each failure is a bank-details task for the application's submitter.
    const task = await repairTask(closed.id);
    expect(task).toMatchObject({ kind: 'aid-bank-details', step: 'bank-details', status: 'claimed', assignee_id: CASEWORKER });

    // Fixed and completed: each gets its next attempt, planned for the next run.
    const retryNoAccount = await fixAndComplete(ids[1], YEAR, noAccount.id, accountOf(101));
    const retryClosed = await fixAndComplete(ids[2], YEAR, closed.id, accountOf(102));
    expect(retryClosed).toMatchObject({ status: 'planned', attempt: 2, idempotency_key: `${closed.idempotency_key}:attempt-2` });
    expect((await eduaid.db.query<{ status: string }>(`SELECT status FROM casework.tasks WHERE workflow_id = $1`, [`payment-repair:${closed.id}`]))[0].status).toBe('completed');

    const second = await start(TERM);
    expect(second.body).toMatchObject({ workflowId: `payment-cycle:${TERM}:run-2`, run: 2 });
    const run2 = await ended(TERM, 2);
    expect(run2.totals).toMatchObject({ due: 2, paid: 2, failed: 0 });
    const after = await rowsOf(ids);
    expect(after.filter((r) => r.retry_of).map((r) => [r.id, r.status, r.cycle_run])).toEqual([[retryNoAccount.id, 'paid', 2], [retryClosed.id, 'paid', 2]]);
    // Run 1's record of the failures stands; run 2's report has the two paid.
    expect(after.find((r) => r.id === closed.id)).toMatchObject({ status: 'failed', cycle_run: 1 });
    const report1 = await st().get<Report>(`/payment-cycles/${TERM}/runs/1/report`, await admin());
    expect(report1.body).toMatchObject({ run: 1, summary: { payments: 4, paid: 2, failed: 2 } });
    const report2 = await st().get<Report>(`/payment-cycles/${TERM}/report`, await admin());
    expect(report2.body).toMatchObject({ run: 2, state: 'completed', summary: { payments: 2, paid: 2, failed: 0 } });

    // The bank: every student paid exactly once for the semester, the closed account's first key failed, the missing account's never sent.
    const atBank = await bankLedger();
    const paidPerStudent = ids.map((s) => after.filter((r) => r.student_id === s && r.status === 'paid').map((r) => atBank.get(r.idempotency_key)?.timesPaid));
    expect(paidPerStudent).toEqual([[1], [1], [1], [1]]);
    expect(atBank.get(closed.idempotency_key)).toMatchObject({ status: 'failed', timesPaid: 0 });
    expect(atBank.get(noAccount.idempotency_key)).toBeUndefined();

    // A third run finds nothing: the fixed payments are paid, nothing is sent again.
    expect((await start(TERM)).body.run).toBe(3);
    expect((await ended(TERM, 3)).totals).toMatchObject({ due: 0, paid: 0 });
    const runs = await st().get<{ runs: Run[] }>(`/payment-cycles/${TERM}/runs`, await admin());
    expect(runs.body.runs.map((r) => [r.run, r.state, r.totals.paid])).toEqual([[1, 'completed', 2], [2, 'completed', 2], [3, 'completed', 0]]);
    expect((await st().get<Problem>(`/payment-cycles/${TERM}/runs/9`, await admin())).status).toBe(404);
    expect((await st().get<Problem>(`/payment-cycles/${TERM}/runs/0`, await admin())).status).toBe(400);
  });

  it('a payment returned later is read from the returns feed, marked returned with a task, and paid again after the fix; a late approval of an earlier term is paid in the next run', async () => {
    const YEAR = '2037-2038';
    const TERM = `${YEAR}:S1`;
    const ids = await students(DEMO_COUNTY, 3, 'r', YEAR, { accountBase: 300 });
    await plan(ids, YEAR, TERM);
    Object.assign(bank.faults, { returnedAccounts: [accountOf(300)], returnAfterMs: 6000 });
    expect((await start(TERM)).status).toBe(202);
    expect((await ended(TERM, 1)).totals).toMatchObject({ due: 3, paid: 3 });
    const [returnedRow] = await rowsOf([ids[0]]);
    expect(returnedRow.status).toBe('paid');
    bank.faults.returnedAccounts = [];
    // Approved after its term's runs: a row of the previous semester (2036-2037:S2), never claimed.
    const late = await students(OTHER_COUNTY, 1, 'late', '2036-2037', { accountBase: 350 });
    await plan(late, '2036-2037', '2036-2037:S2', 40_000);
    // The return falls due at the bank.
    await eventually(async () => ((await (await fetch(`${bank.url}/returns?after=0`)).json()) as { returns: unknown[] }).returns.length, (n) => n > 0, 20_000);

    // The next run reads the returns first: the row is returned, with a task; the late row is paid.
    expect((await start(TERM)).body.run).toBe(2);
    const run2 = await ended(TERM, 2);
    expect(run2.totals).toMatchObject({ due: 1, paid: 1 });
    expect((await rowsOf(late))[0]).toMatchObject({ status: 'paid', cycle_term: TERM, cycle_run: 2, semester: '2036-2037:S2' });
    const [nowReturned] = await rowsOf([ids[0]]);
    expect(nowReturned).toMatchObject({ status: 'returned', failure_code: 'account-closed' });
    const report1 = await st().get<Report>(`/payment-cycles/${TERM}/runs/1/report`, await admin());
    expect(report1.body.summary).toMatchObject({ paid: 2, returned: 1 });
    expect(report1.body.failures.map((f) => [f.ledgerId, f.code])).toEqual([[returnedRow.id, 'account-closed']]);

    const retry = await fixAndComplete(ids[0], YEAR, returnedRow.id, accountOf(399));
    expect(retry).toMatchObject({ attempt: 2, idempotency_key: `${returnedRow.idempotency_key}:attempt-2` });
    expect((await start(TERM)).body.run).toBe(3);
    expect((await ended(TERM, 3)).totals).toMatchObject({ due: 1, paid: 1 });
    const atBank = await bankLedger();
    expect(atBank.get(returnedRow.idempotency_key)).toMatchObject({ status: 'returned', timesPaid: 1 });
    expect(atBank.get(retry.idempotency_key)).toMatchObject({ status: 'paid', timesPaid: 1 });
    // Reading the feed again changes nothing: no second task, no second attempt.
    expect((await start(TERM)).body.run).toBe(4);
    expect((await ended(TERM, 4)).totals.due).toBe(0);
    expect((await eduaid.db.query(`SELECT 1 FROM casework.tasks WHERE workflow_id = $1`, [`payment-repair:${returnedRow.id}`])).length).toBe(1);
    expect((await rowsOf([ids[0]])).map((r) => [r.attempt, r.status])).toEqual([[1, 'returned'], [2, 'paid']]);
  });

  it('what a cancelled run left planned is taken over and paid by the next run, each payment once', async () => {
    const YEAR = '2038-2039';
    const TERM = `${YEAR}:S1`;
    const ids = await students(OTHER_COUNTY, 80, 'c', YEAR, { accountBase: 500 });
    await plan(ids, YEAR, TERM);
    bank.faults.batchDelayMs = 300;
    expect((await start(TERM, { chunkSize: 10, concurrency: 1 })).status).toBe(202);
    await eventually(async () => (await runOf(TERM, 1)).body, (r) => (r?.totals?.paid ?? 0) > 0, 60_000);
    expect((await st().post(`/payment-cycles/${TERM}/cancel`, {}, await admin())).status).toBe(200);
    const run1 = await ended(TERM, 1);
    bank.faults.batchDelayMs = 0;
    expect(run1.state).toBe('cancelled');
    expect(run1.totals.planned).toBeGreaterThan(0);
    const left = run1.totals.planned + run1.totals.sending;

    expect((await start(TERM)).body.run).toBe(2);
    const run2 = await ended(TERM, 2);
    expect(run2.totals).toMatchObject({ due: left, paid: left });
    expect((await runOf(TERM, 1)).body.unsettledHandedToRun).toBe(2);
    const rows = await rowsOf(ids);
    expect(rows.filter((r) => r.status !== 'paid')).toEqual([]);
    const atBank = await bankLedger();
    expect(rows.map((r) => atBank.get(r.idempotency_key)?.timesPaid)).toEqual(rows.map(() => 1));
  });

  it('of two starts racing for a term, one wins (202) and the other is 409; the run with nothing due completes with an empty report', async () => {
    const TERM = '2040-2041:S1';
    const answers = await Promise.all([start(TERM), start(TERM), start(TERM)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409]);
    const run1 = await ended(TERM, 1);
    expect(run1).toMatchObject({ state: 'completed', totals: { due: 0 } });
    expect((await st().get<{ runs: Run[] }>(`/payment-cycles/${TERM}/runs`, await admin())).body.runs).toHaveLength(1);
    expect((await st().get<Report>(`/payment-cycles/${TERM}/report`, await admin())).body).toMatchObject({ run: 1, summary: { payments: 0 }, failures: [] });
  });

  it('registers the Schedule that starts a run at each term start; triggered, it starts the term’s next run', async () => {
    const schedule = eduaid.temporal.schedule.getHandle(paymentCycleScheduleId(eduaid.taskQueuePrefix));
    const described = await eventually(() => schedule.describe().catch(() => undefined), (d) => d !== undefined);
    // The semester calendar's start dates (1 September, 1 March), at 02:00.
    const calendars = JSON.stringify(described?.spec.calendars);
    expect(described?.spec.calendars).toHaveLength(2);
    expect(calendars).toContain('SEPTEMBER');
    expect(calendars).toContain('MARCH');
    expect(described?.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledPaymentCycleWorkflow' });
    // Another replica starting registers it again: that is no error, and there is still one.
    await eduaid.app('students').get(PaymentCycleScheduleService, { strict: false }).onApplicationBootstrap();
    expect((await schedule.describe()).spec.calendars).toHaveLength(2);

    // Pin the term (so this suite's run does not share an id with other suites' cycles of today's term), then trigger.
    const YEAR = '2039-2040';
    const TERM = `${YEAR}:S1`;
    const ids = await students(DEMO_COUNTY, 5, 's', YEAR, { accountBase: 700 });
    await plan(ids, YEAR, TERM);
    await schedule.update((previous) => ({ ...previous, action: { ...previous.action, args: [{ term: TERM }] } } as typeof previous));
    await schedule.trigger();
    const run1 = await ended(TERM, 1);
    expect(run1).toMatchObject({ run: 1, state: 'completed', workflowId: `payment-cycle:${TERM}` });
    expect(run1.startedBy).toMatch(/^schedule:/);
    expect(run1.totals).toMatchObject({ due: 5, paid: 5 });
    const recent = (await schedule.describe()).info.recentActions;
    expect(recent.length).toBeGreaterThan(0);
  });
});
