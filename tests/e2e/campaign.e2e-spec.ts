import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { CASEWORK_URL_VARIABLE } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }
interface CountyCounts { countyCode: string; assessed: number; eligible: number; listed: number; confirmed: number; approved: number; planned: number; alreadyPlanned: number; excluded: number }
interface Campaign { campaignId: string; workflowId: string; state: string; assessed: number; eligible: number; lists: Record<string, number>; counties: CountyCounts[] }
interface Result { studentId: string; schoolCode: string; standardsVersion: string; eligible: boolean; reasons: string[]; lines: { scheme: string; ruleId: string; fund: string; amountFen: number }[]; status: string; exclusionReason?: string; excludedBy?: string; needsSignOff: boolean }
interface Report {
  totals: { assessed: number; eligible: number; listed: number; approved: number; planned: number; alreadyPlanned: number; excluded: number; excludedByReason: Record<string, number> };
  counties: { countyCode: string }[];
  amounts: { countyCode: string; basis: string; scheme: string; fund: string; students: number; amountFen: number }[];
}

const YEAR = '2036-2037';
const SCHOOL_1 = `${DEMO_COUNTY}0001`;
const SCHOOL_2 = `${DEMO_COUNTY}0002`;
const VILLAGE = `${DEMO_COUNTY}001001`;
type Scope = { level: 'province' | 'prefecture' | 'county' | 'school'; code: string };

/**
 * A county's annual campaign through the API (real HTTP, PostgreSQL, Temporal and casework): the
 * registry assessed with the policy calculator, one review task per school with exceptions marked, the
 * county's approval (four eyes against the school reviewers), the prefecture sign-off a special fund
 * needs, the ledger planned in bulk and once per student (a student already planned by an application
 * is not planned again), the report in JSON and CSV, each student's timeline.
 */
describe('annual campaign', () => {
  let eduaid: EduaidHarness;
  const st = () => eduaid.http('students');
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: 'caseworker' | 'approver' | 'programme-admin' | 'auditor', scope: Scope) => eduaid.authAs({ userId, roles: [role], scope });
  const admin = () => as('campaign-admin', 'programme-admin', { level: 'province', code: '42' });

  beforeAll(async () => {
    eduaid = await startEduaid('campaign', [caseworkService, studentsService]);
    process.env[CASEWORK_URL_VARIABLE] = eduaid.http('casework').baseUrl;
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  /** A household (poor unless told) with one pupil enrolled for YEAR at the school. */
  async function student(school: string, opts: { stage?: string; boarding?: boolean; specialHardship?: boolean; household?: string; county?: string } = {}): Promise<string> {
    const county = opts.county ?? DEMO_COUNTY;
    const village = county === DEMO_COUNTY ? VILLAGE : `${county}001001`;
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code, status) VALUES ($1, $2, $3, $4) RETURNING id`, [`HH-${randomUUID()}`, village, county, opts.household ?? 'poor']);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code, special_hardship,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '学生', '2013-05-01', 'female', $3, $4, $5, $6, $7, $5, $8, 2, $9, $10) RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, village, county, opts.specialHardship ?? false, school, opts.stage ?? 'junior-secondary', opts.boarding ?? true, YEAR],
    );
    return s.id;
  }

  /** A list's open task: its subject is the list's key (`…:school:<school>` for a school's list, the county's workflow id for its county list). */
  const waitForListTask = async (listKey: string, step: string) =>
    (await eventually(
      () => eduaid.db.query<{ task_id: string; workflow_id: string }>(`SELECT task_id, workflow_id FROM casework.tasks WHERE subject_id = $1 AND step = $2 AND status IN ('open','claimed') ORDER BY created_at DESC`, [listKey, step]),
      (r) => r.length > 0,
    ))[0];

  async function decide(listKey: string, step: string, userId: string, role: 'caseworker' | 'approver', scope: Scope, decision: 'approve' | 'reject' = 'approve', comment?: string) {
    const task = await waitForListTask(listKey, step);
    const res = await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision, ...(comment ? { comment } : {}) }, await as(userId, role, scope));
    expect(res.status).toBe(200);
    return task.task_id;
  }

  const exclude = async (campaignId: string, studentId: string, reason: string, headers: Record<string, string>, note?: string) =>
    st().post<Problem & { status: string | number }>(`/campaigns/${campaignId}/exclusions`, { studentId, reason, ...(note ? { note } : {}) }, headers);

  it('runs a county campaign from the registry to the ledger through school lists, the county approval and a sign-off', async () => {
    // School 1: four boarders (one will leave school), a special-hardship boarder (local-relief fund: sign-off), a day pupil in primary (no scheme).
    const s1 = [await student(SCHOOL_1), await student(SCHOOL_1), await student(SCHOOL_1), await student(SCHOOL_1)];
    const hardship = await student(SCHOOL_1, { specialHardship: true });
    const dayPupil = await student(SCHOOL_1, { stage: 'primary', boarding: false });
    // School 2: three boarders (one a duplicate, one in the wrong stage), one whose household left poverty.
    const s2 = [await student(SCHOOL_2), await student(SCHOOL_2), await student(SCHOOL_2)];
    const liftedOut = await student(SCHOOL_2, { household: 'lifted-out' });
    // Another county: not in this campaign.
    const elsewhere = await student(`${OTHER_COUNTY}0001`, { county: OTHER_COUNTY });
    // s1[1] was approved through an individual application before the campaign: its rows are in the ledger.
    await eduaid.db.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by)
       SELECT 'aid-application:' || $1 || ':${YEAR}:junior-secondary-boarding-living-allowance:' || sem, 'aid-application:' || $1 || ':${YEAR}', $1::uuid, '${YEAR}', sem,
              'junior-secondary-boarding-living-allowance', 'JS-BOARD-1250', 'hubei-2026.1', 62500, '2036-09-01', 'cycle'
         FROM unnest(ARRAY['${YEAR}:S1', '${YEAR}:S2']) AS sem`,
      [s1[1]],
    );

    // Misuse: a caseworker may not open one; an admin of another county may not open this county's; a year no standards cover; a township scope.
    const body = { academicYear: YEAR, scopeLevel: 'county', scopeCode: DEMO_COUNTY };
    expect((await st().post<Problem>('/campaigns', body, await as('cw-x', 'caseworker', { level: 'county', code: DEMO_COUNTY }))).status).toBe(403);
    expect((await st().post<Problem>('/campaigns', body, await as('other-admin', 'programme-admin', { level: 'county', code: OTHER_COUNTY }))).body.code).toBe('auth.out-of-scope');
    const badYear = await st().post<Problem>('/campaigns', { ...body, academicYear: '2036-2038' }, await admin());
    expect(badYear.body).toMatchObject({ status: 400, code: 'campaign.bad-year', errors: [{ field: 'academicYear' }] });
    expect((await st().post<Problem>('/campaigns', { ...body, scopeLevel: 'prefecture' }, await admin())).body.code).toBe('scope.ill-formed');
    expect((await st().post<Problem>('/campaigns', { ...body, scopeLevel: 'township', scopeCode: `${DEMO_COUNTY}001` }, await admin())).status).toBe(400);

    const started = await st().post<{ campaignId: string; workflowId: string; state: string }>('/campaigns', body, await admin());
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(`campaign:${YEAR}:${DEMO_COUNTY}`);
    const { campaignId, workflowId } = started.body;
    // One per year and scope; one covering it is refused as well.
    expect((await st().post<Problem>('/campaigns', body, await admin())).body).toMatchObject({ status: 409, code: 'campaign.already-started' });
    expect((await st().post<Problem>('/campaigns', { ...body, scopeLevel: 'province', scopeCode: '42' }, await admin())).body).toMatchObject({ status: 409, code: 'campaign.overlaps' });

    // Assessed: every enrolled student of the county's schools, with reasons for those not eligible.
    const schoolList1 = `${workflowId}:school:${SCHOOL_1}`;
    const schoolList2 = `${workflowId}:school:${SCHOOL_2}`;
    // The county's workflow holds its school lists: their tasks' decisions go to it.
    expect((await waitForListTask(schoolList1, 'school-list')).workflow_id).toBe(`${workflowId}:county:${DEMO_COUNTY}`);
    const reviewing = (await st().get<Campaign>(`/campaigns/${campaignId}`, await admin())).body;
    expect(reviewing).toMatchObject({ state: 'reviewing', assessed: 10, eligible: 8 });
    expect(reviewing.counties).toEqual([expect.objectContaining({ countyCode: DEMO_COUNTY, assessed: 10, eligible: 8, listed: 8 })]);
    const schoolCw = await as('demo-school-caseworker', 'caseworker', { level: 'school', code: SCHOOL_1 });
    const list1 = (await st().get<{ items: Result[] }>(`/campaigns/${campaignId}/students?schoolCode=${SCHOOL_1}`, schoolCw)).body.items;
    expect(list1).toHaveLength(6);
    expect(list1.find((r) => r.studentId === s1[0])).toMatchObject({ status: 'listed', eligible: true, standardsVersion: 'hubei-2026.1', lines: [{ scheme: 'junior-secondary-boarding-living-allowance', ruleId: 'JS-BOARD-1250', fund: 'national', amountFen: 125_000 }] });
    expect(list1.find((r) => r.studentId === hardship)).toMatchObject({ needsSignOff: true, lines: [{ ruleId: 'JS-BOARD-1250' }, { ruleId: 'SPECIAL-HARDSHIP', fund: 'local-relief' }] });
    expect(list1.find((r) => r.studentId === dayPupil)).toMatchObject({ status: 'ineligible', reasons: ['no scheme applies to a day student in primary'] });
    // A school's caseworker sees their school's students only.
    expect((await st().get<{ items: Result[] }>(`/campaigns/${campaignId}/students`, schoolCw)).body.items.every((r) => r.schoolCode === SCHOOL_1)).toBe(true);
    const all = (await st().get<{ items: Result[] }>(`/campaigns/${campaignId}/students?limit=1000`, await admin())).body.items;
    expect(all.find((r) => r.studentId === liftedOut)).toMatchObject({ status: 'ineligible', reasons: ['the household is lifted-out, not registered-poor'] });
    expect(all.some((r) => r.studentId === elsewhere)).toBe(false);

    // School lists: exceptions with reasons, by the school's own caseworker only, while the list is open.
    expect((await exclude(campaignId, s1[0], 'left-school', schoolCw)).status).toBe(200);
    const school2Cw = await as('school2-caseworker', 'caseworker', { level: 'school', code: SCHOOL_2 });
    expect((await exclude(campaignId, s1[2], 'duplicate', school2Cw)).body.code).toBe('auth.out-of-scope');
    expect((await exclude(campaignId, s1[2], 'other', schoolCw)).body).toMatchObject({ status: 400, code: 'campaign.note-required' });
    const approver = await as('demo-approver-1', 'approver', { level: 'county', code: DEMO_COUNTY });
    expect((await exclude(campaignId, s1[2], 'wrong-stage', approver)).body).toMatchObject({ status: 409, code: 'campaign.list-closed' });
    expect((await exclude(campaignId, dayPupil, 'duplicate', schoolCw)).body).toMatchObject({ status: 409, code: 'campaign.not-on-list' });
    const task1 = await decide(schoolList1, 'school-list', 'demo-school-caseworker', 'caseworker', { level: 'school', code: SCHOOL_1 }, 'approve', 'enrolment confirmed');
    // A list decided twice: one decision wins.
    const twice = await cw().post<Problem>(`/tasks/${task1}/decision`, { decision: 'reject', comment: 'second thoughts' }, schoolCw);
    expect(twice.status).toBe(409);
    await eventually(() => st().get<{ items: Result[] }>(`/campaigns/${campaignId}/students?schoolCode=${SCHOOL_1}&status=confirmed`, schoolCw), (r) => r.body.items.length === 4);
    expect((await exclude(campaignId, s1[2], 'duplicate', schoolCw)).body.code).toBe('campaign.list-closed');

    await waitForListTask(schoolList2, 'school-list');
    expect((await exclude(campaignId, s2[0], 'duplicate', school2Cw)).status).toBe(200);
    await decide(schoolList2, 'school-list', 'school2-caseworker', 'caseworker', { level: 'school', code: SCHOOL_2 });

    // The county: four eyes against both school reviewers; an exclusion by the county's approver; then approve.
    const countyWf = `${workflowId}:county:${DEMO_COUNTY}`;
    const countyTask = await waitForListTask(countyWf, 'county-approval');
    const [taskRow] = await eduaid.db.query<{ excluded_deciders: string[]; decider_level: string; kind: string }>('SELECT excluded_deciders, decider_level, kind FROM casework.tasks WHERE task_id = $1', [countyTask.task_id]);
    expect(taskRow).toMatchObject({ kind: 'campaign-county-list', decider_level: 'county' });
    expect([...taskRow.excluded_deciders].sort()).toEqual(['demo-school-caseworker', 'school2-caseworker']);
    expect((await exclude(campaignId, s2[1], 'wrong-stage', approver)).status).toBe(200);
    // A county approver elsewhere may not decide it.
    const outsider = await cw().post<Problem>(`/tasks/${countyTask.task_id}/decision`, { decision: 'approve' }, await as('other-approver', 'approver', { level: 'county', code: OTHER_COUNTY }));
    expect(outsider.status).toBe(403);
    await decide(countyWf, 'county-approval', 'demo-approver-1', 'approver', { level: 'county', code: DEMO_COUNTY });
    // The special fund needs the prefecture's sign-off, by someone else than the county's approver.
    await decide(countyWf, 'prefecture-sign-off', 'demo-prefecture-approver', 'approver', { level: 'prefecture', code: DEMO_COUNTY.slice(0, 4) });

    const adminHeaders = await admin();
    const done = await eventually(() => st().get<Campaign>(`/campaigns/${campaignId}`, adminHeaders), (r) => r.body.state === 'completed', 60_000);
    expect(done.body.counties[0]).toMatchObject({ assessed: 10, eligible: 8, excluded: 3, planned: 4, alreadyPlanned: 1, listed: 0, confirmed: 0, approved: 0 });
    expect(done.body.lists).toMatchObject({ schoolDecided: 2, countyDecided: 1, signOffDecided: 1, schoolOpen: 0, countyOpen: 0, signOffOpen: 0 });

    // The school lists' tasks were created in one batch: each has its audit entry, and the hash chain holds.
    const created = await eduaid.db.query<{ subject_id: string }>(`SELECT subject_id FROM casework.audit_log WHERE action = 'task.created' AND subject_id = ANY($1) ORDER BY seq`, [[schoolList1, schoolList2]]);
    expect(created.map((c) => c.subject_id).sort()).toEqual([schoolList1, schoolList2].sort());
    expect((await cw().get<{ intact: boolean }>('/audit/verification', await as('campaign-auditor', 'auditor', { level: 'province', code: '42' }))).body.intact).toBe(true);

    // The ledger: each planned student's cash lines, a row per semester, for the cycles; once per student, scheme and semester.
    const ledger = await eduaid.db.query<{ student_id: string; workflow_id: string; scheme: string; semester: string; amount_fen: string; paid_by: string }>(
      `SELECT student_id, workflow_id, scheme, semester, amount_fen::text, paid_by FROM students.aid_payments WHERE academic_year = $1 AND status = 'planned' ORDER BY student_id, scheme, semester`,
      [YEAR],
    );
    const of = (id: string) => ledger.filter((l) => l.student_id === id);
    for (const id of [s1[2], s1[3], s2[2]]) expect(of(id).map((l) => [l.workflow_id, l.scheme, l.semester, l.amount_fen, l.paid_by])).toEqual([
      [workflowId, 'junior-secondary-boarding-living-allowance', `${YEAR}:S1`, '62500', 'cycle'],
      [workflowId, 'junior-secondary-boarding-living-allowance', `${YEAR}:S2`, '62500', 'cycle'],
    ]);
    expect(of(hardship).map((l) => l.scheme)).toEqual(['junior-secondary-boarding-living-allowance', 'junior-secondary-boarding-living-allowance', 'special-hardship-relief', 'special-hardship-relief']);
    expect(of(s1[1]).map((l) => l.workflow_id)).toEqual([`aid-application:${s1[1]}:${YEAR}`, `aid-application:${s1[1]}:${YEAR}`]);
    for (const id of [s1[0], s2[0], s2[1], dayPupil, liftedOut, elsewhere]) expect(of(id)).toEqual([]);

    // The report: per county and in total, exclusions by reason, amounts by scheme and fund; CSV too.
    const report = (await st().get<Report>(`/campaigns/${campaignId}/report`, await admin())).body;
    expect(report.totals).toEqual({ countyCode: DEMO_COUNTY, assessed: 10, eligible: 8, listed: 8, approved: 5, planned: 4, alreadyPlanned: 1, excluded: 3, excludedByReason: { 'left-school': 1, duplicate: 1, 'wrong-stage': 1 } } as unknown as Report['totals']);
    expect(report.amounts).toEqual(expect.arrayContaining([
      { countyCode: DEMO_COUNTY, basis: 'planned', scheme: 'junior-secondary-boarding-living-allowance', fund: 'national', disbursement: 'bank-transfer', students: 4, amountFen: 500_000 },
      { countyCode: DEMO_COUNTY, basis: 'planned', scheme: 'special-hardship-relief', fund: 'local-relief', disbursement: 'bank-transfer', students: 1, amountFen: 200_000 },
      { countyCode: DEMO_COUNTY, basis: 'eligible', scheme: 'junior-secondary-boarding-living-allowance', fund: 'national', disbursement: 'bank-transfer', students: 8, amountFen: 1_000_000 },
    ]));
    const csv = await fetch(`${st().baseUrl}/campaigns/${campaignId}/report?format=csv`, { headers: await admin() });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('countyCode,assessed,eligible,listed,approved,planned,alreadyPlanned,excluded,excludedByReason');
    expect(text).toContain(`${DEMO_COUNTY},10,8,8,5,4,1,3,`);

    // Each student's timeline shows the bulk decisions about them.
    const timeline = async (id: string) => (await st().get<{ entries: { action: string; reason?: string; actor: string; level: string }[] }>(`/students/${id}/campaign-timeline`, approver)).body.entries;
    expect((await timeline(s1[0])).map((e) => [e.level, e.action, e.reason, e.actor])).toEqual([['school', 'excluded', 'left-school', 'demo-school-caseworker']]);
    expect((await timeline(s1[3])).map((e) => [e.level, e.action, e.actor])).toEqual([['school', 'confirmed', 'demo-school-caseworker'], ['county', 'approved', 'demo-approver-1'], ['county', 'planned', 'campaign']]);
    expect((await st().get<Problem>(`/students/${elsewhere}/campaign-timeline`, approver)).status).toBe(403);

    // Reads are scoped: another county's approver may not read this county's campaign.
    expect((await st().get<Problem>(`/campaigns/${campaignId}`, await as('other-approver', 'approver', { level: 'county', code: OTHER_COUNTY }))).status).toBe(403);
    expect((await st().get<Problem>(`/campaigns/${randomUUID()}`, await admin())).status).toBe(404);

    // Exceptions take the individual path: a student taken off a list may apply and is assessed eligible;
    // a student the campaign planned is not planned again by an application (ineligible: already planned).
    const caseworker = await as('demo-caseworker-1', 'caseworker', { level: 'county', code: DEMO_COUNTY });
    const applyFor = async (id: string) => {
      const res = await st().post<{ applicationId: string }>('/aid-applications', { studentId: id, academicYear: YEAR }, caseworker);
      expect(res.status).toBe(201);
      return eventually(() => st().get<{ state: string; reasons: string[] }>(`/aid-applications/${encodeURIComponent(res.body.applicationId)}`, caseworker), (r) => r.body.state !== 'checking' && r.body.state !== undefined, 60_000);
    };
    expect((await applyFor(s1[0])).body.state).toBe('in-review');
    const refused = (await applyFor(s1[3])).body;
    expect(refused.state).toBe('ineligible');
    expect(refused.reasons.join(' ')).toContain(workflowId);

    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      const dir = path.join(__dirname, '..', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      // The county holds its school lists (no child per school): its history is recorded beside those of
      // runs from before (campaign-county.json, campaign-school-list.json), which still replay.
      for (const [name, id] of [['campaign', workflowId], ['campaign-county-held-lists', countyWf]]) {
        writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(await eduaid.temporal.workflow.getHandle(id).fetchHistory()));
      }
    }
  });
});
