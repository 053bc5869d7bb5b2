import { randomBytes, randomUUID } from 'node:crypto';
import { CallerScope, scopeCovers } from '@eduaid/contracts';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { AidApplicationsRepository } from '../../services/students/src/aid-applications/aid-applications.repository';
import { AccessLogEntry, PiiAccessLogRepository } from '../../services/students/src/privacy/pii-access-log.repository';
import { StudentsRepository } from '../../services/students/src/students/students.repository';
import { studentsService } from '../../services/students/src/students.service';

const YEAR = '2046-2047';

/** Students of a small grid of places: two counties, a township, schools in and out of the home county. */
const PEOPLE = [
  { name: '张三', village: '429901001001', school: null },
  { name: '张_四', village: '429901001002', school: '4299010001' },
  { name: '李五', village: '429901002001', school: '4299020001' },
  { name: '张%六', village: '429902001001', school: '4299010002' },
  { name: '王七', village: '429902001001', school: null },
  { name: '赵八', village: '429902002001', school: '4299020001' },
] as const;

const SCOPES: CallerScope[] = [
  { level: 'province', code: '42' },
  { level: 'prefecture', code: '4299' },
  { level: 'county', code: '429901' },
  { level: 'county', code: '429902' },
  { level: 'township', code: '429901001' },
  { level: 'township', code: '429902001' },
  { level: 'school', code: '4299010001' },
  { level: 'school', code: '4299020001' },
];

/**
 * The students service's scoped lists, on the QueryBuilder, against the migrated schema: each scope
 * lists exactly the students (and their applications) that contracts' scopeCovers lets it read, a
 * walk page by page visits each once in key order, and a name's start is matched literally.
 */
describe('the students and applications lists keep to the caller’s scope', () => {
  let eduaid: EduaidHarness;
  let students: StudentsRepository;
  let applications: AidApplicationsRepository;
  const ids: string[] = [];

  beforeAll(async () => {
    eduaid = await startEduaid('student-lists', [studentsService], { workflowWorker: false });
    students = eduaid.app('students').get(StudentsRepository, { strict: false });
    applications = eduaid.app('students').get(AidApplicationsRepository, { strict: false });
    for (const p of PEOPLE) {
      const county = p.village.slice(0, 6);
      const [h] = await eduaid.db.query<{ id: string }>(
        'INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id',
        [`HH-${randomUUID()}`, p.village, county],
      );
      const seed = randomBytes(8).toString('hex');
      const [s] = await eduaid.db.query<{ id: string }>(
        `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id,
           village_code, county_code, school_code, school_county_code, stage, grade, boarding, academic_year)
         VALUES (decode(md5($1), 'hex'), 1, decode(md5($1 || 'i'), 'hex'), '**************0000', $2, '2034-05-01', 'female', $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [seed, p.name, h.id, p.village, county, p.school, p.school?.slice(0, 6) ?? null, p.school ? 'primary' : null, p.school ? 3 : null, p.school ? false : null, p.school ? YEAR : null],
      );
      ids.push(s.id);
      await applications.record({
        workflowId: `aid-application:${s.id}:${YEAR}`, studentId: s.id, academicYear: YEAR, villageCode: p.village, countyCode: county,
        schoolCode: p.school, submittedBy: 'test', stage: p.school ? 'primary' : null, submittedAt: new Date(),
      });
    }
  });
  afterAll(async () => {
    await eduaid?.close();
  });

  /** The grid's students a scope may read, by id (the lists' key order). */
  const covered = (scope: CallerScope) =>
    PEOPLE.flatMap((p, i) => (scopeCovers(scope, { divisionCode: p.village, schoolCode: p.school ?? undefined }) ? [ids[i]] : [])).sort();
  const ours = (id: string) => ids.includes(id);

  it.each(SCOPES)('a $level scope $code lists the students and applications scopeCovers gives it', async (scope) => {
    const expected = covered(scope);
    expect(expected.length).toBeGreaterThan(0);
    expect((await students.list(scope, { limit: 500 })).map((r) => r.id).filter(ours)).toEqual(expected);
    const apps = (await applications.list(scope, { academicYear: YEAR, limit: 500 })).map((r) => r.student_id);
    expect(apps).toEqual(expected);
    const counts = await applications.countByState(scope, '4299');
    expect(counts.map((c) => [c.state, Number(c.count)])).toEqual([['checking', expected.length]]);
  });

  it('walks a scope page by page, each student once, in id order', async () => {
    const scope: CallerScope = { level: 'province', code: '42' };
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await students.list(scope, { divisionCode: '4299', after, limit: 2 });
      seen.push(...rows.map((r) => r.id));
      if (rows.length < 2) break;
      after = rows[rows.length - 1].id;
    }
    expect(seen).toEqual([...ids].sort());
    const apps: string[] = [];
    let afterApp: string | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await applications.list(scope, { academicYear: YEAR, after: afterApp, limit: 4 });
      apps.push(...rows.map((r) => r.student_id));
      if (rows.length < 4) break;
      afterApp = rows[rows.length - 1].workflow_id;
    }
    expect(apps).toEqual([...ids].sort());
  });

  it('answers the summary row and matches a name’s start literally (_ and % are letters)', async () => {
    const scope: CallerScope = { level: 'province', code: '42' };
    const names = async (name: string) => (await students.list(scope, { divisionCode: '4299', name, limit: 50 })).map((r) => r.name).sort();
    expect(await names('张')).toEqual(['张%六', '张_四', '张三'].sort());
    expect(await names('张_')).toEqual(['张_四']);
    expect(await names('张%')).toEqual(['张%六']);
    const [row] = await students.list(scope, { divisionCode: '429901001002', limit: 5 });
    expect(row).toEqual({
      id: ids[1], name: '张_四', national_id_masked: '**************0000', sex: 'female', birth_year: 2034, household_id: expect.any(String),
      village_code: '429901001002', county_code: '429901', school_code: '4299010001', school_county_code: '429901', stage: 'primary', grade: 3, boarding: false,
      academic_year: YEAR, disability: false, left_behind: false, migrant_child: false, special_hardship: false,
    });
  });

  it('lists the PII access log by where the student was when read, newest first, a page at a time', async () => {
    const log = eduaid.app('students').get(PiiAccessLogRepository, { strict: false });
    const actorUserId = `lists-${randomUUID()}`;
    const places: AccessLogEntry['place'][] = [
      { divisionCode: '429901001001' },
      { divisionCode: '429902001001', schoolCode: '4299010002' },
      {},
      { divisionCode: '429902002001', schoolCode: '4299020001' },
      { divisionCode: '439901001001' },
    ];
    await log.recordMany(eduaid.db, places.map((place, i) => ({ kind: 'reveal', actorUserId, actorRoles: ['caseworker'], studentId: ids[i], place, field: 'national_id', reason: `entry ${i}` })));
    const reasons = async (scope: CallerScope) => (await log.list(scope, { actorUserId, limit: 50 })).map((r) => r.reason);
    // Newest first; a place's division or school starts with the scope's code; the province also keeps entries without a place.
    expect(await reasons({ level: 'province', code: '42' })).toEqual(['entry 3', 'entry 2', 'entry 1', 'entry 0']);
    expect(await reasons({ level: 'county', code: '429901' })).toEqual(['entry 1', 'entry 0']);
    expect(await reasons({ level: 'county', code: '429902' })).toEqual(['entry 3', 'entry 1']);
    expect(await reasons({ level: 'school', code: '4299010002' })).toEqual(['entry 1']);
    expect(await reasons({ level: 'school', code: '4299010001' })).toEqual([]);
    const seen: string[] = [];
    let after: number | undefined;
    for (let page = 0; page < 10; page++) {
      const rows = await log.list({ level: 'province', code: '42' }, { actorUserId, after, limit: 3 });
      seen.push(...rows.map((r) => r.reason));
      if (rows.length < 3) break;
      after = Number(rows[rows.length - 1].id);
    }
    expect(seen).toEqual(['entry 3', 'entry 2', 'entry 1', 'entry 0']);
  });
});
