import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers, waitForTask } from './casework-fixtures';

interface Graduate { id: string; studentId: string; name: string; universityCode: string; countyCode: string; intention: string; cohort: number; userId?: string }
interface Case { graduateId: string; phase: string; mentorUserIds: string[]; mentors: { userId: string; name: string; lead: boolean }[]; leadMentorUserId?: string; checkIns: number; outcome?: string; claimedOutcome?: string; nextCheckInDueAt?: string; overdue: boolean }
interface Problem { status: number; code: string }

const VILLAGE = `${DEMO_COUNTY}001001`;
const UNIVERSITY = `${DEMO_COUNTY}0042`;
type Role = 'caseworker' | 'supervisor' | 'mentor' | 'graduate' | 'auditor';

/**
 * Graduates and job assistance end to end: real HTTP into mentoring, students and casework, real
 * PostgreSQL and Temporal (the graduate link and the case run on the workflow worker; activities in
 * each service's own worker). A graduate is linked from the registry, mentors are suggested and
 * assigned, the case is opened and worked by its mentor and the graduate, a claimed outcome is
 * verified through casework's inbox, and everyone sees only what is theirs.
 */
describe('job assistance', () => {
  let eduaid: EduaidHarness;
  const mt = () => eduaid.http('mentoring');
  const cw = () => eduaid.http('casework');
  const put = <T = unknown>(path: string, body: unknown, headers: Record<string, string>) => mt().request<T>('PUT', path, body, headers);
  const as = (userId: string, role: Role, code = DEMO_COUNTY) => eduaid.authAs({ userId, roles: [role], scope: { level: 'county', code } });

  beforeAll(async () => {
    eduaid = await startEduaid('job-assistance', [caseworkService, studentsService, mentoringService]);
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  /** A student of a registered-poor household of the demo county, at a given stage. */
  async function student(stage = 'undergraduate', grade = 4): Promise<string> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, VILLAGE, DEMO_COUNTY]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '张伟', '2004-05-01', 'male', $3, $4, $5, $6, $5, $7, $8, false, '2026-2027') RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, VILLAGE, DEMO_COUNTY, UNIVERSITY, stage, grade],
    );
    return s.id;
  }

  const registration = (studentId: string) => ({ studentId, major: '计算机科学与技术', degreeLevel: 'undergraduate', expectedGraduation: '2027-06-30', intention: 'job', preferredRegions: ['4201'], consentToContact: true });

  async function mentor(userId: string, expertise: string[], regionCode = DEMO_COUNTY, capacity = 10) {
    const name = ({ 'demo-mentor': '王老师', 'mentor-two': '李老师' } as Record<string, string>)[userId] ?? '赵老师';
    const res = await mt().post<{ id: string; load: number }>('/mentors', { userId, name, kind: 'teacher', capacity, expertise, regionCode }, await as('demo-supervisor', 'supervisor'));
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const showCase = async (graduateId: string) => (await mt().get<Case>(`/job-assistance-cases/${graduateId}`, await as('demo-caseworker-1', 'caseworker'))).body;

  it('links a graduate from the registry, suggests and assigns mentors, and a case runs from intake to a verified placement', async () => {
    // ——— the real-name base ———
    const studentId = await student();
    const outside = await mt().post<Problem>('/graduates', registration(studentId), await as('cw-other', 'caseworker', OTHER_COUNTY));
    expect([outside.status, outside.body.code]).toEqual([403, 'auth.out-of-scope']);
    const pupil = await mt().post<Problem>('/graduates', registration(await student('junior-secondary', 2)), await as('demo-caseworker-1', 'caseworker'));
    expect([pupil.status, pupil.body.code]).toEqual([422, 'graduate.not-in-higher-education']);
    const missing = await mt().post<Problem>('/graduates', registration(randomUUID()), await as('demo-caseworker-1', 'caseworker'));
    expect([missing.status, missing.body.code]).toEqual([404, 'graduate.student-not-found']);

    const created = await mt().post<Graduate>('/graduates', registration(studentId), await as('demo-caseworker-1', 'caseworker'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ studentId, name: '张伟', universityCode: UNIVERSITY, countyCode: DEMO_COUNTY, intention: 'job', cohort: 2027 });
    expect(JSON.stringify(created.body)).not.toMatch(/national|420\*{3}/i);
    const again = await mt().post<Graduate>('/graduates', registration(studentId), await as('demo-caseworker-2', 'caseworker'));
    expect([again.status, again.body.id]).toEqual([200, created.body.id]);
    const graduateId = created.body.id;
    expect((await mt().get<Problem>(`/graduates/${graduateId}`, await as('cw-other', 'caseworker', OTHER_COUNTY))).status).toBe(403);

    // ——— mentors, suggestions, assignment ———
    const match = await mentor('demo-mentor', ['job', '计算机科学与技术']);
    const other = await mentor('mentor-two', ['further-study']);
    const full = await mentor('mentor-full', ['job'], DEMO_COUNTY, 1);
    const filler = await student();
    const fillerGraduate = (await mt().post<Graduate>('/graduates', registration(filler), await as('demo-caseworker-1', 'caseworker'))).body.id;
    expect((await put(`/graduates/${fillerGraduate}/mentors`, { mentorIds: [full], leadMentorId: full, reason: 'fills the mentor' }, await as('demo-caseworker-1', 'caseworker'))).status).toBe(200);
    const suggestions = await mt().get<{ suggestions: { mentorId: string; matches: string[] }[] }>(`/graduates/${graduateId}/mentor-suggestions`, await as('demo-caseworker-1', 'caseworker'));
    expect(suggestions.body.suggestions.map((s) => s.mentorId)).toEqual([match, other]);
    expect(suggestions.body.suggestions[0].matches).toEqual(['intention', 'region', 'major']);
    const atCapacity = await put<Problem>(`/graduates/${graduateId}/mentors`, { mentorIds: [full], leadMentorId: full, reason: 'try' }, await as('demo-caseworker-1', 'caseworker'));
    expect([atCapacity.status, atCapacity.body.code]).toEqual([409, 'mentor.at-capacity']);
    const noCase = await mt().post<Problem>('/job-assistance-cases', { graduateId }, await as('demo-caseworker-1', 'caseworker'));
    expect([noCase.status, noCase.body.code]).toEqual([409, 'case.no-mentors']);
    const team = await put<{ mode: string; mentors: { mentorId: string; lead: boolean }[] }>(`/graduates/${graduateId}/mentors`, { mentorIds: [match], leadMentorId: match, reason: 'best match' }, await as('demo-caseworker-1', 'caseworker'));
    expect(team.body.mode).toBe('one-on-one');

    // ——— the case opens: the graduate's account is created in casework ———
    const opened = await mt().post<{ workflowId: string; graduateUserId: string }>('/job-assistance-cases', { graduateId }, await as('demo-caseworker-1', 'caseworker'));
    expect(opened.status).toBe(202);
    expect(opened.body.workflowId).toBe(`job-assistance:${graduateId}`);
    const graduateUser = opened.body.graduateUserId;
    expect((await mt().post<Problem>('/job-assistance-cases', { graduateId }, await as('demo-caseworker-1', 'caseworker'))).body.code).toBe('case.already-open');
    await eventually(() => showCase(graduateId), (c) => c.phase === 'assessment');
    const [account] = await eduaid.db.query<{ roles: string[]; scope_code: string }>(`SELECT roles, scope_code FROM casework.users WHERE user_id = $1`, [graduateUser]);
    expect(account).toEqual({ roles: ['graduate'], scope_code: DEMO_COUNTY });

    // ——— the mentor works the case; another mentor sees nothing of it ———
    const mentorAuth = await as('demo-mentor', 'mentor');
    const caseload = await mt().get<{ open: number; items: Case[] }>('/caseload', mentorAuth);
    expect(caseload.body.items.map((c) => c.graduateId)).toEqual([graduateId]);
    expect((await mt().get<Problem>(`/job-assistance-cases/${graduateId}`, await as('mentor-two', 'mentor'))).body.code).toBe('case.not-yours');
    expect((await mt().get<{ items: Case[] }>('/caseload', await as('mentor-two', 'mentor'))).body.items).toEqual([]);
    expect((await mt().get<Problem>('/graduates', mentorAuth)).status).toBe(403);
    const early = await mt().post<Problem>(`/job-assistance-cases/${graduateId}/plan`, { plan: 'too early' }, mentorAuth);
    expect([early.status, early.body.code]).toEqual([409, 'case.wrong-phase']);
    expect((await mt().post(`/job-assistance-cases/${graduateId}/assessment`, { needs: 'CV, interview practice' }, mentorAuth)).status).toBe(200);
    const planned = await mt().post<{ phase: string; nextCheckInDueAt: string }>(`/job-assistance-cases/${graduateId}/plan`, { plan: 'two job fairs a month', cadenceDays: 7 }, mentorAuth);
    expect(planned.body.phase).toBe('check-ins');
    expect(new Date(planned.body.nextCheckInDueAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const logged = await mt().post<{ kind: string; by: string; note: string }>(`/job-assistance-cases/${graduateId}/activities`, { kind: 'job-fair-referral', note: 'spring fair' }, mentorAuth);
    expect([logged.status, logged.body.kind, logged.body.by, logged.body.note]).toEqual([201, 'job-fair-referral', 'demo-mentor', 'spring fair']);
    expect((await mt().post(`/job-assistance-cases/${graduateId}/check-ins`, { note: 'CV done' }, mentorAuth)).status).toBe(200);
    await eventually(() => showCase(graduateId), (c) => c.checkIns === 1);
    // The case names its team (not only user ids), as the console shows it.
    expect((await showCase(graduateId)).mentors).toEqual([{ userId: 'demo-mentor', name: '王老师', lead: true }]);

    // ——— reassignment: a team with a new lead, then the first mentor leaves; history kept ———
    await put(`/graduates/${graduateId}/mentors`, { mentorIds: [match, other], leadMentorId: other, reason: 'add a further-study mentor' }, await as('demo-caseworker-1', 'caseworker'));
    const left = await put<{ mode: string }>(`/graduates/${graduateId}/mentors`, { mentorIds: [other], leadMentorId: other, reason: 'mentor left' }, await as('demo-supervisor', 'supervisor'));
    expect(left.body.mode).toBe('one-on-one');
    const history = await mt().get<{ assignments: { mentorId: string; lead: boolean; endedAt?: string; endReason?: string }[] }>(`/graduates/${graduateId}/mentors/history`, await as('demo-auditor', 'auditor'));
    expect(history.body.assignments.map((a) => [a.mentorId, a.endReason ?? null])).toEqual([[match, 'mentor left'], [other, null]]);
    await eventually(() => showCase(graduateId), (c) => c.mentorUserIds.join() === 'mentor-two' && c.leadMentorUserId === 'mentor-two');
    expect((await mt().post<Problem>(`/job-assistance-cases/${graduateId}/check-ins`, {}, mentorAuth)).body.code).toBe('case.not-yours');
    expect((await showCase(graduateId)).mentors).toEqual([{ userId: 'mentor-two', name: '李老师', lead: true }]);

    // ——— the graduate's account: a caseworker hands over a code, the graduate sets a password and logs in ———
    expect((await cw().post<Problem>(`/users/${graduateUser}/activation-code`, {}, await as('cw-other', 'caseworker', OTHER_COUNTY))).body.code).toBe('auth.out-of-scope');
    expect((await cw().post<Problem>('/users/demo-approver-1/activation-code', {}, await as('demo-caseworker-1', 'caseworker'))).body.code).toBe('user.not-a-graduate');
    const issued = await cw().post<{ username: string; activationCode: string }>(`/users/${graduateUser}/activation-code`, {}, await as('demo-caseworker-1', 'caseworker'));
    expect(issued.status).toBe(201);
    expect(issued.body.activationCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
    const password = 'a-graduate-password';
    expect((await cw().post('/auth/login', { username: issued.body.username, password })).status).toBe(401);
    const wrong = await cw().post<Problem>('/auth/activate', { username: issued.body.username, activationCode: 'AAAA-AAAA-AA', password });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'auth.activation-failed']);
    const activated = await cw().post('/auth/activate', { username: issued.body.username, activationCode: issued.body.activationCode.toLowerCase(), password });
    expect(activated.status).toBe(200);
    expect((await cw().post('/auth/activate', { username: issued.body.username, activationCode: issued.body.activationCode, password })).status).toBe(401);
    const login = await cw().post<{ accessToken: string }>('/auth/login', { username: issued.body.username, password });
    expect(login.status).toBe(200);

    // ——— the graduate's own case ———
    const graduateAuth = { authorization: `Bearer ${login.body.accessToken}` };
    const mine = await mt().get<{ case: Case; mentors: string[] }>('/my-case', graduateAuth);
    expect(mine.status).toBe(200);
    expect(mine.body.case.graduateId).toBe(graduateId);
    expect((await mt().get<Problem>('/my-case', await as('someone-else', 'graduate'))).status).toBe(404);
    expect((await mt().get<Problem>(`/job-assistance-cases/${graduateId}`, graduateAuth)).status).toBe(403);
    expect((await mt().post(`/my-case/activities`, { kind: 'offer', employer: '光谷软件' }, graduateAuth)).status).toBe(201);
    const refusedKind = await mt().post<Problem>(`/my-case/activities`, { kind: 'training' }, graduateAuth);
    expect(refusedKind.status).toBe(400);
    const claimed = await mt().post<{ phase: string }>('/my-case/outcome-claims', { outcome: 'employed', employer: '光谷软件' }, graduateAuth);
    expect(claimed.body.phase).toBe('verifying');

    // ——— a caseworker verifies through casework's inbox ———
    const task = await waitForTask(eduaid, `job-assistance:${graduateId}`, 'verify-outcome');
    const decided = await cw().post(`/tasks/${task.task_id}/decision`, { decision: 'approve', comment: 'contract seen' }, await as(task.assignee_id ?? 'demo-caseworker-1', 'caseworker'));
    expect(decided.status).toBe(200);
    const placed = await eventually(() => showCase(graduateId), (c) => c.phase === 'follow-up');
    expect(placed.outcome).toBe('employed');

    const events = await mt().get<{ items: { kind: string; by: string; byName?: string }[] }>(`/job-assistance-cases/${graduateId}/events`, await as('demo-auditor', 'auditor'));
    expect(events.body.items.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'needs-assessed', 'plan-agreed', 'job-fair-referral', 'check-in', 'mentors-changed', 'offer', 'outcome-claimed', 'outcome-verified']));
    // Who did what, by name where mentoring knows them: the mentor and the graduate; staff keep their user id.
    const byKind = (kind: string) => events.body.items.find((e) => e.kind === kind);
    expect([byKind('job-fair-referral')?.by, byKind('job-fair-referral')?.byName]).toEqual(['demo-mentor', '王老师']);
    expect([byKind('offer')?.by, byKind('offer')?.byName]).toEqual([graduateUser, '张伟']);
    expect(byKind('outcome-verified')?.byName).toBeUndefined();
    // The notes the case wrote itself come with a code the console says in the reader's language.
    const codeOf = (kind: string) => (events.body.items.find((e) => e.kind === kind) as { noteCode?: Record<string, unknown> } | undefined)?.noteCode;
    expect(codeOf('mentors-changed')).toEqual(expect.objectContaining({ code: 'mentors-changed', leadMentorUserId: 'mentor-two', reason: expect.stringMatching(/further-study mentor|mentor left/) }));
    expect(codeOf('outcome-claimed')).toEqual({ code: 'outcome', outcome: 'employed', employer: '光谷软件' });
    expect(codeOf('outcome-verified')).toEqual({ code: 'outcome', outcome: 'employed' });
    expect(codeOf('check-in')).toBeUndefined();
    // The graduate reads why their mentors changed, never a user id.
    const ownRecent = await mt().get<{ recent: { kind: string; note?: string; noteCode?: Record<string, unknown> }[] }>('/my-case', graduateAuth);
    const ownChanges = ownRecent.body.recent.filter((e) => e.kind === 'mentors-changed');
    expect(ownChanges.map((e) => e.note).sort()).toEqual(['add a further-study mentor', 'mentor left']);
    expect(JSON.stringify(ownRecent.body.recent)).not.toMatch(/mentor-two|demo-mentor/);

    // ——— the list reads the durable rows, in scope, a keyset page at a time ———
    const list = await mt().get<{ items: Case[]; nextCursor?: string }>('/job-assistance-cases?limit=1', await as('demo-supervisor', 'supervisor'));
    expect(list.body.items.map((c) => c.graduateId)).toEqual([graduateId]);
    const next = await mt().get<{ items: Case[] }>(`/job-assistance-cases?limit=1&after=${list.body.nextCursor}`, await as('demo-supervisor', 'supervisor'));
    expect(next.body.items).toEqual([]);
    expect((await mt().get<{ items: Case[] }>('/job-assistance-cases', await as('sup-other', 'supervisor', OTHER_COUNTY))).body.items).toEqual([]);

    // ——— reports, scoped: the employment rate by county and per-mentor caseload, JSON and CSV ———
    const supervisor = await as('demo-supervisor', 'supervisor');
    const employment = await mt().get<{ lines: { group: string; graduates: number; placed: number; employmentRate: number; openCases: number; medianDaysToPlacement?: number }[] }>('/reports/employment?by=county', supervisor);
    expect(employment.body.lines).toEqual([expect.objectContaining({ group: DEMO_COUNTY, graduates: 2, placed: 1, employmentRate: 0.5, openCases: 1 })]);
    expect(employment.body.lines[0].medianDaysToPlacement).toBeGreaterThanOrEqual(0);
    const byCohort = await mt().get<string>('/reports/employment?by=cohort&format=csv', supervisor);
    expect(byCohort.headers.get('content-type')).toMatch(/text\/csv/);
    expect(byCohort.body.split(/\r?\n/)[0]).toBe('cohort,graduates,withCase,placed,employmentRate,openCases,avgDaysToPlacement,medianDaysToPlacement');
    expect(byCohort.body).toMatch(/\n2027,2,1,1,0\.5,1,/);
    expect((await mt().get<{ lines: unknown[] }>('/reports/employment?by=county', await as('sup-other', 'supervisor', OTHER_COUNTY))).body.lines).toEqual([]);
    const load = await mt().get<{ mentors: { userId?: string; openCases: number; overdue: number; capacity: number }[] }>('/reports/mentor-caseload', supervisor);
    expect(load.body.mentors.map((m) => [m.userId, m.openCases, m.overdue]).sort()).toEqual([['demo-mentor', 0, 0], ['mentor-full', 0, 0], ['mentor-two', 1, 0]]);
    expect((await mt().get<Problem>('/reports/employment?by=county', mentorAuth)).status).toBe(403);
  });

  it('changes only the mentor fields a PATCH gives, and refuses a second mentor for the same user', async () => {
    const supervisor = await as('demo-supervisor', 'supervisor');
    interface Mentor { id: string; userId?: string; capacity: number; expertise: string[]; regionCode: string; active: boolean }
    const mentorId = await mentor('mentor-patched', ['job', 'further-study'], DEMO_COUNTY, 8);
    const patch = (body: unknown) => mt().request<Mentor>('PATCH', `/mentors/${mentorId}`, body, supervisor);

    const capacity = await patch({ capacity: 3 });
    expect(capacity.status).toBe(200);
    expect(capacity.body).toMatchObject({ id: mentorId, userId: 'mentor-patched', capacity: 3, expertise: ['job', 'further-study'], regionCode: DEMO_COUNTY, active: true });
    const inactive = await patch({ active: false, expertise: ['job'] });
    expect(inactive.body).toMatchObject({ capacity: 3, expertise: ['job'], regionCode: DEMO_COUNTY, active: false });
    // Nothing given, nothing changed; the mentor as a later read shows it.
    expect((await patch({})).status).toBe(200);
    expect((await mt().get<Mentor>(`/mentors/${mentorId}`, supervisor)).body).toMatchObject({ capacity: 3, expertise: ['job'], regionCode: DEMO_COUNTY, active: false });

    const again = await mt().post<Problem>('/mentors', { userId: 'mentor-patched', name: '孙老师', kind: 'alumnus', capacity: 2, expertise: [], regionCode: DEMO_COUNTY }, supervisor);
    expect([again.status, again.body.code]).toEqual([409, 'mentor.user-taken']);
  });

  it('lists the mentors of a jurisdiction by name (then id), a page at a time', async () => {
    const county = '420188';
    const supervisor = await as('sup-mentor-list', 'supervisor', county);
    const ids: Record<string, string> = {};
    for (const [userId, name] of [['list-c', 'Mentor C'], ['list-a1', 'Mentor A'], ['list-b', 'Mentor B'], ['list-a2', 'Mentor A']]) {
      const res = await mt().post<{ id: string }>('/mentors', { userId, name, kind: 'teacher', capacity: 5, expertise: [], regionCode: county }, supervisor);
      expect(res.status).toBe(201);
      ids[userId] = res.body.id;
    }
    const sameName = [ids['list-a1'], ids['list-a2']].sort();
    const expected = [[sameName[0], 'Mentor A'], [sameName[1], 'Mentor A'], [ids['list-b'], 'Mentor B'], [ids['list-c'], 'Mentor C']];

    const first = await mt().get<{ items: { id: string; name: string }[]; nextCursor?: string }>('/mentors?limit=3', supervisor);
    expect(first.status).toBe(200);
    expect(first.body.items.map((m) => [m.id, m.name])).toEqual(expected.slice(0, 3));
    expect(first.body.nextCursor).toBe(expected[2][0]);
    const rest = await mt().get<{ items: { id: string; name: string }[]; nextCursor?: string }>(`/mentors?limit=3&after=${first.body.nextCursor}`, supervisor);
    expect(rest.body.items.map((m) => [m.id, m.name])).toEqual(expected.slice(3));
    expect(rest.body.nextCursor).toBeUndefined();
  });
});
