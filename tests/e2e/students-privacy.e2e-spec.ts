import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ROSTER_COLUMNS, RosterRow, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';

interface StudentSummary {
  id: string;
  name: string;
  nationalIdMasked: string;
  villageCode: string;
  enrolment: { schoolCode: string; stage: string } | null;
  flags: { leftBehind: boolean; disability: boolean };
}
interface Page {
  items: StudentSummary[];
  nextCursor?: string;
}

const FRACTION = 0.004;

/**
 * The student registry and the protection of national IDs (Privacy issue): masked everywhere, full
 * value only through a logged reveal by an allowed role, encrypted at rest, absent from logs and
 * from a dump of the database, and readable throughout a key rotation.
 */
describe('students registry and privacy', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  const logs: string[] = [];
  const province = new SyntheticProvince(scopeAt(FRACTION));
  const roster: RosterRow[] = [...province.roster(2024)];
  const county = roster[0].village_code.slice(0, 6);
  const otherCounty = roster.find((r) => !r.village_code.startsWith(county))?.village_code.slice(0, 6) as string;

  beforeAll(async () => {
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
    eduaid = await startEduaid('students', [studentsService, schoolsService], { env: { LOG_LEVEL: 'trace' }, logDestination: sink });
    admin = await eduaid.authAs({ userId: 'admin-1' });
    await eduaid.http('schools').post('/admin/synthetic-province', { fraction: FRACTION }, admin);
    const csv = [ROSTER_COLUMNS.join(','), ...roster.map(rosterCsvLine)].join('\n');
    const started = await eduaid.http('students').post<{ importId: string }>('/roster-imports?fileName=p.csv', csv, { ...admin, 'content-type': 'text/csv' });
    await eventually(
      async () => (await eduaid.http('students').get<{ status: string }>(`/roster-imports/${started.body.importId}`, admin)).body.status,
      (s) => s === 'completed',
      60_000,
    );
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const caseworker = (scopeCode = county, roles: string[] = ['caseworker']) =>
    eduaid.authAs({ userId: `cw-${scopeCode}`, roles: roles as never, scope: { level: 'county', code: scopeCode } });

  async function allPages(query: string, headers: Record<string, string>): Promise<StudentSummary[]> {
    const all: StudentSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await eduaid.http('students').get<Page>(`/students?limit=37${query}${cursor ? `&after=${cursor}` : ''}`, headers);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return all;
  }

  it('lists a county caseworker’s students only, page by page, with IDs masked', async () => {
    const mine = await allPages('', await caseworker());
    const expected = roster.filter((r) => r.village_code.startsWith(county) || r.school_code.startsWith(county));
    expect(mine).toHaveLength(expected.length);
    expect(new Set(mine.map((s) => s.id)).size).toBe(mine.length); // pages never overlap
    for (const s of mine) expect(s.nationalIdMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    const plain = new Set(roster.map((r) => r.national_id));
    expect(JSON.stringify(mine).match(/\d{17}[\dX]/g)?.filter((m) => plain.has(m)) ?? []).toEqual([]);
  });

  it('filters by stage, school and flags', async () => {
    const leftBehindJunior = await allPages('&stage=junior-secondary&flags=left-behind', admin);
    expect(leftBehindJunior.length).toBe(roster.filter((r) => r.stage === 'junior-secondary' && r.left_behind).length);
    const school = roster[0].school_code;
    const atSchool = await allPages(`&schoolCode=${school}`, admin);
    expect(atSchool.length).toBe(roster.filter((r) => r.school_code === school).length);
    const bad = await eduaid.http('students').get<{ errors: { field: string }[] }>('/students?stage=nursery&flags=rich&limit=0', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['flags', 'limit', 'stage']);
  });

  it('finds a student by national ID through the blind index, inside the jurisdiction only', async () => {
    const target = roster[0];
    const found = await eduaid.http('students').post<{ id: string; name: string; enrolments: unknown[] }>('/students/lookup', { nationalId: target.national_id }, await caseworker());
    expect(found.status).toBe(200);
    expect(found.body.name).toBe(target.name);
    expect(found.body.enrolments).toHaveLength(1);
    const elsewhere = await eduaid.http('students').post<{ code: string }>('/students/lookup', { nationalId: target.national_id }, await caseworker(otherCounty));
    expect(elsewhere.status).toBe(403);
    const invalid = await eduaid.http('students').post<{ errors: { field: string; message: string }[] }>('/students/lookup', { nationalId: target.national_id.slice(0, 17) + (target.national_id[17] === '1' ? '2' : '1') }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'nationalId', message: 'nationalId has a wrong check digit (GB 11643)' }]);
    expect(JSON.stringify(invalid.body)).not.toContain(target.national_id.slice(0, 17));
  });

  it('reveals a full ID only to an allowed role with a reason, and logs exactly one access entry', async () => {
    const target = roster[0];
    const { body: student } = await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: target.national_id }, admin);
    const path = `/students/${student.id}/national-id/reveal`;

    const mentor = await eduaid.authAs({ userId: 'mentor-1', roles: ['mentor'], scope: { level: 'county', code: county } });
    expect((await eduaid.http('students').post(path, { reason: 'checking the bank account owner' }, mentor)).status).toBe(403);
    expect((await eduaid.http('students').post(path, { reason: 'x' }, await caseworker())).status).toBe(400);
    expect((await eduaid.http('students').post(path, { reason: 'checking the bank account owner' }, await caseworker(otherCounty))).status).toBe(403);

    const auditor = await eduaid.authAs({ userId: 'auditor-1', roles: ['auditor'] });
    const before = await eduaid.http('students').get<{ items: unknown[] }>(`/privacy/access-log?studentId=${student.id}`, auditor);
    expect(before.body.items).toEqual([]);

    const revealed = await eduaid.http('students').post<{ nationalId: string }>(path, { reason: 'checking the bank account owner' }, await caseworker());
    expect(revealed.status).toBe(200);
    expect(revealed.body.nationalId).toBe(target.national_id);

    const after = await eduaid.http('students').get<{ items: { actorUserId: string; field: string; reason: string; studentId: string }[] }>(`/privacy/access-log?studentId=${student.id}`, auditor);
    expect(after.body.items).toEqual([
      expect.objectContaining({ actorUserId: `cw-${county}`, field: 'national_id', reason: 'checking the bank account owner', studentId: student.id }),
    ]);
    expect((await eduaid.http('students').get('/privacy/access-log', await caseworker())).status).toBe(403);
  });

  it('keeps a household’s status history when its status changes', async () => {
    const { body: student } = await eduaid.http('students').post<{ householdId: string }>('/students/lookup', { nationalId: roster[0].national_id }, admin);
    const path = `/households/${student.householdId}`;
    const changed = await eduaid.http('students').post<{ status: string; statusHistory: { status: string; reason: string }[] }>(
      `${path}/status`,
      { status: 'lifted-out', effectiveDate: '2025-06-30', reason: 'annual verification: income above the line' },
      await caseworker(),
    );
    expect(changed.status).toBe(201);
    expect(changed.body.status).toBe('lifted-out');
    expect(changed.body.statusHistory.map((h) => h.status)).toEqual(['poor', 'lifted-out']);
    const again = await eduaid.http('students').post(`${path}/status`, { status: 'lifted-out', effectiveDate: '2025-06-30', reason: 'annual verification' }, await caseworker());
    expect(again.status).toBe(409);
    const future = await eduaid.http('students').post<{ errors: { field: string }[] }>(`${path}/status`, { status: 'poor', effectiveDate: '2999-01-01', reason: 'typo check' }, await caseworker());
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('effectiveDate');
  });

  it('reports coverage per county in JSON and CSV', async () => {
    const report = await eduaid.http('students').get<{ counties: { countyCode: string; registered: number; enrolled: number }[]; total: { registered: number } }>(
      '/reports/coverage?academicYear=2024-2025',
      admin,
    );
    expect(report.status).toBe(200);
    expect(report.body.total.registered).toBe(roster.length);
    const mine = report.body.counties.find((c) => c.countyCode === county);
    expect(mine?.registered).toBe(roster.filter((r) => r.village_code.startsWith(county)).length);
    expect(mine?.enrolled).toBe(mine?.registered);
    const csv = await eduaid.http('students').get<string>('/reports/coverage?academicYear=2024-2025&format=csv', admin);
    expect(csv.body.split('\n')[0]).toBe('county_code,registered,enrolled,with_approved_aid,enrolment_rate');
    expect(report.body.counties.every((c) => (c as { withApprovedAid?: number }).withApprovedAid === 0)).toBe(true); // no application approved here
    const none = await eduaid.http('students').get<{ total: { enrolled: number } }>('/reports/coverage?academicYear=2030-2031', admin);
    expect(none.body.total.enrolled).toBe(0);
  });

  it('keeps every value readable and every lookup working while the key is rotated mid-way', async () => {
    // Deploy a second key as current, keeping the first (as an operator would), then rotate.
    const v1 = eduaid.env.EDUAID_DATA_KEYS;
    await eduaid.restart('students', { EDUAID_DATA_KEYS: `${v1},2:${randomBytes(32).toString('base64')}`, EDUAID_DATA_KEY_CURRENT: '2' });
    const started = await eduaid.http('students').post<{ currentVersion: number }>('/admin/key-rotation', { batchSize: 50 }, admin);
    expect(started.status).toBe(202);
    expect(started.body.currentVersion).toBe(2);
    expect((await eduaid.http('students').post('/admin/key-rotation', { batchSize: 50 }, admin)).status).toBe(409);

    const sample = roster.filter((_, i) => i % 97 === 0);
    let sawMixedKeys = false;
    const check = async () => {
      for (const row of sample) {
        const found = await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: row.national_id }, admin);
        expect(found.status).toBe(200);
        const revealed = await eduaid.http('students').post<{ nationalId: string }>(`/students/${found.body.id}/national-id/reveal`, { reason: 'key rotation check' }, await caseworker(row.village_code.slice(0, 6)));
        if (revealed.status !== 403) expect(revealed.body.nationalId).toBe(row.national_id);
      }
    };
    const status = await eventually(
      async () => {
        const s = (await eduaid.http('students').get<{ state: string; rowsByKeyVersion: { keyVersion: number; rows: number }[] }>('/admin/key-rotation', admin)).body;
        if (s.rowsByKeyVersion.length === 2) {
          sawMixedKeys = true;
          await check(); // mid-way: some rows under v1, some under v2
        }
        return s;
      },
      (s) => s.state === 'completed',
      120_000,
    );
    await check();
    expect(status.rowsByKeyVersion).toEqual([{ keyVersion: 2, rows: roster.length }]);
    expect(sawMixedKeys).toBe(true);
  });

  it('leaves no plain national ID in the logs or in a dump of the database', async () => {
    const ids = roster.map((r) => r.national_id);
    const logText = logs.join('');
    expect(logText.length).toBeGreaterThan(1000); // the services did log (at trace level)
    expect(ids.filter((id) => logText.includes(id))).toEqual([]);

    // Dump every table of every schema as COPY text (bytea shows as hex, so look for the hex too).
    const client = new Client({ connectionString: eduaid.db.url });
    await client.connect();
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    let dump = '';
    for (const t of tables.rows) {
      const rows = await client.query(`SELECT * FROM "${t.schema}"."${t.name}"`);
      dump += JSON.stringify(rows.rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));
    }
    await client.end();
    expect(dump.length).toBeGreaterThan(10_000);
    const leaked = ids.filter((id) => dump.includes(id) || dump.includes(Buffer.from(id).toString('hex')));
    expect(leaked).toEqual([]);
  });
});
