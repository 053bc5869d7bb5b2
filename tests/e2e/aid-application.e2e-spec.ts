import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { BankSandbox, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { caseworkService } from '../../services/casework/src/casework.service';
import { BANK_API_URL_VARIABLE, BANK_TIMEOUT_VARIABLE } from '../../services/students/src/payments/bank-http.provider';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers, waitForTask } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string }[] }
interface Application {
  applicationId: string;
  state: string;
  currentStep?: string;
  heldBy?: string;
  dueAt?: string;
  pendingTaskId?: string;
  standardsVersion?: string;
  entitlement: { scheme: string; ruleId: string; amountFen: number; semesters: { semester: string; amountFen: number }[] }[];
  timeline: { step: string; action: string; actor: string; comment?: string }[];
  payments: { semester: string; scheme: string; amountFen: number; status: string; reason?: string; bankReference?: string }[];
  bankAccount?: string;
  reasons: string[];
}

// S1 began on 1 September 2026, S2 begins 1 March 2027: approval plans both; the term's payment cycle pays them.
const YEAR = '2026-2027';
const VILLAGE = `${DEMO_COUNTY}001001`;
const ACCOUNT = '6217000010001234567';
const SCHOOL = `${DEMO_COUNTY}0001`;
type Scope = { level: 'school' | 'county' | 'prefecture'; code: string };
/** The school check is a school-level step: a caseworker of the student's school decides it. */
const AT_SCHOOL: Scope = { level: 'school', code: SCHOOL };

/**
 * Aid applications end to end: real HTTP into students and casework, real PostgreSQL, real Temporal
 * (the workflow on the workflow worker; activities in the students and casework workers), and the
 * bank sandbox over HTTP with injected faults.
 */
describe('aid applications', () => {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  const st = () => eduaid.http('students');
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: 'caseworker' | 'approver' | 'auditor' = 'caseworker', scope: Scope = { level: 'county', code: DEMO_COUNTY }) =>
    eduaid.authAs({ userId, roles: [role], scope });

  beforeAll(async () => {
    bank = await startBankSandbox();
    eduaid = await startEduaid('aid-application', [caseworkService, studentsService], {
      env: { [BANK_API_URL_VARIABLE]: bank.url, [BANK_TIMEOUT_VARIABLE]: '3000', EDUAID_BANK_BATCH_DEADLINE_MS: '2000', EDUAID_BANK_BATCH_POLL_MS: '100' },
    });
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
    await bank?.stop();
  });

  /** A registered-poor household with one boarding junior-secondary pupil enrolled for YEAR. */
  async function student(opts: { stage?: string; grade?: number; boarding?: boolean; specialHardship?: boolean } = {}): Promise<{ studentId: string; householdId: string }> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, VILLAGE, DEMO_COUNTY]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code, special_hardship,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '学生', '2013-05-01', 'female', $3, $4, $5, $6, '${SCHOOL}', $5, $7, $8, $9, $10) RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, VILLAGE, DEMO_COUNTY, opts.specialHardship ?? false, opts.stage ?? 'junior-secondary', opts.grade ?? 2, opts.boarding ?? true, YEAR],
    );
    return { studentId: s.id, householdId: h.id };
  }

  async function apply(studentId: string) {
    const res = await st().post<{ applicationId: string; state: string }>('/aid-applications', { studentId, academicYear: YEAR, bankAccount: { accountNumber: ACCOUNT, holderName: '家长' } }, await as('demo-caseworker-1'));
    expect(res.status).toBe(201);
    return res.body.applicationId;
  }

  const show = async (id: string) => (await st().get<Application>(`/aid-applications/${encodeURIComponent(id)}`, await as('demo-caseworker-1'))).body;
  const until = (id: string, done: (a: Application) => boolean) => eventually(() => show(id), done, 60_000);

  async function decide(workflowId: string, step: string, userId: string, role: 'caseworker' | 'approver', decision: 'approve' | 'reject' | 'return', comment?: string, scope: Scope = { level: 'county', code: DEMO_COUNTY }) {
    const task = await waitForTask(eduaid, workflowId, step);
    const res = await cw().post<{ accepted: boolean }>(`/tasks/${task.task_id}/decision`, { decision, ...(comment ? { comment } : {}) }, await as(userId, role, scope));
    expect(res.status).toBe(200);
    return task.task_id;
  }

  async function approveChain(id: string) {
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'approve', 'enrolment and boarding confirmed', AT_SCHOOL);
    await decide(id, 'county-approval', 'demo-approver-1', 'approver', 'approve');
  }

  it('applies, shows the entitlement to every approver, approves through casework, plans both semesters and hands them to the payment cycles', async () => {
    const { studentId } = await student();
    const id = await apply(studentId);
    expect(id).toBe(`aid-application:${studentId}:${YEAR}`);

    const waiting = await until(id, (a) => a.currentStep === 'school-check' && a.pendingTaskId !== undefined);
    expect(waiting).toMatchObject({ state: 'in-review', standardsVersion: 'hubei-2026.1', heldBy: expect.stringContaining('caseworker'), bankAccount: '**** 4567' });
    expect(waiting.dueAt).toBeDefined();
    expect(waiting.entitlement).toEqual([expect.objectContaining({ scheme: 'junior-secondary-boarding-living-allowance', ruleId: 'JS-BOARD-1250', amountFen: 125000 })]);
    expect(JSON.stringify(waiting)).not.toContain(ACCOUNT);

    // A second application for the same student and year is refused while the first is open.
    const dup = await st().post<Problem>('/aid-applications', { studentId, academicYear: YEAR }, await as('demo-caseworker-1'));
    expect(dup.status).toBe(409);

    const task = await cw().get<{ data: { lines: { amountFen: number }[]; standardsVersion: string } }>(`/tasks/${waiting.pendingTaskId}`, await as('demo-caseworker-2'));
    expect(task.body.data).toMatchObject({ standardsVersion: 'hubei-2026.1', lines: [{ amountFen: 125000 }] });

    // A decision comment may run over several lines (the only multi-line field; see @MultilineText).
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'approve', 'enrolment confirmed\nboarding confirmed', AT_SCHOOL);
    // The county approval is placed at the student's village and school, but it is a county step: a
    // school-scoped approver (or caseworker) may not decide it, whatever their school covers.
    const county = await waitForTask(eduaid, id, 'county-approval');
    const fromSchool = await cw().post<Problem>(`/tasks/${county.task_id}/decision`, { decision: 'approve' }, await as('school-approver', 'approver', AT_SCHOOL));
    expect([fromSchool.status, fromSchool.body.code]).toEqual([403, 'task.wrong-level']);
    await decide(id, 'county-approval', 'demo-approver-1', 'approver', 'approve');
    // Approval plans both semesters' rows and the application's work ends: the cycles pay them.
    const approved = await until(id, (a) => a.state === 'approved' && a.timeline.some((t) => t.action === 'planned'));
    expect(approved.payments.map((p) => [p.semester, p.amountFen, p.status])).toEqual([
      [`${YEAR}:S1`, 62500, 'planned'],
      [`${YEAR}:S2`, 62500, 'planned'],
    ]);
    expect(approved.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['school-check', 'approve'], ['county-approval', 'approve'], ['approval', 'approved'], ['payments', 'planned']]));
    expect(approved.timeline.find((t) => t.step === 'school-check')).toMatchObject({ actor: 'demo-school-caseworker', comment: 'enrolment confirmed\nboarding confirmed' });
    expect([...bank.payments.values()].filter((p) => p.idempotencyKey.startsWith(id))).toHaveLength(0);
    await eventually(async () => (await eduaid.temporal.workflow.getHandle(id).describe()).status.name, (s) => s === 'COMPLETED', 30_000);

    // At rest the account is ciphertext; only the masked form is stored in clear.
    const [row] = await eduaid.db.query<{ account_cipher: Buffer; account_masked: string }>('SELECT account_cipher, account_masked FROM students.bank_accounts WHERE student_id = $1', [studentId]);
    expect(row.account_cipher.toString('latin1')).not.toContain(ACCOUNT);
    expect(row.account_masked).toBe('**** 4567');

    // The coverage report counts the student as having approved aid for the year.
    const coverage = await st().get<{ counties: { countyCode: string; withApprovedAid: number }[] }>(`/reports/coverage?academicYear=${YEAR}`, await as('demo-caseworker-1'));
    expect(coverage.body.counties.find((c) => c.countyCode === DEMO_COUNTY)?.withApprovedAid).toBeGreaterThanOrEqual(1);

    // The household leaves poverty (recorded on the household): the application's workflow has
    // ended, so an aid-change workflow cancels the payments not yet paid, with the reason recorded.
    const [{ household_id }] = await eduaid.db.query<{ household_id: string }>('SELECT household_id FROM students.students WHERE id = $1', [studentId]);
    const lifted = await st().post(`/households/${household_id}/status`, { status: 'lifted-out', effectiveDate: new Date().toISOString().slice(0, 10), reason: 'income above the line' }, await as('demo-caseworker-1'));
    expect(lifted.status).toBeLessThan(300);
    const cancelled = await until(id, (a) => a.state === 'cancelled');
    expect(cancelled.payments.map((p) => [p.semester, p.status])).toEqual([[`${YEAR}:S1`, 'cancelled'], [`${YEAR}:S2`, 'cancelled']]);
    expect(cancelled.payments[1].reason).toMatch(/lifted-out/);
    expect(cancelled.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['household-left-poverty', 'cancel-future']));
    // Nothing is left to change: a later report is refused.
    const late = await st().post<Problem>(`/aid-applications/${encodeURIComponent(id)}/changes`, { kind: 'dropped-out', reason: 'left school in October' }, await as('demo-caseworker-1'));
    expect([late.status, late.body.code]).toEqual([409, 'aid-application.closed']);
  });

  it('a change reported after approval re-plans the payments not yet paid (aid-change workflow); a paid one stays paid', async () => {
    const { studentId } = await student({ stage: 'secondary-vocational', grade: 1, boarding: false });
    const id = await apply(studentId);
    await approveChain(id);
    await decide(id, 'prefecture-sign-off', 'pref-approver', 'approver', 'approve', undefined, { level: 'prefecture', code: DEMO_COUNTY.slice(0, 4) });
    const approved = await until(id, (a) => a.state === 'approved' && a.payments.length === 4);
    expect(approved.payments.every((p) => p.status === 'planned')).toBe(true);
    await eventually(async () => (await eduaid.temporal.workflow.getHandle(id).describe()).status.name, (s) => s === 'COMPLETED', 30_000);
    // S1 paid (what the term's cycle records; the cycle itself is the next test's), then the student
    // moves to another stage: grade 1 of junior secondary, boarding.
    await eduaid.db.query(`UPDATE students.aid_payments SET status = 'paid', bank_reference = 'paid-by-cycle', paid_at = now() WHERE workflow_id = $1 AND semester = $2`, [id, `${YEAR}:S1`]);
    await eduaid.db.query(`UPDATE students.students SET stage = 'junior-secondary', grade = 1, boarding = true WHERE id = $1`, [studentId]);
    const res = await st().post<{ state: string }>(`/aid-applications/${encodeURIComponent(id)}/changes`, { kind: 'stage-changed', reason: 'moved to the junior secondary school' }, await as('demo-caseworker-1'));
    expect([res.status, res.body.state]).toEqual([202, 'approved']);
    const after = await show(id);
    expect(after.state).toBe('approved');
    expect(after.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['change', 'stage-changed'], ['payments', 'adjust-future']]));
    const byKey = after.payments.map((p) => [p.semester, p.scheme, p.status]);
    // The paid semester stays as it was; S2's rows of the old stage are cancelled, the new stage's S2 row is planned.
    expect(byKey.filter(([semester]) => semester.endsWith('S1')).map(([, , status]) => status)).toEqual(['paid', 'paid']);
    expect(byKey).toEqual(
      expect.arrayContaining([
        [`${YEAR}:S2`, 'secondary-vocational-national-grant', 'cancelled'],
        [`${YEAR}:S2`, 'rural-poor-vocational-allowance', 'cancelled'],
        [`${YEAR}:S2`, 'junior-secondary-boarding-living-allowance', 'planned'],
      ]),
    );
    expect(byKey).toHaveLength(5);
  });

  it('approved without a bank account: awaiting bank details with a task for the submitter, approved once the account is recorded', async () => {
    const { studentId } = await student();
    const res = await st().post<{ applicationId: string }>('/aid-applications', { studentId, academicYear: YEAR }, await as('demo-caseworker-1'));
    expect(res.status).toBe(201);
    const id = res.body.applicationId;
    await approveChain(id);
    const waiting = await until(id, (a) => a.state === 'awaiting-bank-details' && !!a.pendingTaskId);
    expect(waiting).toMatchObject({ currentStep: 'bank-details', heldBy: 'demo-caseworker-1' });
    expect(waiting.payments.map((p) => p.status)).toEqual(['planned', 'planned']);
    const [task] = await eduaid.db.query<{ kind: string; assignee_id: string }>(`SELECT kind, assignee_id FROM casework.tasks WHERE workflow_id = $1 AND step = 'bank-details'`, [id]);
    expect(task).toEqual({ kind: 'aid-bank-details', assignee_id: 'demo-caseworker-1' });
    const given = await st().request<{ state: string }>('PUT', `/aid-applications/${encodeURIComponent(id)}/bank-account`, { accountNumber: ACCOUNT, holderName: '家长' }, await as('demo-caseworker-1'));
    expect([given.status, given.body.state]).toEqual([200, 'awaiting-bank-details']);
    await decide(id, 'bank-details', 'demo-caseworker-1', 'caseworker', 'approve', 'account recorded');
    const done = await until(id, (a) => a.state === 'approved');
    expect(done).toMatchObject({ bankAccount: '**** 4567' });
    expect(done.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['bank-details', 'given']]));
  });

  it('refuses a rejection without a reason, then lets the applicant appeal once, one level up', async () => {
    const { studentId } = await student();
    const id = await apply(studentId);
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'reject', undefined, AT_SCHOOL);
    await until(id, (a) => a.timeline.some((t) => t.action === 'reject-refused') && a.currentStep === 'school-check' && !!a.pendingTaskId);
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'reject', 'not boarding this year', AT_SCHOOL);
    const rejected = await until(id, (a) => a.state === 'rejected');
    expect(rejected.reasons).toEqual(['not boarding this year']);

    const appeal = await st().post<{ state: string }>(`/aid-applications/${encodeURIComponent(id)}/appeal`, { reason: 'the boarding record was wrong' }, await as('demo-caseworker-1'));
    expect(appeal.status).toBe(200);
    const again = await st().post<Problem>(`/aid-applications/${encodeURIComponent(id)}/appeal`, { reason: 'again' }, await as('demo-caseworker-1'));
    expect(again.status).toBe(409);
    // The appeal goes to the county (one level above the school check); the rejecter may not decide it.
    await until(id, (a) => a.currentStep === 'appeal-county');
    await decide(id, 'appeal-county', 'demo-approver-1', 'approver', 'approve', 'boarding confirmed by the school');
    const approved = await until(id, (a) => a.state === 'approved');
    expect(approved.payments.map((p) => p.status)).toEqual(['planned', 'planned']);
    expect(approved.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['appeal', 'appeal'], ['appeal-county', 'approve']]));
  });

  it('returns for more information to the caseworker, then goes on again; the submitter may withdraw', async () => {
    const { studentId } = await student();
    const id = await apply(studentId);
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'return', 'please attach the boarding certificate', AT_SCHOOL);
    const returned = await until(id, (a) => a.state === 'more-information-requested' && !!a.pendingTaskId);
    expect(returned.heldBy).toBe('demo-caseworker-1');
    await decide(id, 'more-information', 'demo-caseworker-1', 'caseworker', 'approve', 'certificate attached');
    await until(id, (a) => a.currentStep === 'school-check' && a.state === 'in-review' && !!a.pendingTaskId);

    // Only the submitter may withdraw.
    const other = await st().post<Problem>(`/aid-applications/${encodeURIComponent(id)}/withdrawal`, { reason: 'no' }, await as('demo-caseworker-2'));
    expect(other.status).toBe(403);
    const withdrawn = await st().post(`/aid-applications/${encodeURIComponent(id)}/withdrawal`, { reason: 'family moved away' }, await as('demo-caseworker-1'));
    expect(withdrawn.status).toBe(200);
    const done = await until(id, (a) => a.state === 'withdrawn');
    expect(done.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['return', 'resubmit', 'withdraw']));
    const tasks = await eduaid.db.query<{ status: string }>(`SELECT status FROM casework.tasks WHERE workflow_id = $1 AND step = 'school-check' ORDER BY created_at DESC LIMIT 1`, [id]);
    expect(tasks[0].status).toBe('cancelled');
  });

  it('is paid by its term’s payment cycle, once, even when the bank’s answer to the batch is lost', async () => {
    const { studentId } = await student({ stage: 'secondary-vocational', grade: 1, boarding: false });
    const id = await apply(studentId);
    await approveChain(id);
    // 5,000 cash a year passes the threshold: the prefecture signs off too.
    await until(id, (a) => a.currentStep === 'prefecture-sign-off');
    await decide(id, 'prefecture-sign-off', 'pref-approver', 'approver', 'approve', undefined, { level: 'prefecture', code: DEMO_COUNTY.slice(0, 4) });
    await until(id, (a) => a.state === 'approved' && a.payments.length === 4);
    // The application only plans; the province's admin runs the term's cycle. The bank takes the
    // batch and pays it, but its answer is lost: the cycle asks again and nothing is paid twice.
    bank.faults.nextBatch.push('lost-answer');
    const admin = await eduaid.authAs({ userId: 'province-admin', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    const term = `${YEAR}:S1`;
    expect((await st().post('/payment-cycles', { term }, admin)).status).toBe(202);
    await eventually(async () => (await st().get<{ state: string }>(`/payment-cycles/${encodeURIComponent(term)}`, admin)).body.state, (state) => state === 'completed', 90_000);
    const paid = await show(id);
    const s1 = paid.payments.filter((p) => p.semester === term);
    expect(s1.map((p) => [p.scheme, p.amountFen, p.status])).toEqual([
      ['secondary-vocational-national-grant', 100000, 'paid'],
      ['rural-poor-vocational-allowance', 150000, 'paid'],
    ]);
    expect(paid.payments.filter((p) => p.semester !== term).every((p) => p.status === 'planned')).toBe(true);
    // The bank's own record: each of the application's S1 keys paid once, with the reference the ledger holds.
    const ledgerAtBank = (await (await fetch(`${bank.url}/_sandbox/ledger`)).text()).trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { idempotencyKey: string; status: string; timesPaid: number });
    const ours = ledgerAtBank.filter((l) => l.idempotencyKey.startsWith(id) && l.status === 'paid');
    expect(ours.map((l) => l.timesPaid)).toEqual([1, 1]);
    expect(bank.faults.nextBatch).toHaveLength(0);
  });

  it('answers bad ids with 400 naming the field, other jurisdictions with 403, and wrong roles with 403', async () => {
    const bad = await st().get<Problem>('/aid-applications/not-an-id', await as('demo-caseworker-1'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toContain('applicationId');
    const badBody = await st().post<Problem>('/aid-applications', { studentId: 'x', academicYear: '2026' }, await as('demo-caseworker-1'));
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['studentId', 'academicYear']));
    const { studentId } = await student();
    const outsider = await st().post<Problem>('/aid-applications', { studentId, academicYear: YEAR }, await as('cw-elsewhere', 'caseworker', { level: 'county', code: OTHER_COUNTY }));
    expect(outsider.status).toBe(403);
    const approver = await st().post<Problem>('/aid-applications', { studentId, academicYear: YEAR }, await as('demo-approver-1', 'approver'));
    expect(approver.status).toBe(403);
  });
});
