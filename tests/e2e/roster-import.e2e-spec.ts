import { encode } from 'iconv-lite';
import { makeNationalId } from '@eduaid/contracts';
import { FieldCipher } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ROSTER_COLUMNS, RosterRow, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';

interface ImportStatus {
  importId: string;
  status: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  fractionDone: number;
  failure?: string;
}

const FRACTION = 0.002;

/**
 * Roster import end to end: upload over HTTP, the import workflow on the real Temporal server, the
 * schools service's directory copied through its activity, chunked writes to real PostgreSQL, the
 * error report read back over HTTP.
 */
describe('roster import', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  const province = new SyntheticProvince(scopeAt(FRACTION));
  const good: RosterRow[] = [...province.roster(2024)];

  beforeAll(async () => {
    eduaid = await startEduaid('roster', [studentsService, schoolsService]);
    admin = await eduaid.authAs({ userId: 'importer-1' });
    const loaded = await eduaid.http('schools').post('/admin/synthetic-province', { fraction: FRACTION }, admin);
    expect(loaded.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  async function importCsv(body: Buffer | string, fileName: string, headers = admin, chunkRows?: number): Promise<ImportStatus> {
    const started = await eduaid.http('students').post<ImportStatus>(`/roster-imports?fileName=${encodeURIComponent(fileName)}${chunkRows ? `&chunkRows=${chunkRows}` : ''}`, body, {
      ...headers,
      'content-type': 'text/csv',
    });
    expect(started.status).toBe(202);
    return eventually(
      async () => (await eduaid.http('students').get<ImportStatus>(`/roster-imports/${started.body.importId}`, headers)).body,
      (s) => s.status === 'completed' || s.status === 'failed',
      60_000,
    );
  }

  const header = ROSTER_COLUMNS.join(',');
  const seniorHigh = province.schools().find((s) => s.kind === 'senior-high')?.code as string;
  const wrongCheck = (() => {
    const id = makeNationalId('420121', '2015-06-01', 901);
    return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  })();
  const bad: RosterRow[] = [
    { ...good[0], national_id: wrongCheck, name: '错校验' },
    { ...good[0], national_id: makeNationalId(good[0].village_code.slice(0, 6), '2015-02-30', 902), name: '错日期' },
    { ...good[0], national_id: makeNationalId(good[0].village_code.slice(0, 6), '2015-06-01', 903), school_code: '0000000000', name: '无学校' },
    { ...good[0], national_id: makeNationalId(good[0].village_code.slice(0, 6), '2022-06-01', 904), school_code: seniorHigh, stage: 'senior-high', grade: 1, name: '年龄不符' },
    { ...good[1] }, // the same ID as an earlier row
  ];
  // good rows, then the bad ones, with the duplicate last
  const file = [header, ...good.map(rosterCsvLine), ...bad.map(rosterCsvLine)].join('\n') + '\n';

  it('imports a roster in chunks, rejecting each bad row with its row, field and reason', async () => {
    // Small chunks, so the duplicate's first line lies in another chunk (written earlier or alongside).
    const result = await importCsv(file, 'province.csv', admin, 200);
    expect(result).toMatchObject({ status: 'completed', rowsRead: good.length + bad.length, rowsAccepted: good.length, rowsRejected: bad.length, fractionDone: 1 });

    const report = await eduaid.http('students').get<string>(`/roster-imports/${result.importId}/errors?format=csv`, admin);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/csv');
    const firstBadRow = good.length + 2; // header is line 1
    expect(report.body.trim().split('\n')).toEqual([
      'row,field,reason',
      `${firstBadRow},national_id,national ID has a wrong check digit (GB 11643)`,
      `${firstBadRow + 1},national_id,national ID holds an impossible birth date`,
      `${firstBadRow + 2},school_code,unknown school '0000000000'`,
      `${firstBadRow + 3},stage,senior-high does not fit age 2 (expected 13 to 21)`,
      `${firstBadRow + 4},national_id,the same national ID as row 3`,
    ]);
    // The report never carries a national ID in clear.
    expect(report.body).not.toContain(wrongCheck);

    const [{ count }] = await eduaid.db.query<{ count: string }>('SELECT count(*) FROM students.students');
    expect(Number(count)).toBe(good.length);
    const [{ enrolments }] = await eduaid.db.query<{ enrolments: string }>('SELECT count(*) AS enrolments FROM students.enrolments');
    expect(Number(enrolments)).toBe(good.length);
    // National IDs are stored only encrypted, with their key version, blind index and mask.
    const [sample] = await eduaid.db.query<{ national_id_masked: string; national_id_key_version: number }>(
      'SELECT national_id_masked, national_id_key_version FROM students.students ORDER BY name LIMIT 1',
    );
    expect(sample.national_id_masked).toMatch(/^\*{14}[\dX]{4}$/); // the last four only: the region prefix helped rebuild the number
    expect(sample.national_id_key_version).toBe(1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await eduaid.db.query('SELECT id, updated_at, household_id, school_code FROM students.students ORDER BY id');
    const households = await eduaid.db.query('SELECT id, updated_at FROM students.households ORDER BY id');
    const result = await importCsv(file, 'province-again.csv');
    expect(result).toMatchObject({ status: 'completed', rowsAccepted: good.length, rowsRejected: bad.length });
    expect(await eduaid.db.query('SELECT id, updated_at, household_id, school_code FROM students.students ORDER BY id')).toEqual(before);
    expect(await eduaid.db.query('SELECT id, updated_at FROM students.households ORDER BY id')).toEqual(households);
  });

  it('reads GBK files with Chinese headers', async () => {
    const row = { ...good[2], name: '欧阳娜娜' };
    const gbk = encode(`身份证号,姓名,建档立卡户编号,村代码,学校代码,学段,年级,是否寄宿,学年\r\n${[row.national_id, row.name, row.household_no, row.village_code, row.school_code, row.stage, row.grade, '否', row.academic_year].join(',')}\r\n`, 'gbk');
    const result = await importCsv(gbk, 'gbk.csv');
    expect(result).toMatchObject({ status: 'completed', rowsAccepted: 1, rowsRejected: 0 });
    const index = eduaid.app('students').get(FieldCipher).blindIndex('national-id', row.national_id);
    const [student] = await eduaid.db.query<{ name: string; boarding: boolean }>('SELECT name, boarding FROM students.students WHERE national_id_index = $1', [index]);
    expect(student).toEqual({ name: '欧阳娜娜', boarding: false });
  });

  it('keeps each student’s enrolment history across years, and a household’s move to another village', async () => {
    const movers = good.filter((r) => r.stage === 'primary' && r.grade >= 2 && r.grade <= 5).slice(0, 5);
    expect(movers).toHaveLength(5);
    const csv = (rows: RosterRow[]) => [header, ...rows.map(rosterCsvLine)].join('\n') + '\n';
    const cipher = eduaid.app('students').get(FieldCipher);
    const [first] = await eduaid.db.query<{ id: string }>('SELECT id FROM students.students WHERE national_id_index = $1', [cipher.blindIndex('national-id', movers[0].national_id)]);
    const detail = async () =>
      (await eduaid.http('students').get<{ enrolment: { grade: number; academicYear: string }; enrolments: { academicYear: string; grade: number }[] }>(`/students/${first.id}`, admin)).body;
    const g = movers[0].grade;

    // Next year's roster: the new enrolment is current, last year's becomes history.
    const nextYear = movers.map((r) => ({ ...r, academic_year: '2025-2026', grade: r.grade + 1 }));
    expect(await importCsv(csv(nextYear), 'next-year.csv')).toMatchObject({ status: 'completed', rowsAccepted: 5, rowsRejected: 0 });
    expect(await detail()).toMatchObject({
      enrolment: { grade: g + 1, academicYear: '2025-2026' },
      enrolments: [{ academicYear: '2025-2026', grade: g + 1 }, { academicYear: '2024-2025', grade: g }],
    });

    // A late roster of an earlier year is history; the current enrolment stays.
    const earlier = movers.map((r) => ({ ...r, academic_year: '2023-2024', grade: r.grade - 1 }));
    expect(await importCsv(csv(earlier), 'earlier-year.csv')).toMatchObject({ status: 'completed', rowsAccepted: 5 });
    expect((await detail()).enrolments.map((e) => [e.academicYear, e.grade])).toEqual([['2025-2026', g + 1], ['2024-2025', g], ['2023-2024', g - 1]]);
    expect((await detail()).enrolment).toMatchObject({ grade: g + 1, academicYear: '2025-2026' });

    // Importing either again changes nothing.
    const history = await eduaid.db.query('SELECT student_id, academic_year, grade, updated_at FROM students.past_enrolments ORDER BY 1, 2');
    const students = await eduaid.db.query('SELECT id, updated_at FROM students.students ORDER BY id');
    await importCsv(csv(nextYear), 'next-year-again.csv');
    await importCsv(csv(earlier), 'earlier-year-again.csv');
    expect(await eduaid.db.query('SELECT student_id, academic_year, grade, updated_at FROM students.past_enrolments ORDER BY 1, 2')).toEqual(history);
    expect(await eduaid.db.query('SELECT id, updated_at FROM students.students ORDER BY id')).toEqual(students);

    // A household the roster places in another village moves there.
    const otherVillage = good.find((r) => r.village_code !== movers[0].village_code && r.village_code.slice(0, 6) === movers[0].village_code.slice(0, 6))?.village_code;
    expect(otherVillage).toBeDefined();
    await importCsv(csv([{ ...nextYear[0], village_code: otherVillage as string }]), 'moved.csv');
    const [household] = await eduaid.db.query<{ village_code: string }>('SELECT village_code FROM students.households WHERE household_no = $1', [movers[0].household_no]);
    expect(household.village_code).toBe(otherVillage);
  });

  it('fails the whole import, writing nothing, when the header lacks required columns', async () => {
    const result = await importCsv('name,grade\n张三,1\n', 'bad-header.csv');
    expect(result.status).toBe('failed');
    expect(result.failure).toContain('the header lacks the columns: national_id, household_no');
    expect(result.rowsRead).toBe(0);
  });

  it('answers bad uploads with a clear 4xx', async () => {
    const noName = await eduaid.http('students').post<{ errors: { field: string }[] }>('/roster-imports', 'a,b\n', { ...admin, 'content-type': 'text/csv' });
    expect(noName.status).toBe(400);
    expect(noName.body.errors.map((e) => e.field)).toContain('fileName');
    const empty = await eduaid.http('students').post<{ code: string }>('/roster-imports?fileName=x.csv', '', { ...admin, 'content-type': 'text/csv' });
    expect(empty.status).toBe(400);
    const mentor = await eduaid.authAs({ roles: ['mentor'] });
    const denied = await eduaid.http('students').post('/roster-imports?fileName=x.csv', file, { ...mentor, 'content-type': 'text/csv' });
    expect(denied.status).toBe(403);
  });

  it('rejects rows outside a county importer’s jurisdiction', async () => {
    const county = good[0].village_code.slice(0, 6);
    const caseworker = await eduaid.authAs({ userId: 'cw-1', roles: ['caseworker'], scope: { level: 'county', code: county } });
    const mixed = [header, ...good.slice(0, 40).map(rosterCsvLine)].join('\n');
    const result = await importCsv(mixed, 'county.csv', caseworker);
    const inCounty = good.slice(0, 40).filter((r) => r.village_code.startsWith(county)).length;
    expect(result).toMatchObject({ status: 'completed', rowsAccepted: inCounty, rowsRejected: 40 - inCounty });
    expect(inCounty).toBeGreaterThan(0);
    expect(inCounty).toBeLessThan(40);
  });

  it('rolls a chunk back whole when it fails part-way, and its retry writes each row once', async () => {
    // 300 students and households new to the registry (the same people under new IDs and household numbers).
    const fresh: RosterRow[] = good.slice(0, 300).map((r, i) => ({
      ...r,
      national_id: makeNationalId(r.national_id.slice(0, 6), `${r.national_id.slice(6, 10)}-${r.national_id.slice(10, 12)}-${r.national_id.slice(12, 14)}`, 600 + i),
      household_no: `${r.household_no}-F`,
    }));
    // A fault in the database: the first write of line 201's student (the last line of the second
    // 100-line chunk, after that chunk's households were written) fails its statement.
    await eduaid.db.query('CREATE SEQUENCE public.roster_fault');
    await eduaid.db.query(`CREATE FUNCTION public.roster_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('public.roster_fault') = 1 THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await eduaid.db.query('CREATE TRIGGER roster_fault BEFORE INSERT ON students.students FOR EACH ROW WHEN (NEW.last_import_row = 201) EXECUTE FUNCTION public.roster_fault()');
    let result: ImportStatus;
    try {
      result = await importCsv([header, ...fresh.map(rosterCsvLine)].join('\n') + '\n', 'fault.csv', admin, 100);
    } finally {
      await eduaid.db.query('DROP TRIGGER roster_fault ON students.students');
      await eduaid.db.query('DROP FUNCTION public.roster_fault()');
    }
    const [fault] = await eduaid.db.query<{ last_value: string }>('SELECT last_value FROM public.roster_fault');
    await eduaid.db.query('DROP SEQUENCE public.roster_fault');
    expect(Number(fault.last_value)).toBe(2); // it failed once, and the retry wrote the line

    // Every line accepted once: no line of the retried chunk reported as a duplicate of itself.
    expect(result).toMatchObject({ status: 'completed', rowsRead: 300, rowsAccepted: 300, rowsRejected: 0 });
    const cipher = eduaid.app('students').get(FieldCipher);
    const [students] = await eduaid.db.query<{ n: string }>('SELECT count(*) AS n FROM students.students WHERE national_id_index = ANY($1::bytea[])', [
      fresh.map((r) => cipher.blindIndex('national-id', r.national_id)),
    ]);
    expect(Number(students.n)).toBe(300);
    const [households] = await eduaid.db.query<{ n: string }>(`SELECT count(*) AS n FROM students.households WHERE household_no LIKE '%-F'`);
    expect(Number(households.n)).toBe(new Set(fresh.map((r) => r.household_no)).size);
    const chunks = await eduaid.db.query<{ rows_accepted: number }>('SELECT rows_accepted FROM students.roster_import_chunks WHERE import_id = $1', [result.importId]);
    expect(chunks.map((c) => c.rows_accepted)).toEqual([100, 100, 100]);
  });

  describe('across jurisdictions', () => {
    const countyA = good[0].village_code.slice(0, 6);
    const a = good.find((r) => r.village_code.startsWith(countyA) && r.school_code.startsWith(countyA)) as RosterRow;
    // A county-B student whose household and school both lie in county B, and whose stage a county-A school teaches.
    const b = good.find(
      (r) => !r.village_code.startsWith(countyA) && !r.school_code.startsWith(countyA) && good.some((o) => o.school_code.startsWith(countyA) && o.stage === r.stage),
    ) as RosterRow;
    const countyB = b.village_code.slice(0, 6);
    const schoolInA = good.find((o) => o.school_code.startsWith(countyA) && o.stage === b.stage)?.school_code as string;
    const caseworkerIn = (county: string) => eduaid.authAs({ userId: `cw-${county}`, roles: ['caseworker'], scope: { level: 'county', code: county } });
    const studentOf = async (row: RosterRow) => {
      const index = eduaid.app('students').get(FieldCipher).blindIndex('national-id', row.national_id);
      const [found] = await eduaid.db.query<{ id: string; name: string; village_code: string; household_id: string; school_code: string; updated_at: Date }>(
        'SELECT id, name, village_code, household_id, school_code, updated_at FROM students.students WHERE national_id_index = $1',
        [index],
      );
      return found;
    };
    const householdOf = async (householdNo: string) =>
      (await eduaid.db.query<{ id: string; village_code: string; county_code: string; updated_at: Date }>(
        'SELECT id, village_code, county_code, updated_at FROM students.households WHERE household_no = $1',
        [householdNo],
      ))[0];

    it('leaves county B’s household and student untouched by county A’s upload, each such row an error naming the reason', async () => {
      expect(a).toBeDefined();
      expect(b).toBeDefined();
      const householdBefore = await householdOf(b.household_no);
      const studentBefore = await studentOf(b);
      expect(studentBefore).toBeDefined();
      const newId = (sequence: number) => makeNationalId(a.national_id.slice(0, 6), `${a.national_id.slice(6, 10)}-${a.national_id.slice(10, 12)}-${a.national_id.slice(12, 14)}`, sequence);
      const rows: RosterRow[] = [
        // a new child, registered under county B's household number with a county-A village: would move B's household into A
        { ...a, national_id: newId(811), name: '借户', household_no: b.household_no },
        // county B's student, renamed and placed in a county-A household and village
        { ...b, name: '改名', household_no: a.household_no, village_code: a.village_code },
        // an ordinary new county-A child, written as usual
        { ...a, national_id: newId(812), name: '新生', household_no: `${a.household_no}-N` },
      ];
      const result = await importCsv([header, ...rows.map(rosterCsvLine)].join('\n') + '\n', 'cross-county.csv', await caseworkerIn(countyA));
      expect(result).toMatchObject({ status: 'completed', rowsRead: 3, rowsAccepted: 1, rowsRejected: 2 });
      const report = await eduaid.http('students').get<string>(`/roster-imports/${result.importId}/errors?format=csv`, await caseworkerIn(countyA));
      expect(report.body.trim().split('\n')).toEqual([
        'row,field,reason',
        '2,household_no,registered in another jurisdiction: transfer it there',
        '3,national_id,registered in another jurisdiction: transfer it there',
      ]);

      expect(await householdOf(b.household_no)).toEqual(householdBefore);
      expect(await studentOf(b)).toEqual(studentBefore);
      expect(await studentOf(rows[0])).toBeUndefined(); // nothing of a refused row is written
      expect(await studentOf(rows[2])).toMatchObject({ name: '新生', village_code: a.village_code });
      // County B still sees its student as it was.
      const seenByB = await eduaid.http('students').get<{ name: string; villageCode: string }>(`/students/${studentBefore.id}`, await caseworkerIn(countyB));
      expect(seenByB.status).toBe(200);
      expect(seenByB.body).toMatchObject({ name: studentBefore.name, villageCode: b.village_code });
      // The row error confirmed that the number is registered: county B's auditor reads who tried.
      const auditorB = await eduaid.authAs({ userId: 'auditor-b', roles: ['auditor'], scope: { level: 'county', code: countyB } });
      const log = await eduaid.http('students').get<{ items: unknown[] }>(`/privacy/access-log?studentId=${studentBefore.id}`, auditorB);
      expect(log.body.items).toEqual([
        expect.objectContaining({ kind: 'lookup', actorUserId: `cw-${countyA}`, reason: `roster import ${result.importId}, row 3: registered in another jurisdiction` }),
      ]);
    });

    it('moves a student between counties only by an explicit transfer, which both sides read', async () => {
      const { id } = await studentOf(b);
      const path = `/students/${id}/transfers`;
      const move = { toVillageCode: a.village_code, toSchoolCode: schoolInA, reason: 'family moved to the county seat for work' };
      // County A cannot pull the student over, and a reason of spaces is no reason.
      expect((await eduaid.http('students').post(path, move, await caseworkerIn(countyA))).status).toBe(403);
      const blank = await eduaid.http('students').post<{ errors: { field: string }[] }>(path, { ...move, reason: '              ' }, await caseworkerIn(countyB));
      expect(blank.status).toBe(400);
      expect(blank.body.errors.map((e) => e.field)).toEqual(['reason']);
      expect((await eduaid.http('students').get(`/students/${id}`, await caseworkerIn(countyA))).status).toBe(403);

      const sent = await eduaid.http('students').post<{ items: { studentId: string; fromVillageCode: string; toVillageCode: string; toSchoolCode: string; householdMoved: boolean; transferredBy: string }[] }>(
        path,
        move,
        await caseworkerIn(countyB),
      );
      expect(sent.status).toBe(201);
      const record = { studentId: id, fromVillageCode: b.village_code, toVillageCode: a.village_code, toSchoolCode: schoolInA, householdMoved: true, transferredBy: `cw-${countyB}`, reason: move.reason };
      expect(sent.body.items).toEqual([expect.objectContaining(record)]);

      // The receiving county now holds the student, with the transfer on the record.
      const received = await eduaid.http('students').get<{ villageCode: string; enrolment: { schoolCode: string }; transfers: unknown[] }>(`/students/${id}`, await caseworkerIn(countyA));
      expect(received.status).toBe(200);
      expect(received.body).toMatchObject({ villageCode: a.village_code, enrolment: { schoolCode: schoolInA }, transfers: [expect.objectContaining(record)] });
      expect((await householdOf(b.household_no)).county_code).toBe(countyA);
      // The sending county no longer sees the student, but still reads where they went.
      expect((await eduaid.http('students').get(`/students/${id}`, await caseworkerIn(countyB))).status).toBe(403);
      const sentSide = await eduaid.http('students').get<{ items: unknown[] }>(path, await caseworkerIn(countyB));
      expect(sentSide.status).toBe(200);
      expect(sentSide.body.items).toEqual([expect.objectContaining(record)]);
      // A third county reads nothing of it.
      const countyC = good.find((r) => !r.village_code.startsWith(countyA) && !r.village_code.startsWith(countyB))?.village_code.slice(0, 6);
      if (countyC) expect((await eduaid.http('students').get(path, await caseworkerIn(countyC))).status).toBe(403);
    });
  });
});
