import { encode } from 'iconv-lite';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { GraduateImportActivities } from '../../services/mentoring/src/graduate-imports/graduate-imports.activities';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY } from './casework-fixtures';

interface ImportStatus { importId: string; workflowId: string; status: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; chunksTotal?: number; chunksDone: number; fractionDone: number; failure?: string }
interface ErrorPage { items: { row: number; field: string; reason: string }[]; nextCursor?: string }
interface Graduate { id: string; studentId: string; name: string; major: string; degreeLevel: string; intention: string; preferredRegions: string[]; consentToContact: boolean; cohort: number }
interface Problem { status: number; code: string; errors?: { field: string }[] }

/**
 * A university's graduates list end to end: a GBK CSV posted to mentoring, registered by the
 * `graduate-import:<id>` workflow in chunks that ask the students registry (its activity) about each
 * student; bad rows land in the error report (JSON and CSV) and nothing of them is written; a
 * re-import of the same file registers nobody twice.
 */
describe('graduate import', () => {
  let eduaid: EduaidHarness;
  const mt = () => eduaid.http('mentoring');
  const as = (userId: string, role: Role, code = DEMO_COUNTY) => eduaid.authAs({ userId, roles: [role], scope: { level: 'county', code } });

  beforeAll(async () => {
    eduaid = await startEduaid('graduate-import', [studentsService, mentoringService]);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  async function student(name: string, stage: string, grade: number, county = DEMO_COUNTY): Promise<string> {
    const village = `${county}001001`;
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`GI-${randomUUID()}`, village, county]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', $3, '2004-05-01', 'female', $4, $5, $6, $7, $6, $8, $9, false, '2026-2027') RETURNING id`,
      [randomBytes(40), randomBytes(32), name, h.id, village, county, `${county}0077`, stage, grade],
    );
    return s.id;
  }

  async function upload(body: Buffer | string, headers: Record<string, string>, query = 'fileName=graduates.csv'): Promise<{ status: number; body: ImportStatus & Problem }> {
    return mt().post<ImportStatus & Problem>(`/graduate-imports?${query}`, body, { ...headers, 'content-type': 'text/csv' });
  }

  async function finished(importId: string, headers: Record<string, string>): Promise<ImportStatus> {
    return eventually(
      async () => (await mt().get<ImportStatus>(`/graduate-imports/${importId}`, headers)).body,
      (s) => s.status === 'completed' || s.status === 'failed',
      60_000,
    );
  }

  const graduateCount = async () => Number((await eduaid.db.query<{ n: string }>('SELECT count(*) AS n FROM mentoring.graduates'))[0].n);

  it('registers the good rows of a GBK file and reports every bad row, writing nothing of it', async () => {
    const caseworker = await as('gi-caseworker', 'caseworker');
    const undergraduate = await student('李娜', 'undergraduate', 4);
    const vocational = await student('王芳', 'higher-vocational', 3);
    const pupil = await student('赵磊', 'junior-secondary', 2);
    const elsewhere = await student('孙丽', 'undergraduate', 4, OTHER_COUNTY);
    const badField = await student('周杰', 'undergraduate', 4);
    const unknown = randomUUID();
    // The vocational student is registered already (one at a time): the import must not register them twice.
    const single = await mt().post<Graduate>('/graduates', { studentId: vocational, major: '护理', degreeLevel: 'higher-vocational', expectedGraduation: '2027-06-30', intention: 'job', preferredRegions: [], consentToContact: true }, caseworker);
    expect(single.status).toBe(201);
    const before = await graduateCount();

    const lines = [
      '学生编号,专业,学历层次,预计毕业时间,意向,意向地区,同意联系', // line 1
      `${undergraduate},计算机科学与技术,本科,2027-06-30,就业,4201;420102,是`, // 2: good
      `${vocational},护理,专科,2027-06-30,升学,,否`, // 3: good, already registered
      `${unknown},数学,本科,2027-06-30,就业,,是`, // 4: unknown student
      `${pupil},数学,本科,2027-06-30,就业,,是`, // 5: not in higher education
      `${elsewhere},数学,本科,2027-06-30,就业,,是`, // 6: another county
      `${badField},数学,博士,2027-02-30,就业,,是`, // 7: two bad fields
      `${undergraduate},计算机科学与技术,本科,2027-06-30,就业,,是`, // 8: the same student again
    ];
    const gbk = encode(lines.join('\r\n') + '\r\n', 'gbk');
    const started = await upload(gbk, caseworker, 'fileName=university-2027.csv&chunkRows=10');
    expect(started.status).toBe(202);
    expect(started.body.workflowId).toBe(`graduate-import:${started.body.importId}`);
    const result = await finished(started.body.importId, caseworker);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 7, rowsAccepted: 2, rowsRejected: 5, chunksTotal: 1, chunksDone: 1, fractionDone: 1 });

    const page = await mt().get<ErrorPage>(`/graduate-imports/${result.importId}/errors`, caseworker);
    expect(page.status).toBe(200);
    expect(page.body.items.map((e) => [e.row, e.field])).toEqual([
      [4, 'student_id'],
      [5, 'student_id'],
      [6, 'student_id'],
      [7, 'degree_level'],
      [7, 'expected_graduation'],
      [8, 'student_id'],
    ]);
    const reasons = page.body.items.map((e) => e.reason);
    expect(reasons[0]).toMatch(/^not-found: No student/);
    expect(reasons[1]).toMatch(/^not-in-higher-education/);
    expect(reasons[2]).toMatch(/^out-of-scope/);
    expect(reasons[5]).toBe('the same student as row 2');

    const csv = await mt().get<string>(`/graduate-imports/${result.importId}/errors?format=csv`, caseworker);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const csvLines = csv.body.trim().split('\r\n');
    expect(csvLines[0]).toBe('row,field,reason');
    expect(csvLines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['4,student_id', '5,student_id', '6,student_id', '7,degree_level', '7,expected_graduation', '8,student_id']);

    // Only the new good row was written; the already registered student kept their one row, as first registered.
    expect(await graduateCount()).toBe(before + 1);
    const rows = await eduaid.db.query<{ student_id: string; major: string; degree_level: string; intention: string; preferred_regions: string[]; consent_to_contact: boolean }>(
      'SELECT student_id, major, degree_level, intention, preferred_regions, consent_to_contact FROM mentoring.graduates WHERE student_id = ANY($1::uuid[]) ORDER BY major',
      [[undergraduate, vocational, pupil, elsewhere, badField]],
    );
    expect(rows).toEqual([
      { student_id: vocational, major: '护理', degree_level: 'higher-vocational', intention: 'job', preferred_regions: [], consent_to_contact: true },
      { student_id: undergraduate, major: '计算机科学与技术', degree_level: 'undergraduate', intention: 'job', preferred_regions: ['4201', '420102'], consent_to_contact: true },
    ]);
    const listed = await mt().get<{ items: Graduate[] }>('/graduates?limit=200', caseworker);
    expect(listed.body.items.find((g) => g.studentId === undergraduate)).toMatchObject({ name: '李娜', cohort: 2027 });
    // No national ID in the mentoring schema, and the upload is dropped once imported.
    const [{ file }] = await eduaid.db.query<{ file: Buffer | null }>('SELECT file FROM mentoring.graduate_imports WHERE id = $1', [result.importId]);
    expect(file).toBeNull();

    // A chunk's activity retried after it succeeded (a lost completion) answers the same counts and writes nothing again.
    const activities = eduaid.app('mentoring').get(GraduateImportActivities, { strict: false });
    const replayed = await activities.applyGraduateImportChunk({
      importId: result.importId,
      chunk: 0,
      read: 7,
      rows: [{ rowNumber: 2, studentId: undergraduate, major: '计算机科学与技术', degreeLevel: 'undergraduate', expectedGraduation: '2027-06-30', intention: 'job', preferredRegions: [], consentToContact: true }],
      errors: [],
      facts: [{ found: true, studentId: undergraduate }],
    });
    expect(replayed).toEqual({ read: 7, accepted: 2, rejected: 5 });
    expect((await mt().get<ImportStatus>(`/graduate-imports/${result.importId}`, caseworker)).body).toMatchObject({ rowsRead: 7, rowsAccepted: 2, rowsRejected: 5, chunksDone: 1 });
    expect((await mt().get<ErrorPage>(`/graduate-imports/${result.importId}/errors`, caseworker)).body.items).toHaveLength(6);

    // Another county's caseworker sees nothing of it.
    const other = await as('gi-other', 'caseworker', OTHER_COUNTY);
    expect((await mt().get<Problem>(`/graduate-imports/${result.importId}`, other)).body).toMatchObject({ status: 403, code: 'auth.out-of-scope' });

    // The same file again (a retried upload): the good rows are accepted and nobody is registered twice.
    const again = await upload(gbk, caseworker, 'fileName=university-2027-again.csv');
    const second = await finished(again.body.importId, caseworker);
    expect(second).toMatchObject({ status: 'completed', rowsRead: 7, rowsAccepted: 2, rowsRejected: 5 });
    expect(await graduateCount()).toBe(before + 1);
  });

  it('fails an import whose header lacks columns, and says which', async () => {
    const supervisor = await as('gi-supervisor', 'supervisor');
    const started = await upload('student_id,major\r\nx,y\r\n', supervisor);
    expect(started.status).toBe(202);
    const result = await finished(started.body.importId, supervisor);
    expect(result).toMatchObject({ status: 'failed', rowsRead: 0 });
    expect(result.failure).toBe('the header lacks the columns: degree_level, expected_graduation, intention, consent');
  });

  it('answers bad requests with a clear 4xx and a code', async () => {
    const caseworker = await as('gi-caseworker', 'caseworker');
    const noName = await upload('a,b\n', caseworker, '');
    expect(noName.status).toBe(400);
    expect(noName.body.errors?.map((e) => e.field)).toContain('fileName');
    const badChunk = await upload('a,b\n', caseworker, 'fileName=x.csv&chunkRows=5');
    expect(badChunk.status).toBe(400);
    const empty = await upload('', caseworker);
    expect([empty.status, empty.body.code]).toEqual([400, 'graduate-import.empty']);
    const mentor = await as('gi-mentor', 'mentor');
    expect((await upload('a,b\n', mentor)).status).toBe(403);
    const missing = await mt().get<Problem>(`/graduate-imports/${randomUUID()}`, caseworker);
    expect([missing.status, missing.body.code]).toEqual([404, 'graduate-import.not-found']);
    const notId = await mt().get<Problem>('/graduate-imports/not-a-uuid/errors', caseworker);
    expect(notId.status).toBe(400);
  });
});
