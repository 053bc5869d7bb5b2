import { randomBytes, randomUUID } from 'node:crypto';
import { CASEWORK_URL_VARIABLE } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { BankSandbox, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { BankAccountsRepository } from '../../services/students/src/payments/bank-accounts.repository';
import { BANK_API_URL_VARIABLE, BANK_TIMEOUT_VARIABLE } from '../../services/students/src/payments/bank-http.provider';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers, waitForTask } from './casework-fixtures';

interface Problem { status: number; code: string; errors?: { field: string; message: string }[] }
interface Instalment { year: number; academicYear: string; semester: string; scheme: string; amountFen: number; status: string }
interface Compensation {
  graduateId: string;
  workflowId: string;
  state: string;
  step?: string;
  heldBy?: string;
  evidence: { commitment: string; unitName: string; serviceCountyCode: string; startDate: string; proofReference: string };
  lines: { scheme: string; claimedFen: number; capFen: number; amountFen: number }[];
  totalFen: number;
  policyVersion?: string;
  instalments: Instalment[];
  endedEarly?: { endedOn: string; reason: string; reportedBy: string; cancelled: number };
  timeline: { step: string; action: string; actor: string; comment?: string }[];
}
type LedgerRow = { idempotency_key: string; semester: string; scheme: string; status: string; amount_fen: string; paid_by: string; bank_reference: string | null; cancel_reason: string | null };

const VILLAGE = `${DEMO_COUNTY}001001`;
const UNIVERSITY = `${DEMO_COUNTY}0077`;
const PROVINCE = { level: 'province' as const, code: '42' };
type Role = 'caseworker' | 'approver' | 'supervisor' | 'mentor' | 'auditor' | 'programme-admin';

/**
 * Tuition compensation and loan repayment end to end: real HTTP into mentoring, students and casework,
 * real PostgreSQL and Temporal, the bank sandbox. A caseworker files it for a graduate; another
 * caseworker verifies the commitment through casework's inbox; an approver approves; the award is
 * planned in the students ledger as yearly instalments; the term's payment cycle pays the first
 * through the bank; an early end cancels the rest, with the reason in the timeline.
 */
describe('graduate tuition compensation', () => {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  const mt = () => eduaid.http('mentoring');
  const st = () => eduaid.http('students');
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: Role, scope: { level: 'county' | 'province'; code: string } = { level: 'county', code: DEMO_COUNTY }) => eduaid.authAs({ userId, roles: [role], scope });

  beforeAll(async () => {
    bank = await startBankSandbox();
    eduaid = await startEduaid('graduate-compensation', [caseworkService, studentsService, mentoringService], {
      env: { [BANK_API_URL_VARIABLE]: bank.url, [BANK_TIMEOUT_VARIABLE]: '2000', EDUAID_BANK_BATCH_DEADLINE_MS: '5000', EDUAID_BANK_BATCH_POLL_MS: '100' },
    });
    process.env[CASEWORK_URL_VARIABLE] = eduaid.http('casework').baseUrl;
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
    await bank?.stop();
  });

  /** A registered graduate (an undergraduate of a poor household of the demo county) with a bank account on file. */
  async function graduate(): Promise<{ graduateId: string; studentId: string }> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-GC-${randomUUID()}`, VILLAGE, DEMO_COUNTY]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '李娜', '2003-03-01', 'female', $3, $4, $5, $6, $5, 'undergraduate', 4, false, '2026-2027') RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, VILLAGE, DEMO_COUNTY, UNIVERSITY],
    );
    await eduaid.app('students').get(BankAccountsRepository, { strict: false }).upsert(s.id, '6217000010000077777', '李娜', 'gc-test');
    const registration = { studentId: s.id, major: '农学', degreeLevel: 'undergraduate', expectedGraduation: '2026-06-30', intention: 'civil-service', preferredRegions: [DEMO_COUNTY], consentToContact: true };
    const created = await mt().post<{ id: string }>('/graduates', registration, await as('demo-caseworker-1', 'caseworker'));
    expect(created.status).toBe(201);
    return { graduateId: created.body.id, studentId: s.id };
  }

  const filing = (graduateId: string, over: Record<string, unknown> = {}) => ({
    graduateId,
    commitment: 'grassroots-service',
    unitName: '某县某乡人民政府',
    serviceCountyCode: OTHER_COUNTY,
    startDate: '2026-07-01',
    committedYears: 3,
    proofReference: 'HT-2026-000123',
    tuitionPaidFen: 1_800_000,
    loanOutstandingFen: 0,
    studyYears: 4,
    ...over,
  });

  const show = async (graduateId: string) => (await mt().get<Compensation>(`/graduate-compensations/${graduateId}`, await as('demo-caseworker-1', 'caseworker'))).body;
  const ledger = (workflowId: string) =>
    eduaid.db.query<LedgerRow>(`SELECT idempotency_key, semester, scheme, status, amount_fen, paid_by, bank_reference, cancel_reason FROM students.aid_payments WHERE workflow_id = $1 ORDER BY semester`, [workflowId]);

  it('files → verifies → approves → plans yearly instalments in the ledger → the payment cycle pays the first → an early end cancels the rest', async () => {
    const { graduateId } = await graduate();

    // ——— bad filings get a clear 4xx ———
    const short = await mt().post<Problem>('/graduate-compensations', filing(graduateId, { committedYears: 2 }), await as('demo-caseworker-1', 'caseworker'));
    expect([short.status, short.body.code, short.body.errors?.[0].field]).toEqual([422, 'compensation.service-too-short', 'committedYears']);
    const nothing = await mt().post<Problem>('/graduate-compensations', filing(graduateId, { tuitionPaidFen: 0 }), await as('demo-caseworker-1', 'caseworker'));
    expect([nothing.status, nothing.body.code]).toEqual([400, 'compensation.nothing-to-compensate']);
    const badDate = await mt().post<Problem>('/graduate-compensations', filing(graduateId, { startDate: '2026-13-01' }), await as('demo-caseworker-1', 'caseworker'));
    expect([badDate.status, badDate.body.code, [...new Set(badDate.body.errors?.map((e) => e.field))]]).toEqual([400, 'request.invalid', ['startDate']]);
    const noSuchDay = await mt().post<Problem>('/graduate-compensations', filing(graduateId, { startDate: '2026-02-30' }), await as('demo-caseworker-1', 'caseworker'));
    expect([noSuchDay.status, noSuchDay.body.errors?.map((e) => [e.field, e.message])]).toEqual([400, [['startDate', 'startDate must be a real calendar date']]]);
    const outside = await mt().post<Problem>('/graduate-compensations', filing(graduateId), await as('cw-other', 'caseworker', { level: 'county', code: OTHER_COUNTY }));
    expect([outside.status, outside.body.code]).toEqual([403, 'auth.out-of-scope']);
    const unknown = await mt().post<Problem>('/graduate-compensations', filing(randomUUID()), await as('demo-caseworker-1', 'caseworker'));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'graduate.not-found']);

    // ——— filed by a caseworker for the graduate ———
    const filed = await mt().post<{ workflowId: string; state: string }>('/graduate-compensations', filing(graduateId), await as('demo-caseworker-1', 'caseworker'));
    expect(filed.status).toBe(202);
    expect(filed.body).toEqual({ graduateId, workflowId: `graduate-compensation:${graduateId}`, state: 'verifying' });
    const workflowId = filed.body.workflowId;
    const twice = await mt().post<Problem>('/graduate-compensations', filing(graduateId), await as('demo-caseworker-2', 'caseworker'));
    expect([twice.status, twice.body.code]).toEqual([409, 'compensation.already-filed']);
    expect((await mt().get<Problem>(`/graduate-compensations/${graduateId}`, await as('demo-mentor', 'mentor'))).body.code).toBe('auth.role-denied');
    expect((await mt().get<Problem>(`/graduate-compensations/${graduateId}`, await as('cw-other', 'caseworker', { level: 'county', code: OTHER_COUNTY }))).status).toBe(403);

    // ——— the commitment's evidence: a caseworker's task, not the filer's ———
    const waiting = await eventually(() => show(graduateId), (c) => c.step === 'verify-commitment');
    expect(waiting).toMatchObject({ state: 'verifying', heldBy: `caseworker at county ${DEMO_COUNTY}`, evidence: { unitName: '某县某乡人民政府', serviceCountyCode: OTHER_COUNTY, proofReference: 'HT-2026-000123' } });
    const verification = await waitForTask(eduaid, workflowId, 'verify-commitment');
    const [task] = await eduaid.db.query<{ kind: string; data: { evidence: { proofReference: string }; totalFen: number } }>(`SELECT kind, data FROM casework.tasks WHERE task_id = $1`, [verification.task_id]);
    expect(task).toMatchObject({ kind: 'graduate-commitment-verification', data: { evidence: { proofReference: 'HT-2026-000123' }, totalFen: 1_800_000 } });
    const byFiler = await cw().post<Problem>(`/tasks/${verification.task_id}/decision`, { decision: 'approve' }, await as('demo-caseworker-1', 'caseworker'));
    expect([byFiler.status, byFiler.body.code]).toEqual([403, 'task.four-eyes']);
    const verifier = verification.assignee_id && verification.assignee_id !== 'demo-caseworker-1' ? verification.assignee_id : 'demo-caseworker-2';
    expect((await cw().post(`/tasks/${verification.task_id}/decision`, { decision: 'approve', comment: 'contract and unit confirmed' }, await as(verifier, 'caseworker'))).status).toBe(200);

    // ——— the approval chain: county (18,000 CNY needs no prefecture sign-off) ———
    const approval = await waitForTask(eduaid, workflowId, 'county-approval');
    const mentorTask = await cw().get<Problem>(`/tasks/${approval.task_id}`, await as('demo-mentor', 'mentor'));
    expect(mentorTask.status).toBe(403);
    expect((await cw().post(`/tasks/${approval.task_id}/decision`, { decision: 'approve' }, await as('demo-approver-1', 'approver'))).status).toBe(200);

    // ——— approved: three yearly instalments in the ledger, left to the cycles ———
    const approved = await eventually(() => show(graduateId), (c) => c.state === 'approved', 60_000);
    expect(approved.policyVersion).toBe('hubei-gc-2026.1');
    expect(approved.lines).toEqual([{ scheme: 'tuition-compensation', ruleId: 'GC-TUITION-PER-YEAR-CAP', claimedFen: 1_800_000, capFen: 4_800_000, amountFen: 1_800_000 }]);
    expect(approved.instalments.map((i) => [i.year, i.amountFen, i.status])).toEqual([[1, 600_000, 'planned'], [2, 600_000, 'planned'], [3, 600_000, 'planned']]);
    const first = approved.instalments[0].semester;
    const rows = await ledger(workflowId);
    expect(rows.map((r) => [r.semester, r.scheme, r.status, r.amount_fen, r.paid_by])).toEqual(approved.instalments.map((i) => [i.semester, 'tuition-compensation', 'planned', '600000', 'cycle']));
    expect(rows[0].idempotency_key).toBe(`${workflowId}:tuition-compensation:${first}`);

    // ——— a payment cycle pays the first instalment through the bank ———
    // The run is of the first instalment's spring term: it takes the autumn row, planned and never
    // claimed, and nothing of later years. (The autumn term's own cycle is the workflow
    // `payment-cycle:<term>`, which the aid-application suite starts on the same Temporal server.)
    const payingTerm = first.replace(/:S1$/, ':S2');
    expect(payingTerm).not.toBe(first);
    const cycle = await st().post<{ workflowId: string }>('/payment-cycles', { term: payingTerm }, await as('gc-admin', 'programme-admin', PROVINCE));
    expect(cycle.status).toBe(202);
    await eventually(async () => (await st().get<{ state: string }>(`/payment-cycles/${encodeURIComponent(payingTerm)}`, await as('gc-admin', 'programme-admin', PROVINCE))).body, (c) => c.state === 'completed', 120_000);
    const afterCycle = await ledger(workflowId);
    expect(afterCycle.map((r) => r.status)).toEqual(['paid', 'planned', 'planned']);
    expect(afterCycle[0].bank_reference).toBeTruthy();
    const bankRecord = (await (await fetch(`${bank.url}/_sandbox/ledger`)).text()).trim().split('\n').map((l) => JSON.parse(l) as { idempotencyKey: string; amountFen: number; status: string });
    expect(bankRecord.filter((l) => l.idempotencyKey.startsWith(workflowId))).toEqual([expect.objectContaining({ idempotencyKey: rows[0].idempotency_key, amountFen: 600_000, status: 'paid' })]);
    const report = await st().get<{ totals: { scheme: string; status: string; payments: number; amountFen: number }[] }>(`/payment-cycles/${encodeURIComponent(payingTerm)}/report`, await as('gc-admin', 'programme-admin', PROVINCE));
    expect(report.body.totals.filter((t) => t.scheme === 'tuition-compensation')).toEqual([expect.objectContaining({ status: 'paid', payments: 1, amountFen: 600_000 })]);

    // ——— the commitment ends early: the unpaid instalments are cancelled, the paid one stays ———
    const early = await mt().post<Problem>(`/graduate-compensations/${graduateId}/commitment-end`, { endedOn: '2026-06-30', reason: 'before it started' }, await as('demo-caseworker-1', 'caseworker'));
    expect([early.status, early.body.code]).toEqual([422, 'compensation.end-before-start']);
    expect((await mt().post<Problem>(`/graduate-compensations/${graduateId}/commitment-end`, { endedOn: '2027-04-30', reason: 'x' }, await as('demo-caseworker-1', 'caseworker'))).status).toBe(400);
    const ended = await mt().post<{ state: string }>(`/graduate-compensations/${graduateId}/commitment-end`, { endedOn: '2027-04-30', reason: 'resigned from the township post' }, await as('demo-caseworker-1', 'caseworker'));
    expect([ended.status, ended.body.state]).toEqual([202, 'approved']);
    const stopped = await eventually(() => show(graduateId), (c) => c.state === 'stopped', 60_000);
    expect(stopped.endedEarly).toEqual({ endedOn: '2027-04-30', reason: 'resigned from the township post', reportedBy: 'demo-caseworker-1', cancelled: 2 });
    expect(stopped.instalments.map((i) => i.status)).toEqual(['kept', 'cancelled', 'cancelled']);
    expect(stopped.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['change', 'commitment-ended'], ['payments', 'cancel-unpaid']]));
    expect(stopped.timeline.find((t) => t.action === 'commitment-ended')?.comment).toBe('2027-04-30: resigned from the township post');
    const final = await ledger(workflowId);
    expect(final.map((r) => r.status)).toEqual(['paid', 'cancelled', 'cancelled']);
    expect(final[1].cancel_reason).toBe('commitment ended 2027-04-30: resigned from the township post');
    const again = await mt().post<Problem>(`/graduate-compensations/${graduateId}/commitment-end`, { endedOn: '2027-05-01', reason: 'reported twice' }, await as('demo-caseworker-2', 'caseworker'));
    expect([again.status, again.body.code]).toEqual([409, 'compensation.closed']);

    // ——— lists read the durable row, scoped ———
    const mine = await mt().get<{ items: Compensation[] }>('/graduate-compensations?state=stopped', await as('demo-auditor', 'auditor'));
    expect(mine.body.items.map((c) => c.graduateId)).toEqual([graduateId]);
    expect((await mt().get<{ items: Compensation[] }>('/graduate-compensations', await as('cw-other', 'caseworker', { level: 'county', code: OTHER_COUNTY }))).body.items).toEqual([]);
    expect((await mt().get<Problem>('/graduate-compensations', await as('demo-mentor', 'mentor'))).status).toBe(403);
  });
});
