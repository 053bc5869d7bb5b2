import { temporal } from '@temporalio/proto';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeNationalId, type Role, type ScopeLevel } from '@eduaid/contracts';
import { FieldCipher } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { GRADUATE_FEED_WORKFLOW, WORKFLOW_TASK_QUEUE, graduateFeedWorkflowId, taskQueueName, type GraduateFeedResult } from '@eduaid/contracts';
import { GraduateFeedActivities } from '../../services/mentoring/src/graduate-feeds/graduate-feeds.activities';
import { GraduateFeedScheduleService, graduateFeedScheduleId } from '../../services/mentoring/src/graduate-feeds/graduate-feed-schedule.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY } from './casework-fixtures';

interface ImportStatus { importId: string; workflowId: string; status: string; rowsRead: number; rowsAccepted: number; rowsRejected: number }
interface ErrorPage { items: { row: number; field: string; reason: string }[] }
interface Feed { feedId: string; workflowId: string; academicYear: string; state: string; startedBy: string; batches: number; studentsRead: number; created: number; updated: number; failure?: string }
interface Graduate { id: string; studentId: string; name: string; major?: string; intention?: string; degreeLevel: string; expectedGraduation: string; cohort: number; source: string; consentToContact: boolean }

/**
 * The graduate base's two feeds: a university's list naming students by national ID (sealed at the
 * mentoring service's edge, opened and looked up through the blind index only by the students
 * service), and the registry feed that makes every final-year student of higher education a graduate,
 * run on demand through the API and by its Temporal Schedule.
 */
describe('graduate feeds', () => {
  let eduaid: EduaidHarness;
  const mt = () => eduaid.http('mentoring');
  const as = (userId: string, role: Role, level: ScopeLevel = 'county', code = DEMO_COUNTY) => eduaid.authAs({ userId, roles: [role], scope: { level, code } });
  const provinceAdmin = () => as('gf-admin', 'programme-admin', 'province', '42');

  beforeAll(async () => {
    eduaid = await startEduaid('graduate-feed', [studentsService, mentoringService]);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  let sequence = 100;
  /** A student of the registry with a real national ID (its blind index made with the students service's key). */
  async function student(name: string, stage: string, grade: number, academicYear: string, county = DEMO_COUNTY): Promise<{ id: string; nationalId: string }> {
    const nationalId = makeNationalId(county, '2004-05-01', (sequence += 1));
    const cipher = eduaid.app('students').get(FieldCipher, { strict: false });
    const village = `${county}001001`;
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`GF-${randomUUID()}`, village, county]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, $3, $4, '2004-05-01', 'female', $5, $6, $7, $8, $7, $9, $10, false, $11) RETURNING id`,
      [randomBytes(40), cipher.blindIndex('national-id', nationalId), `${county}***********${nationalId.slice(-4)}`, name, h.id, village, county, `${county}0077`, stage, grade, academicYear],
    );
    return { id: s.id, nationalId };
  }

  async function finishedImport(importId: string, headers: Record<string, string>): Promise<ImportStatus> {
    return eventually(async () => (await mt().get<ImportStatus>(`/graduate-imports/${importId}`, headers)).body, (s) => s.status === 'completed' || s.status === 'failed', 60_000);
  }

  async function finishedFeed(feedId: string): Promise<Feed> {
    return eventually(async () => (await mt().get<Feed>(`/graduate-feeds/${feedId}`, await provinceAdmin())).body, (f) => f.state !== 'running', 60_000);
  }

  /** Every payload and attribute of a workflow's history, as bytes read as text. */
  async function historyText(workflowId: string): Promise<string> {
    const history = await eduaid.temporal.workflow.getHandle(workflowId).fetchHistory();
    return Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
  }

  /** With EDUAID_RECORD_HISTORIES=1: the run's history joins the replay suite (tests/replay). */
  async function record(workflowId: string, runId: string | undefined, file: string): Promise<void> {
    if (process.env.EDUAID_RECORD_HISTORIES !== '1') return;
    const history = await eduaid.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    const dir = path.join(__dirname, '..', 'replay', 'histories');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(history));
  }

  it('links the rows of a university list that name students by national ID, and never keeps or echoes a full number', async () => {
    const caseworker = await as('gf-caseworker', 'caseworker');
    const year = '2026-2027';
    const a = await student('李娜', 'undergraduate', 4, year);
    const pupil = await student('赵磊', 'junior-secondary', 2, year);
    const elsewhere = await student('孙丽', 'undergraduate', 4, year, OTHER_COUNTY);
    const both = await student('王芳', 'higher-vocational', 3, year);
    const other = await student('周杰', 'undergraduate', 4, year);
    const unknown = makeNationalId(DEMO_COUNTY, '2003-03-03', 999);
    const badCheck = `${unknown.slice(0, 17)}${unknown.endsWith('0') ? '1' : '0'}`;
    const lines = [
      '身份证号,学生编号,专业,学历层次,预计毕业时间,意向,同意联系', // 1
      `${a.nationalId},,计算机科学与技术,本科,2027-06-30,就业,是`, // 2: good
      `${pupil.nationalId},,数学,本科,2027-06-30,就业,是`, // 3: not in higher education
      `${elsewhere.nationalId},,数学,本科,2027-06-30,就业,是`, // 4: another county
      `${unknown},,数学,本科,2027-06-30,就业,是`, // 5: nobody has it
      `${badCheck},,数学,本科,2027-06-30,就业,是`, // 6: wrong check character
      `${both.nationalId},${both.id},护理,专科,2027-06-30,升学,否`, // 7: good, both keys agree
      `${other.nationalId},${a.id},数学,本科,2027-06-30,就业,是`, // 8: the keys name different students
      `${a.nationalId.toLowerCase()},,计算机科学与技术,本科,2027-06-30,就业,是`, // 9: the same student as row 2
      `4201021990,,数学,本科,2027-06-30,就业,是`, // 10: not an ID at all
      `,,数学,本科,2027-06-30,就业,是`, // 11: no key
    ];
    const started = await mt().post<ImportStatus>('/graduate-imports?fileName=national-ids.csv&chunkRows=10', lines.join('\n') + '\n', { ...caseworker, 'content-type': 'text/csv' });
    expect(started.status).toBe(202);
    const result = await finishedImport(started.body.importId, caseworker);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 10, rowsAccepted: 2, rowsRejected: 8 });

    const errors = (await mt().get<ErrorPage>(`/graduate-imports/${result.importId}/errors`, caseworker)).body.items;
    const mask = (id: string) => `**************${id.slice(-4)}`;
    expect(errors.map((e) => [e.row, e.field, e.reason])).toEqual([
      [3, 'national_id', `not-in-higher-education: the student with national ID ${mask(pupil.nationalId)} is not in higher vocational or undergraduate study`],
      [4, 'national_id', `out-of-scope: the student with national ID ${mask(elsewhere.nationalId)} lies outside your jurisdiction (county ${DEMO_COUNTY})`],
      [5, 'national_id', `not-found: no student in the registry has national ID ${mask(unknown)}`],
      [6, 'national_id', expect.stringMatching(new RegExp(`^national_id \\*{14}${badCheck.slice(-4)} is not a valid national ID: `))],
      [8, 'national_id', `national_id ${mask(other.nationalId)} and student_id name different students`],
      [9, 'national_id', 'the same student as row 2'],
      [10, 'national_id', 'national_id must be an 18-character national ID'],
      [11, 'student_id', 'give the student_id or the national_id'],
    ]);
    const csv = (await mt().get<string>(`/graduate-imports/${result.importId}/errors?format=csv`, caseworker)).body;
    const everyId = [a, pupil, elsewhere, both, other].map((s) => s.nationalId).concat(unknown, badCheck);
    for (const id of everyId) expect(csv).not.toContain(id.slice(0, 14));

    const rows = await eduaid.db.query<{ student_id: string; major: string; intention: string }>(
      'SELECT student_id, major, intention FROM mentoring.graduates WHERE student_id = ANY($1::uuid[]) ORDER BY major',
      [[a.id, pupil.id, elsewhere.id, both.id, other.id]],
    );
    expect(rows).toEqual([
      { student_id: both.id, major: '护理', intention: 'further-study' },
      { student_id: a.id, major: '计算机科学与技术', intention: 'job' },
    ]);

    // No full national ID in the mentoring schema, nor in the import workflow's history (inputs and results included).
    const schemaText = (await eduaid.db.query<{ t: string }>(
      `SELECT coalesce(string_agg(x::text, ' '), '') AS t FROM (
         SELECT row_to_json(i)::text AS x FROM mentoring.graduate_imports i UNION ALL SELECT row_to_json(e)::text FROM mentoring.graduate_import_errors e
         UNION ALL SELECT row_to_json(g)::text FROM mentoring.graduates g) all_rows`,
    ))[0].t;
    const history = await historyText(result.workflowId);
    expect(history).toContain(mask(a.nationalId)); // the masks and the sealed numbers did cross it
    // (Checked as booleans: a failure must not print the history.)
    expect(everyId.filter((id) => schemaText.includes(id.slice(0, 14)))).toEqual([]);
    expect(everyId.filter((id) => history.includes(id.slice(0, 14)))).toEqual([]);

    // Each valid number that reached the registry is a lookup by the uploader, logged once.
    const lookups = await eduaid.db.query<{ student_id: string | null; reason: string }>(
      `SELECT student_id, reason FROM students.pii_access_log WHERE kind = 'lookup' AND actor_user_id = 'gf-caseworker' AND request_id = $1`,
      [`graduate-import:${result.importId}:chunk-0`],
    );
    expect(lookups).toHaveLength(7); // rows 2, 3, 4, 5, 7, 8, 9
    expect(lookups.filter((l) => l.student_id === null)).toHaveLength(1); // row 5
    expect(new Set(lookups.map((l) => l.reason))).toEqual(new Set([`graduate import ${result.importId}`]));
    await record(result.workflowId, undefined, 'graduate-import-national-ids.json');
  });

  it('feeds the final-year students of higher education into the base, once per student, and one feed at a time', async () => {
    const year = '2030-2031';
    const admin = await provinceAdmin();
    const f1 = await student('陈静', 'undergraduate', 4, year);
    const f2 = await student('刘洋', 'higher-vocational', 3, year, OTHER_COUNTY);
    const f4 = await student('黄磊', 'undergraduate', 5, year);
    const registered = await student('吴敏', 'undergraduate', 4, year);
    await student('郑爽', 'undergraduate', 3, year); // not the final year
    await student('钱多', 'senior-high', 3, year); // not higher education
    await student('冯雪', 'undergraduate', 4, '2029-2030'); // last year's final year
    // One of them is registered already (one at a time), then renamed in the registry.
    const caseworker = await as('gf-caseworker', 'caseworker');
    const single = await mt().post<Graduate>('/graduates', { studentId: registered.id, major: '会计', degreeLevel: 'undergraduate', expectedGraduation: '2031-06-30', intention: 'job', preferredRegions: [], consentToContact: true }, caseworker);
    expect(single.status).toBe(201);
    await eduaid.db.query(`UPDATE students.students SET name = '吴敏敏' WHERE id = $1`, [registered.id]);

    // A feed left running by a workflow that is gone (terminated by an operator) does not block the next.
    const abandoned = randomUUID();
    await eduaid.db.query(`INSERT INTO mentoring.graduate_feeds (id, academic_year, state, started_by) VALUES ($1, '2029-2030', 'running', 'gf-admin')`, [abandoned]);

    const answers = await Promise.all([mt().post<Feed & { code?: string }>('/graduate-feeds', { academicYear: year }, admin), mt().post<Feed & { code?: string }>('/graduate-feeds', { academicYear: year }, admin)]);
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(answers.find((r) => r.status === 409)?.body.code).toBe('graduate-feed.already-running');
    const started = answers.find((r) => r.status === 202)!.body;
    expect(started).toMatchObject({ academicYear: year, state: 'running', startedBy: 'gf-admin', workflowId: `graduate-feed:${started.feedId}` });
    expect((await mt().get<Feed>(`/graduate-feeds/${abandoned}`, admin)).body).toMatchObject({ state: 'failed', failure: 'its workflow ended without finishing the feed' });

    const first = await finishedFeed(started.feedId);
    expect(first).toMatchObject({ state: 'completed', studentsRead: 4, created: 3, updated: 1, batches: 1 });
    const fed = await eduaid.db.query<{ student_id: string; name: string; major: string | null; intention: string | null; degree_level: string; expected_graduation: string; cohort: number; source: string; consent_to_contact: boolean }>(
      `SELECT student_id, name, major, intention, degree_level, to_char(expected_graduation, 'YYYY-MM-DD') AS expected_graduation, cohort, source, consent_to_contact
         FROM mentoring.graduates WHERE student_id = ANY($1::uuid[]) ORDER BY name`,
      [[f1.id, f2.id, f4.id, registered.id]],
    );
    expect(fed).toEqual([
      { student_id: registered.id, name: '吴敏敏', major: '会计', intention: 'job', degree_level: 'undergraduate', expected_graduation: '2031-06-30', cohort: 2031, source: 'registration', consent_to_contact: true },
      { student_id: f2.id, name: '刘洋', major: null, intention: null, degree_level: 'higher-vocational', expected_graduation: '2031-08-31', cohort: 2031, source: 'registry-feed', consent_to_contact: false },
      { student_id: f1.id, name: '陈静', major: null, intention: null, degree_level: 'undergraduate', expected_graduation: '2031-08-31', cohort: 2031, source: 'registry-feed', consent_to_contact: false },
      { student_id: f4.id, name: '黄磊', major: null, intention: null, degree_level: 'undergraduate', expected_graduation: '2031-08-31', cohort: 2031, source: 'registry-feed', consent_to_contact: false },
    ].sort((x, y) => (x.name < y.name ? -1 : 1)));
    const listed = (await mt().get<{ items: Graduate[] }>('/graduates?limit=200', caseworker)).body.items.find((g) => g.studentId === f1.id);
    expect(listed).toMatchObject({ name: '陈静', source: 'registry-feed', expectedGraduation: '2031-08-31' });
    expect(listed).not.toHaveProperty('major');
    expect(listed).not.toHaveProperty('intention');

    // The university's list completes a fed graduate; a second feed changes nothing it did not own.
    const completed = await mt().post<Graduate>('/graduates', { studentId: f1.id, major: '软件工程', degreeLevel: 'undergraduate', expectedGraduation: '2031-06-30', intention: 'further-study', preferredRegions: [], consentToContact: true }, caseworker);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ major: '软件工程', intention: 'further-study', source: 'registration', expectedGraduation: '2031-06-30' });
    const again = await mt().post<Feed>('/graduate-feeds', { academicYear: year }, admin);
    expect(again.status).toBe(202);
    expect(await finishedFeed(again.body.feedId)).toMatchObject({ state: 'completed', studentsRead: 4, created: 0, updated: 0 });
    const [kept] = await eduaid.db.query<{ expected_graduation: string; major: string }>(`SELECT to_char(expected_graduation, 'YYYY-MM-DD') AS expected_graduation, major FROM mentoring.graduates WHERE student_id = $1`, [f1.id]);
    expect(kept).toEqual({ expected_graduation: '2031-06-30', major: '软件工程' });
    expect(await eduaid.db.query(`SELECT count(*)::int AS n FROM mentoring.graduates WHERE student_id = ANY($1::uuid[])`, [[f1.id, f2.id, f4.id, registered.id]])).toEqual([{ n: 4 }]);

    // Readable by supervisors and auditors; bad input is a 400 naming the field.
    const supervisor = await as('gf-supervisor', 'supervisor');
    const list = await mt().get<{ items: Feed[] }>('/graduate-feeds', supervisor);
    expect(list.status).toBe(200);
    expect(list.body.items.slice(0, 2).map((f) => f.feedId)).toEqual([again.body.feedId, started.feedId]);
    const bad = await mt().post<{ code: string; errors: { field: string }[] }>('/graduate-feeds', { academicYear: '2030-2032' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('graduate-feed.bad-academic-year');
    expect((await mt().post<{ code: string }>('/graduate-feeds', { academicYear: 'next' }, admin)).status).toBe(400);
  });

  it('pages through the registry in batches, continues as new carrying its cursor, and counts a retried batch once', async () => {
    const year = '2031-2032';
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await student(`学生${i}`, 'undergraduate', 4, year)).id);
    const feedId = randomUUID();
    await eduaid.db.query(`INSERT INTO mentoring.graduate_feeds (id, academic_year, state, started_by) VALUES ($1, $2, 'running', 'gf-test')`, [feedId, year]);
    const handle = await eduaid.temporal.workflow.start(GRADUATE_FEED_WORKFLOW, {
      workflowId: graduateFeedWorkflowId(feedId),
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
      args: [{ feedId, academicYear: year, batchSize: 2, pagesPerRun: 2 }],
    });
    const result = await handle.result() as GraduateFeedResult;
    expect(result).toEqual({ feedId, academicYear: year, batches: 3, read: 5, created: 5, updated: 0 });
    // Three pages of two at most, two pages per run: the first run continued as new.
    expect((await eduaid.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
    expect(await eduaid.db.query(`SELECT count(*)::int AS n FROM mentoring.graduates WHERE student_id = ANY($1::uuid[]) AND source = 'registry-feed'`, [ids])).toEqual([{ n: 5 }]);
    await record(handle.workflowId, handle.firstExecutionRunId, 'graduate-feed-continued.json');

    // A batch's activity retried after it succeeded (a lost completion) writes nothing and counts nothing again.
    const activities = eduaid.app('mentoring').get(GraduateFeedActivities, { strict: false });
    const page = [{ found: true, studentId: ids[0], name: '学生0', stage: 'undergraduate', grade: 4, schoolCode: `${DEMO_COUNTY}0077`, villageCode: `${DEMO_COUNTY}001001`, countyCode: DEMO_COUNTY, academicYear: year }];
    expect(await activities.upsertFedGraduates({ feedId, batch: 0, students: page })).toEqual({ batches: 3, read: 5, created: 5, updated: 0 });
    expect((await mt().get<Feed>(`/graduate-feeds/${feedId}`, await provinceAdmin())).body).toMatchObject({ state: 'completed', batches: 3, studentsRead: 5, created: 5 });
  });

  it('registers the daily Schedule once; triggered, it feeds the academic year it is pinned to', async () => {
    const schedule = eduaid.temporal.schedule.getHandle(graduateFeedScheduleId(eduaid.taskQueuePrefix));
    const described = await eventually(() => schedule.describe().catch(() => undefined), (d) => d !== undefined);
    expect(described?.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledGraduateFeedWorkflow' });
    expect(described?.spec.calendars).toHaveLength(1);
    expect(described?.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4 }], minute: [{ start: 0, end: 0 }], dayOfMonth: [{ start: 1, end: 31 }] }); // daily at 04:00
    await eduaid.app('mentoring').get(GraduateFeedScheduleService, { strict: false }).onApplicationBootstrap(); // another replica: no error

    const year = '2033-2034';
    const s = await student('林涛', 'higher-vocational', 3, year);
    await schedule.update((previous) => ({ ...previous, action: { ...previous.action, args: [{ academicYear: year }] } }) as typeof previous);
    await schedule.trigger();
    const feed = await eventually(
      async () => (await mt().get<{ items: Feed[] }>('/graduate-feeds', await provinceAdmin())).body.items.find((f) => f.academicYear === year && f.state === 'completed'),
      (f) => f !== undefined,
      60_000,
    );
    expect(feed).toMatchObject({ studentsRead: 1, created: 1 });
    expect(feed!.startedBy).toMatch(/^schedule:/);
    expect(await eduaid.db.query(`SELECT source FROM mentoring.graduates WHERE student_id = $1`, [s.id])).toEqual([{ source: 'registry-feed' }]);
  });
});
