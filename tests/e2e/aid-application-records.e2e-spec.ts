import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AidTransitionRecord } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { BankSandbox, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { caseworkService } from '../../services/casework/src/casework.service';
import { AidApplicationsActivities } from '../../services/students/src/aid-applications/aid-applications.activities';
import { BANK_API_URL_VARIABLE, BANK_TIMEOUT_VARIABLE } from '../../services/students/src/payments/bank-http.provider';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers, waitForTask } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }
interface Holder { candidateRole: string; level: string; divisionCode: string; assigneeId?: string }
interface Application {
  applicationId: string;
  source: 'record' | 'workflow';
  state: string;
  stage?: string;
  currentStep?: string;
  heldBy?: string;
  holder?: Holder;
  dueAt?: string;
  pendingTaskId?: string;
  standardsVersion?: string;
  entitlement: { scheme: string; ruleId: string; amountFen: number }[];
  reasons: string[];
  timeline: { step: string; action: string; actor: string }[];
  payments: { semester: string; status: string }[];
}
interface Summary { applicationId: string; state?: string; countyCode: string; currentStep?: string; heldBy?: string; holder?: Holder; dueAt?: string; overdue: boolean; stage?: string }
interface Page { items: Summary[]; nextCursor?: string }
interface Counts { divisionCode?: string; total: number; states: { state: string; count: number }[] }

// The suite has a database of its own: its lists hold only its own applications.
const YEAR = '2026-2027';
const VILLAGE = `${DEMO_COUNTY}001001`;
const SCHOOL = `${DEMO_COUNTY}0001`;
type Scope = { level: 'school' | 'county' | 'prefecture' | 'township'; code: string };
const AT_SCHOOL: Scope = { level: 'school', code: SCHOOL };
const DEMO: Scope = { level: 'county', code: DEMO_COUNTY };
const ELSEWHERE: Scope = { level: 'county', code: OTHER_COUNTY };

/**
 * The durable record of aid applications, end to end (real HTTP, PostgreSQL, Temporal, the bank
 * sandbox): each transition of the workflow writes the application's row; GET, the list, the CSV
 * export and the counts read it, inside the caller's jurisdiction, and it outlives the workflow.
 */
describe('aid applications: the durable record', () => {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  const st = () => eduaid.http('students');
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: 'caseworker' | 'approver' | 'auditor' = 'caseworker', scope: Scope = DEMO) => eduaid.authAs({ userId, roles: [role], scope });

  beforeAll(async () => {
    bank = await startBankSandbox();
    eduaid = await startEduaid('aid-records', [caseworkService, studentsService], { env: { [BANK_API_URL_VARIABLE]: bank.url, [BANK_TIMEOUT_VARIABLE]: '3000' } });
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
    await bank?.stop();
  });

  async function student(): Promise<string> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, VILLAGE, DEMO_COUNTY]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code, special_hardship,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '学生', '2013-05-01', 'female', $3, $4, $5, false, '${SCHOOL}', $5, 'junior-secondary', 2, true, $6) RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, VILLAGE, DEMO_COUNTY, YEAR],
    );
    return s.id;
  }

  async function apply(): Promise<string> {
    const res = await st().post<{ applicationId: string }>('/aid-applications', { studentId: await student(), academicYear: YEAR, bankAccount: { accountNumber: '6217000010001234567', holderName: '家长' } }, await as('demo-caseworker-1'));
    expect(res.status).toBe(201);
    return res.body.applicationId;
  }

  const show = async (id: string, scope: Scope = DEMO) => st().get<Application>(`/aid-applications/${encodeURIComponent(id)}`, await as('demo-caseworker-1', 'caseworker', scope));
  const until = (id: string, done: (a: Application) => boolean) => eventually(async () => (await show(id)).body, done, 60_000);
  const list = async (query: string, scope: Scope = DEMO, userId = 'demo-caseworker-1') => st().get<Page>(`/aid-applications?${query}`, await as(userId, 'caseworker', scope));
  /** Every page of a list, following nextCursor (limit 1: each page is one application). */
  async function everyPage(query: string, scope: Scope = DEMO): Promise<Summary[]> {
    const all: Summary[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i += 1) {
      const page = await list(`${query}&limit=1${after ? `&after=${encodeURIComponent(after)}` : ''}`, scope);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      after = page.body.nextCursor;
      if (!after) break;
    }
    return all;
  }
  const rowOf = async (id: string) => (await eduaid.db.query<{ state: string | null; current_step: string | null; holder_role: string | null; holder_level: string | null; due_at: Date | null; transition_seq: number }>(
    'SELECT state, current_step, holder_role, holder_level, due_at, transition_seq FROM students.aid_applications WHERE workflow_id = $1', [id]))[0];

  async function decide(workflowId: string, step: string, userId: string, role: 'caseworker' | 'approver', decision: 'approve' | 'return', comment: string | undefined, scope: Scope) {
    const task = await waitForTask(eduaid, workflowId, step);
    const res = await cw().post(`/tasks/${task.task_id}/decision`, { decision, ...(comment ? { comment } : {}) }, await as(userId, role, scope));
    expect(res.status).toBe(200);
  }

  it('shows the open step, its holder and due time from the row; after approval the list by state and county finds it, another county does not; CSV and counts', async () => {
    const id = await apply();

    // While the school check is open, the row holds it.
    const open = await until(id, (a) => a.currentStep === 'school-check' && !!a.pendingTaskId);
    expect(open).toMatchObject({ source: 'record', state: 'in-review', stage: 'junior-secondary', holder: { candidateRole: 'caseworker', level: 'school' }, standardsVersion: 'hubei-2026.1' });
    expect(Date.parse(open.dueAt as string)).toBeGreaterThan(Date.now());
    expect(await rowOf(id)).toMatchObject({ state: 'in-review', current_step: 'school-check', holder_role: 'caseworker', holder_level: 'school' });
    const waiting = await list(`step=school-check&divisionCode=${DEMO_COUNTY}&academicYear=${YEAR}`);
    expect(waiting.body.items.find((i) => i.applicationId === id)).toMatchObject({ state: 'in-review', currentStep: 'school-check', holder: { level: 'school' }, overdue: false, dueAt: open.dueAt });

    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'approve', 'enrolment and boarding confirmed', AT_SCHOOL);
    await decide(id, 'county-approval', 'demo-approver-1', 'approver', 'approve', undefined, DEMO);
    // Approved: the rows planned with the record; the payment cycles pay them.
    const approved = await until(id, (a) => a.state === 'approved' && a.timeline.some((t) => t.action === 'planned'));
    expect(approved.currentStep).toBeUndefined();
    expect(approved.payments.map((p) => p.status)).toEqual(['planned', 'planned']);
    expect(approved.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['school-check', 'approve'], ['county-approval', 'approve'], ['approval', 'approved'], ['payments', 'planned']]));

    // The list by state and county finds it, a page at a time; a caseworker of another county does not.
    const inCounty = await everyPage(`state=approved&divisionCode=${DEMO_COUNTY}&academicYear=${YEAR}&scheme=junior-secondary-boarding-living-allowance`);
    expect(inCounty.map((i) => i.applicationId)).toContain(id);
    expect(inCounty.every((i) => i.state === 'approved' && i.countyCode === DEMO_COUNTY)).toBe(true);
    const elsewhere = await list(`state=approved&academicYear=${YEAR}`, ELSEWHERE, 'cw-elsewhere');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items.map((i) => i.applicationId)).not.toContain(id);
    const askedForOurs = await list(`state=approved&divisionCode=${DEMO_COUNTY}`, ELSEWHERE, 'cw-elsewhere');
    expect(askedForOurs.body.items).toEqual([]);
    expect((await show(id, ELSEWHERE)).status).toBe(403);
    // Another scheme, another state: not in the list.
    expect((await list(`state=in-review&divisionCode=${DEMO_COUNTY}&academicYear=${YEAR}`)).body.items.map((i) => i.applicationId)).not.toContain(id);
    expect((await list(`scheme=secondary-vocational-national-grant&academicYear=${YEAR}`)).body.items.map((i) => i.applicationId)).not.toContain(id);

    // CSV export of the same selection, through the platform writer.
    const csv = await st().get<string>(`/aid-applications?state=approved&divisionCode=${DEMO_COUNTY}&format=csv`, await as('demo-caseworker-1'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toBe('applicationId,studentId,academicYear,state,villageCode,countyCode,schoolCode,stage,currentStep,heldBy,assigneeId,dueAt,overdue,standardsVersion,cashFen,appealed,updatedAt');
    expect(lines.find((l) => l.startsWith(`${id},`))).toContain(',approved,');

    // Counts by state for the county; another county's caller counts none of ours.
    const counts = await st().get<Counts>(`/aid-applications/counts?divisionCode=${DEMO_COUNTY}`, await as('demo-caseworker-1'));
    expect(counts.status).toBe(200);
    expect(counts.body.states.find((s) => s.state === 'approved')?.count).toBeGreaterThanOrEqual(1);
    expect(counts.body.total).toBe(counts.body.states.reduce((n, s) => n + s.count, 0));
    const theirs = await st().get<Counts>(`/aid-applications/counts?divisionCode=${DEMO_COUNTY}`, await as('cw-elsewhere', 'caseworker', ELSEWHERE));
    expect(theirs.body).toMatchObject({ total: 0, states: [] });
  });

  it('lists by holder (a return goes to the submitter) and by overdue', async () => {
    const id = await apply();
    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'return', 'please attach the boarding certificate', AT_SCHOOL);
    const returned = await until(id, (a) => a.state === 'more-information-requested' && !!a.pendingTaskId);
    expect(returned.holder).toMatchObject({ candidateRole: 'caseworker', assigneeId: 'demo-caseworker-1' });
    const mine = await list(`holder=demo-caseworker-1&state=more-information-requested`);
    expect(mine.body.items.map((i) => i.applicationId)).toContain(id);
    expect((await list('holder=demo-caseworker-2')).body.items.map((i) => i.applicationId)).not.toContain(id);

    expect((await list('overdue=true')).body.items.map((i) => i.applicationId)).not.toContain(id);
    // The step's due time passes (set on the row: a week of waiting is not a test).
    await eduaid.db.query(`UPDATE students.aid_applications SET due_at = now() - interval '1 hour' WHERE workflow_id = $1`, [id]);
    const overdue = await list(`overdue=true&divisionCode=${VILLAGE}`);
    expect(overdue.body.items.find((i) => i.applicationId === id)).toMatchObject({ overdue: true, currentStep: 'more-information' });
  });

  it('answers from the row once the workflow and its history are gone', async () => {
    const id = await apply();
    await until(id, (a) => a.currentStep === 'school-check' && !!a.pendingTaskId);
    const handle = eduaid.temporal.workflow.getHandle(id);
    await handle.terminate('the namespace retention passed');
    await eduaid.temporal.workflowService.deleteWorkflowExecution({ namespace: eduaid.temporal.options.namespace, workflowExecution: { workflowId: id } });
    await eventually(() => handle.describe().then(() => 'still there', (e: unknown) => (e instanceof WorkflowNotFoundError ? 'gone' : String(e))), (s) => s === 'gone', 90_000); // the dev server deletes in the background: slow on a busy machine

    const after = await show(id);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ applicationId: id, source: 'record', state: 'in-review', currentStep: 'school-check', standardsVersion: 'hubei-2026.1' });
    expect(after.body.timeline.map((t) => t.action)).toContain('submit');
    expect((await list(`step=school-check&academicYear=${YEAR}`)).body.items.map((i) => i.applicationId)).toContain(id);
  });

  it('an application started before the record: GET asks its workflow until its next transition fills the row', async () => {
    const id = await apply();
    await until(id, (a) => a.currentStep === 'school-check' && !!a.pendingTaskId);
    // What the migration leaves for an application that was open when it ran: the row without a state.
    await eduaid.db.query(`UPDATE students.aid_applications SET state = NULL, transition_seq = 0, current_step = NULL, timeline = '[]' WHERE workflow_id = $1`, [id]);
    const live = await show(id);
    expect(live.body).toMatchObject({ source: 'workflow', state: 'in-review', currentStep: 'school-check' });
    const counts = await st().get<Counts>(`/aid-applications/counts?divisionCode=${VILLAGE}`, await as('demo-caseworker-1'));
    expect(counts.body.states.find((s) => s.state === 'unrecorded')?.count).toBeGreaterThanOrEqual(1);

    await decide(id, 'school-check', 'demo-school-caseworker', 'caseworker', 'approve', 'enrolment and boarding confirmed', AT_SCHOOL);
    const filled = await until(id, (a) => a.source === 'record' && a.currentStep === 'county-approval');
    expect(filled).toMatchObject({ state: 'in-review', holder: { candidateRole: 'approver', level: 'county' } });
    expect(filled.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['submit', 'approve']));
  });

  it('writes each transition once and in order: a retried or late one changes nothing, and its ledger rows are planned with it', async () => {
    const id = await apply();
    await until(id, (a) => a.currentStep === 'school-check' && !!a.pendingTaskId);
    const { transition_seq: seq } = await rowOf(id);
    const activities = eduaid.app('students').get(AidApplicationsActivities);
    const [, studentId] = id.split(':');
    const base: AidTransitionRecord = {
      workflowId: id, seq: seq + 1, studentId, academicYear: YEAR, villageCode: VILLAGE, countyCode: DEMO_COUNTY, schoolCode: SCHOOL, submittedBy: 'demo-caseworker-1', stage: 'junior-secondary',
      status: { state: 'paying', entitlement: [], cashFen: 125000, needsHigherSignOff: false, appealed: false, reasons: [], timeline: [{ at: new Date().toISOString(), step: 'approval', action: 'approved', actor: 'system' }], standardsVersion: 'hubei-2026.1' },
      ledger: { plan: { workflowId: id, studentId, academicYear: YEAR, standardsVersion: 'hubei-2026.1', lines: [{ scheme: 'junior-secondary-boarding-living-allowance', ruleId: 'JS-BOARD-1250', semester: `${YEAR}:S2`, startsOn: '2027-03-01', amountFen: 62500 }] } },
    };
    await expect(activities.recordAidTransition(base)).resolves.toEqual({ applied: true, planned: 1, cancelled: 0 });
    // The same transition again (a retry after a lost answer): nothing written, the same answer.
    await expect(activities.recordAidTransition(base)).resolves.toEqual({ applied: false, planned: 1, cancelled: 0 });
    // An older one arriving late: ignored.
    await expect(activities.recordAidTransition({ ...base, seq: seq, status: { ...base.status, state: 'in-review' }, ledger: undefined })).resolves.toMatchObject({ applied: false });
    const row = await rowOf(id);
    expect(row).toMatchObject({ state: 'paying', transition_seq: seq + 1 });
    const ledger = await eduaid.db.query<{ semester: string; status: string }>('SELECT semester, status FROM students.aid_payments WHERE workflow_id = $1', [id]);
    expect(ledger).toEqual([{ semester: `${YEAR}:S2`, status: 'planned' }]);
    await eduaid.temporal.workflow.getHandle(id).terminate('test done');
  });

  it('refuses bad query parameters with 400 naming each one', async () => {
    const cases: [string, string][] = [
      ['state=lost', 'state'],
      ['divisionCode=4201', ''],
      ['divisionCode=42012', 'divisionCode'],
      ['schoolCode=42', 'schoolCode'],
      ['stage=kindergarten', 'stage'],
      ['step=nap', 'step'],
      ['holder=a%20b', 'holder'],
      ['overdue=maybe', 'overdue'],
      ['academicYear=2026', 'academicYear'],
      ['scheme=lottery', 'scheme'],
      ['after=not-a-cursor', 'after'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['format=xml', 'format'],
    ];
    for (const [query, field] of cases) {
      const res = await st().get<Problem>(`/aid-applications?${query}`, await as('demo-caseworker-1'));
      if (!field) {
        expect([query, res.status]).toEqual([query, 200]);
        continue;
      }
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.errors?.map((e) => e.field)).toContain(field);
    }
    const badCounts = await st().get<Problem>('/aid-applications/counts?divisionCode=x', await as('demo-caseworker-1'));
    expect([badCounts.status, badCounts.body.errors?.map((e) => e.field)]).toEqual([400, ['divisionCode']]);
    const unknown = await show(`aid-application:${randomUUID()}:${YEAR}`);
    expect([unknown.status, (unknown.body as unknown as Problem).code]).toEqual([404, 'aid-application.not-found']);
  });
});
