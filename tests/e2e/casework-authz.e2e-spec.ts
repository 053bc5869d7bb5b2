import { CASE_REVIEW_WORKFLOW, CaseReviewInput, CaseReviewStep, WORKFLOW_TASK_QUEUE, caseReviewWorkflowId, taskQueueName } from '@eduaid/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, login, seedUsers, startReview } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }
interface Task { taskId: string; level?: string; canAct?: boolean }
interface Page<T> { items: T[] }

const DAY = 24 * 3600 * 1000;
const VILLAGE = `${DEMO_COUNTY}001001`;
const SCHOOL = `${DEMO_COUNTY}0001`;

/** An aid approval step at county level, as the aid-application workflow places it: the village and school of the student. */
const countyApproval: CaseReviewStep[] = [{ step: 'county-approval', kind: 'aid-approval', candidateRole: 'approver', assignment: 'pool', dueInMs: 2 * DAY }];
const countyPlace = { divisionCode: VILLAGE, schoolCode: SCHOOL, level: 'county' as const };

/**
 * Who may grant, run and decide what (issue 10, authorization): scopes whose level matches their code,
 * never granted wider than the granter's; province-wide work only for a province-wide scope; a
 * step decided only at its level; task kinds only for the roles they belong to.
 */
describe('casework authorization', () => {
  let eduaid: EduaidHarness;
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: string, level: string, code: string) => eduaid.authAs({ userId, roles: [role as never], scope: { level: level as never, code } });

  beforeAll(async () => {
    eduaid = await startEduaid('casework-authz', [caseworkService, studentsService, schoolsService]);
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  describe('scopes', () => {
    const newUser = (username: string, scopeLevel: string, scopeCode: string) => ({ username, displayName: username, password: 'a-long-enough-password', roles: ['auditor'], scopeLevel, scopeCode });

    it('refuses a county admin creating a "province" user with the county’s own code, and any scope wider than the county', async () => {
      const countyAdmin = await as('admin-county', 'programme-admin', 'county', DEMO_COUNTY);
      // The probe's request: the level does not match the code's form (a province code has 2 digits).
      const probe = await cw().post<Problem>('/users', newUser('probe.province', 'province', DEMO_COUNTY), countyAdmin);
      expect(probe.status).toBe(400);
      expect(probe.body.code).toBe('scope.ill-formed');
      expect(probe.body.errors).toEqual([{ field: 'scopeCode', message: expect.stringMatching(/province scope needs a division code of 2 digits/) }]);
      // Well formed but wider than the admin's own scope, or outside it: 403, audited.
      for (const [level, code] of [['province', DEMO_COUNTY.slice(0, 2)], ['prefecture', DEMO_COUNTY.slice(0, 4)], ['county', OTHER_COUNTY], ['school', `${OTHER_COUNTY}0001`]]) {
        const wider = await cw().post<Problem>('/users', newUser(`probe.${level}`, level, code), countyAdmin);
        expect({ level, status: wider.status, code: wider.body.code }).toEqual({ level, status: 403, code: 'auth.out-of-scope' });
      }
      expect(await eduaid.db.query(`SELECT 1 FROM casework.users WHERE username LIKE 'probe.%'`)).toEqual([]);
      // Its own level or narrower, inside its code: created.
      for (const [level, code] of [['county', DEMO_COUNTY], ['township', `${DEMO_COUNTY}001`], ['school', SCHOOL]]) {
        const made = await cw().post<{ scope: { level: string; code: string } }>('/users', newUser(`made.${level}`, level, code), countyAdmin);
        expect({ level, status: made.status }).toEqual({ level, status: 201 });
        expect(made.body.scope).toEqual({ level, code });
      }
      // A school-scoped admin may create only users of that school.
      const schoolAdmin = await as('admin-school', 'programme-admin', 'school', SCHOOL);
      expect((await cw().post<Problem>('/users', newUser('school.township', 'township', `${DEMO_COUNTY}001`), schoolAdmin)).status).toBe(403);
      // Each refusal is in the audit log (reported asynchronously).
      await eventually(() => eduaid.db.query(`SELECT reason FROM casework.audit_log WHERE action = 'access.denied' AND actor = 'admin-county'`), (rows) => rows.length >= 4);
    });

    it('refuses every token whose scope level does not match its code, so no such caller reads the province’s audit', async () => {
      const fake = await as('fake-province', 'auditor', 'province', DEMO_COUNTY);
      for (const path of ['/audit/entries', '/audit/verification']) {
        const answer = await cw().get<Problem>(path, fake);
        expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, status: 401, code: 'auth.token-scope' });
      }
      expect((await eduaid.http('students').get<Problem>('/admin/key-rotation', fake)).status).toBe(401);
    });

    it('keeps province-wide work to a province-wide scope: audit verification, key rotation, the synthetic province', async () => {
      const countyAuditor = await as('aud-county', 'auditor', 'county', DEMO_COUNTY);
      const countyAdmin = await as('admin-county', 'programme-admin', 'county', DEMO_COUNTY);
      const answers = [
        await cw().get<Problem>('/audit/verification', countyAuditor),
        await eduaid.http('students').post<Problem>('/admin/key-rotation', {}, countyAdmin),
        await eduaid.http('students').get<Problem>('/admin/key-rotation', countyAdmin),
        await eduaid.http('schools').post<Problem>('/admin/synthetic-province', { fraction: 0.001 }, countyAdmin),
      ];
      expect(answers.map((a) => [a.status, a.body.code])).toEqual(Array(4).fill([403, 'auth.province-wide-only']));
      expect(answers[1].body.detail).toMatch(/spans the whole province/);
      const province = await login(eduaid, 'auditor.demo');
      expect((await cw().get<{ intact: boolean }>('/audit/verification', province)).body.intact).toBe(true);
      // A county auditor's entries are their county's only; entries without a place stay province-wide.
      const entries = await cw().get<Page<{ action: string }>>('/audit/entries?limit=200', countyAuditor);
      expect(entries.status).toBe(200);
      const placed = await eduaid.db.query<{ n: string }>(`SELECT count(*) AS n FROM casework.audit_log WHERE division_code LIKE $1 || '%'`, [DEMO_COUNTY]);
      expect(entries.body.items.length).toBe(Math.min(200, Number(placed[0].n)));
    });

    it('lets an admin revoke tokens only of users their scope holds', async () => {
      const countyAdmin = await as('admin-county', 'programme-admin', 'county', DEMO_COUNTY);
      const provinceUser = await cw().post<Problem>('/users/demo-auditor/token-revocations', { reason: 'probe' }, countyAdmin);
      expect([provinceUser.status, provinceUser.body.code]).toEqual([403, 'auth.out-of-scope']);
      const unknown = await cw().post<Problem>('/users/someone-external/token-revocations', {}, countyAdmin);
      expect([unknown.status, unknown.body.code]).toEqual([403, 'auth.province-wide-only']);
      expect((await cw().post('/users/demo-graduate/token-revocations', { reason: 'left' }, countyAdmin)).status).toBe(201);
      expect(await eduaid.db.query(`SELECT user_id FROM casework.token_cutoffs WHERE user_id IN ('demo-auditor', 'someone-external')`)).toEqual([]);
    });
  });

  describe('approval levels', () => {
    it('lets only a county approver of the county claim or decide a county approval, whatever covers it from below or above', async () => {
      const { task, handle } = await startReview(eduaid, 'app-level', { place: countyPlace, steps: countyApproval });
      const schoolApprover = await as('approver-school', 'approver', 'school', SCHOOL);
      const provinceApprover = await as('approver-province', 'approver', 'province', '42');
      const otherCounty = await as('approver-other', 'approver', 'county', OTHER_COUNTY);

      // The school approver sees the task (it lies in their school) but may neither claim nor decide it.
      const seen = await cw().get<Task>(`/tasks/${task.task_id}`, schoolApprover);
      expect(seen.body).toMatchObject({ level: 'county', canAct: false });
      const claim = await cw().post<Problem>(`/tasks/${task.task_id}/claim`, undefined, schoolApprover);
      expect([claim.status, claim.body.code]).toEqual([403, 'task.wrong-level']);
      expect(claim.body.detail).toBe(`Task ${task.task_id} is a county-level step: only someone scoped at county level covering it (county ${DEMO_COUNTY}) may claim or decide it; your scope is school ${SCHOOL}.`);
      const decide = await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, schoolApprover);
      expect([decide.status, decide.body.code]).toEqual([403, 'task.wrong-level']);
      expect((await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, provinceApprover)).body.code).toBe('task.wrong-level');
      expect((await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, otherCounty)).body.code).toBe('auth.out-of-scope');
      // Their group inbox does not offer it; the county approver's does, marked as theirs to act on.
      expect((await cw().get<Page<Task>>('/tasks?view=group', schoolApprover)).body.items.map((t) => t.taskId)).not.toContain(task.task_id);
      const approver = await login(eduaid, 'approver1.demo');
      const group = await cw().get<Page<Task>>('/tasks?view=group', approver);
      expect(group.body.items.find((t) => t.taskId === task.task_id)).toMatchObject({ level: 'county', canAct: true });
      const [row] = await eduaid.db.query<{ status: string; decided_by: string | null }>('SELECT status, decided_by FROM casework.tasks WHERE task_id = $1', [task.task_id]);
      expect(row).toEqual({ status: 'open', decided_by: null });

      expect((await cw().post(`/tasks/${task.task_id}/claim`, undefined, approver)).status).toBe(200);
      expect((await cw().post(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, approver)).status).toBe(200);
      expect((await handle.result()).outcome).toBe('approved');
    });

    it('refuses a supervisor reassigning a county step to someone not at county level', async () => {
      const { task } = await startReview(eduaid, 'app-level-reassign', { place: countyPlace, steps: countyApproval });
      await eduaid.db.query(
        `INSERT INTO casework.users (user_id, username, display_name, password_hash, password_salt, roles, scope_level, scope_code) VALUES ('school-approver', 'school-approver', 'x', 'x', 'x', '{approver}', 'school', $1)`,
        [SCHOOL],
      );
      const supervisor = await login(eduaid, 'supervisor.demo');
      const refused = await cw().post<Problem>(`/tasks/${task.task_id}/reassign`, { assigneeId: 'school-approver' }, supervisor);
      expect([refused.status, refused.body.code]).toEqual([422, 'task.assignee-ineligible']);
      expect((await cw().post(`/tasks/${task.task_id}/reassign`, { assigneeId: 'demo-approver-2' }, supervisor)).status).toBe(200);
    });

    it('refuses, for good, an approval task whose workflow does not say its level', async () => {
      const input: CaseReviewInput = { subject: { type: 'application', id: 'app-no-level' }, place: { divisionCode: VILLAGE, schoolCode: SCHOOL }, submittedBy: 'demo-caseworker-1', data: {}, steps: countyApproval };
      const handle = await eduaid.temporal.workflow.start(CASE_REVIEW_WORKFLOW, { workflowId: caseReviewWorkflowId('application', 'app-no-level'), taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix), args: [input] });
      // Not retried for ever: the activity fails once, non-retryably, and the process fails with it.
      const failure = await handle.result().then(() => undefined, (error: { cause?: { cause?: { message?: string; nonRetryable?: boolean } } }) => error.cause?.cause);
      expect(failure).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/must say the level it is decided at/) });
      expect(await eduaid.db.query(`SELECT 1 FROM casework.tasks WHERE subject_id = 'app-no-level'`)).toEqual([]);
    });
  });

  describe('task kinds belong to roles', () => {
    it('keeps aid tasks and their timelines from mentors', async () => {
      const { task } = await startReview(eduaid, 'app-mentor', { place: countyPlace, steps: countyApproval, data: { studentId: 'student-1', lines: [{ amountFen: 125000 }], cashFen: 125000 } });
      const mentor = await login(eduaid, 'mentor.demo');
      const denied = [
        await cw().get<Problem>(`/tasks/${task.task_id}`, mentor),
        await cw().post<Problem>(`/tasks/${task.task_id}/claim`, undefined, mentor),
        await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, mentor),
        await cw().get<Problem>('/cases/application/app-mentor/timeline', mentor),
      ];
      expect(denied.map((d) => [d.status, d.body.code])).toEqual(Array(4).fill([403, 'task.kind-not-yours']));
      expect(denied[0].body.detail).toMatch(/aid-approval task, which belongs to the roles caseworker, approver, supervisor; you hold mentor/);
      expect(JSON.stringify(denied)).not.toContain('125000');
      for (const view of ['mine', 'group']) {
        const list = await cw().get<Page<Task>>(`/tasks?view=${view}`, mentor);
        expect(list.body.items.map((t) => t.taskId)).not.toContain(task.task_id);
      }
      const counts = await cw().get<{ group: number }>('/tasks/counts', mentor);
      expect(counts.body.group).toBe(0);
      // The aid staff and the auditor read them.
      const caseworker = await login(eduaid, 'caseworker1.demo');
      expect((await cw().get<Task>(`/tasks/${task.task_id}`, caseworker)).body).toMatchObject({ canAct: false });
      expect((await cw().get('/cases/application/app-mentor/timeline', caseworker)).status).toBe(200);
      expect((await cw().get('/cases/application/app-mentor/timeline', await login(eduaid, 'auditor.demo'))).status).toBe(200);
    });
  });

  describe('a school code is no prefix of a township', () => {
    // School 4201020010 stands in township 420102002, yet its code begins with township 420102001's digits.
    const township = `${DEMO_COUNTY}001`;
    const schoolElsewhere = `${DEMO_COUNTY}0010`;

    it('keeps a student of another township out of a township caseworker’s list and record', async () => {
      const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, `${DEMO_COUNTY}002001`, DEMO_COUNTY]);
      const [student] = await eduaid.db.query<{ id: string }>(
        `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
           school_code, school_county_code, stage, grade, boarding, academic_year)
         VALUES ($1, 1, $2, '420***********0000', '别镇学生', '2013-05-01', 'female', $3, $4, $5, $6, $5, 'primary', 3, false, '2026-2027') RETURNING id`,
        [randomBytes(40), randomBytes(32), h.id, `${DEMO_COUNTY}002001`, DEMO_COUNTY, schoolElsewhere],
      );
      const townshipWorker = await as('cw-township', 'caseworker', 'township', township);
      const list = await eduaid.http('students').get<Page<{ id: string }>>('/students?limit=100', townshipWorker);
      expect(list.status).toBe(200);
      expect(list.body.items.map((s) => s.id)).not.toContain(student.id);
      const one = await eduaid.http('students').get<Problem>(`/students/${student.id}`, townshipWorker);
      expect([one.status, one.body.code]).toEqual([403, 'auth.out-of-scope']);
      // The county sees the student, and so does the school's own caseworker.
      expect((await eduaid.http('students').get(`/students/${student.id}`, await as('cw-county', 'caseworker', 'county', DEMO_COUNTY))).status).toBe(200);
      expect((await eduaid.http('students').get(`/students/${student.id}`, await as('cw-school', 'caseworker', 'school', schoolElsewhere))).status).toBe(200);
    });

    it('keeps a school’s roster import from a township that does not hold the school', async () => {
      const importId = randomUUID();
      await eduaid.db.query(
        `INSERT INTO students.roster_imports (id, file_name, encoding, size_bytes, sha256, scope_level, scope_code, created_by, status) VALUES ($1, 'r.csv', 'utf-8', 1, 'x', 'school', $2, 'cw-school', 'completed')`,
        [importId, schoolElsewhere],
      );
      const fromTownship = await eduaid.http('students').get<Problem>(`/roster-imports/${importId}`, await as('cw-township', 'caseworker', 'township', township));
      expect([fromTownship.status, fromTownship.body.code]).toEqual([403, 'auth.out-of-scope']);
      expect((await eduaid.http('students').get(`/roster-imports/${importId}`, await as('cw-county', 'caseworker', 'county', DEMO_COUNTY))).status).toBe(200);
    });

    it('keeps a village’s audit entries from a school auditor whose code its digits begin with', async () => {
      await startReview(eduaid, 'app-prefix', { place: { divisionCode: `${DEMO_COUNTY}001001` } });
      const schoolAuditor = await as('aud-school', 'auditor', 'school', schoolElsewhere);
      const entries = await cw().get<Page<unknown>>('/audit/entries?subjectType=application&subjectId=app-prefix', schoolAuditor);
      expect(entries.status).toBe(200);
      expect(entries.body.items).toEqual([]);
      const countyAuditor = await as('aud-county', 'auditor', 'county', DEMO_COUNTY);
      expect((await cw().get<Page<unknown>>('/audit/entries?subjectType=application&subjectId=app-prefix', countyAuditor)).body.items.length).toBeGreaterThan(0);
    });
  });
});
