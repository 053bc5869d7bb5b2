import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { makeNationalId, nationalIdCheckChar, parseNationalId } from '@eduaid/contracts';
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
    for (const s of mine) expect(s.nationalIdMasked).toMatch(/^\*{14}[\dX]{4}$/);
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
    // Lookups are in the log too (kind 'lookup'); this test counts reveals.
    const before = await eduaid.http('students').get<{ items: unknown[] }>(`/privacy/access-log?studentId=${student.id}&kind=reveal`, auditor);
    expect(before.body.items).toEqual([]);

    const revealed = await eduaid.http('students').post<{ nationalId: string }>(path, { reason: 'checking the bank account owner' }, await caseworker());
    expect(revealed.status).toBe(200);
    expect(revealed.body.nationalId).toBe(target.national_id);

    const after = await eduaid.http('students').get<{ items: { actorUserId: string; field: string; reason: string; studentId: string }[] }>(`/privacy/access-log?studentId=${student.id}&kind=reveal`, auditor);
    expect(after.body.items).toEqual([
      expect.objectContaining({ kind: 'reveal', actorUserId: `cw-${county}`, field: 'national_id', reason: 'checking the bank account owner', studentId: student.id }),
    ]);
    expect((await eduaid.http('students').get('/privacy/access-log', await caseworker())).status).toBe(403);
  });

  it('shows nothing, in lists or details, from which a national ID can be rebuilt', async () => {
    const cw = await caseworker();
    const listed = await allPages('', cw);
    // A list item shows a name and the ID's last four characters; two synthetic students can share both
    // (a CI run met such a pair), so only items that name one roster row are compared with it.
    const keyOf = (name: string, masked: string) => `${name}|${masked.slice(-4)}`;
    const rowsByKey = new Map<string, RosterRow[]>();
    for (const r of roster) rowsByKey.set(keyOf(r.name, r.national_id), [...(rowsByKey.get(keyOf(r.name, r.national_id)) ?? []), r]);
    let checked = 0;
    for (const item of listed.slice(0, 40)) {
      const rows = rowsByKey.get(keyOf(item.name, item.nationalIdMasked)) ?? [];
      expect(rows.length).toBeGreaterThan(0);
      if (rows.length > 1) continue;
      const row = rows[0];
      const detail = await eduaid.http('students').get<Record<string, unknown> & { householdId: string; birthYear: number; nationalIdMasked: string }>(`/students/${item.id}`, cw);
      const household = await eduaid.http('students').get(`/households/${detail.body.householdId}`, cw);
      const shown = JSON.stringify([item, detail.body, household.body]);
      const [year, month, day] = [row.national_id.slice(6, 10), row.national_id.slice(10, 12), row.national_id.slice(12, 14)];
      // The mask keeps the last four characters only; the birth date is shown as a year.
      expect(detail.body.nationalIdMasked).toBe(`${'*'.repeat(14)}${row.national_id.slice(-4)}`);
      expect(detail.body).not.toHaveProperty('birthDate');
      expect(detail.body.birthYear).toBe(Number(year));
      expect(shown).not.toContain(`${year}-${month}-${day}`);
      expect(shown).not.toContain(`${year}${month}${day}`);
      expect(shown).not.toContain(row.national_id.slice(0, 14));
      // Even granting the region code (the county's code) and everything shown, many numbers fit.
      const region = row.national_id.slice(0, 6);
      const fitting: string[] = [];
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const candidate = `${region}${year}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${row.national_id.slice(14, 17)}`;
          if (parseNationalId(candidate + nationalIdCheckChar(candidate)).ok && nationalIdCheckChar(candidate) === row.national_id[17]) fitting.push(candidate);
        }
      }
      expect(fitting.length).toBeGreaterThan(5);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('logs every lookup, found or not, with its purpose, for the county’s auditor', async () => {
    const cw = await eduaid.authAs({ userId: 'cw-lookup-log', roles: ['caseworker'], scope: { level: 'county', code: county } });
    const target = roster.find((r) => r.village_code.startsWith(county)) as RosterRow;
    const found = await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: target.national_id, purpose: '  applicant at the counter  ' }, cw);
    expect(found.status).toBe(200);
    const unknown = makeNationalId(county, '2013-04-05', 997);
    expect(roster.some((r) => r.national_id === unknown)).toBe(false);
    expect((await eduaid.http('students').post('/students/lookup', { nationalId: unknown }, cw)).status).toBe(404);

    const auditor = await eduaid.authAs({ userId: 'auditor-lookups', roles: ['auditor'], scope: { level: 'county', code: county } });
    const log = await eduaid.http('students').get<{ items: { kind: string; studentId?: string; reason: string; field: string }[] }>('/privacy/access-log?actorUserId=cw-lookup-log', auditor);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ kind: 'lookup', field: 'national_id', reason: '' }), // the miss, newest first, without a student
      expect.objectContaining({ kind: 'lookup', field: 'national_id', studentId: found.body.id, reason: 'applicant at the counter' }),
    ]);
    expect(log.body.items[0].studentId).toBeUndefined();
    // The other county's auditor sees neither.
    const otherAuditor = await eduaid.authAs({ userId: 'auditor-other', roles: ['auditor'], scope: { level: 'county', code: otherCounty } });
    expect((await eduaid.http('students').get<{ items: unknown[] }>('/privacy/access-log?actorUserId=cw-lookup-log', otherAuditor)).body.items).toEqual([]);
  });

  it('answers the 31st lookup within a minute with 429 and Retry-After', async () => {
    const heavy = await eduaid.authAs({ userId: 'cw-heavy-lookups', roles: ['caseworker'], scope: { level: 'county', code: county } });
    const targets = roster.filter((r) => r.village_code.startsWith(county));
    for (let i = 0; i < 30; i++) {
      expect((await eduaid.http('students').post('/students/lookup', { nationalId: targets[i % targets.length].national_id }, heavy)).status).toBe(200);
    }
    const refused = await eduaid.http('students').post<{ status: number; detail: string }>('/students/lookup', { nationalId: targets[0].national_id }, heavy);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toContain('at most 30 a minute');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The refused lookup is not in the log (it read nothing); another user is not held back.
    const auditor = await eduaid.authAs({ userId: 'auditor-heavy', roles: ['auditor'] });
    expect((await eduaid.http('students').get<{ items: unknown[] }>('/privacy/access-log?actorUserId=cw-heavy-lookups&kind=lookup', auditor)).body.items).toHaveLength(30);
    expect((await eduaid.http('students').post('/students/lookup', { nationalId: targets[0].national_id }, await caseworker())).status).toBe(200);
  });

  it('shows each county’s auditor the reveals of its own students only', async () => {
    const rowA = roster.find((r) => r.village_code.startsWith(county) && r.school_code.startsWith(county)) as RosterRow;
    const rowB = roster.find((r) => r.village_code.startsWith(otherCounty) && r.school_code.startsWith(otherCounty)) as RosterRow;
    const idOf = async (row: RosterRow) => (await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: row.national_id }, await eduaid.authAs({ userId: 'finder' }))).body.id;
    const [studentA, studentB] = [await idOf(rowA), await idOf(rowB)];
    const reason = { reason: 'checking the bank account owner' };
    expect((await eduaid.http('students').post(`/students/${studentA}/national-id/reveal`, reason, await caseworker())).status).toBe(200);
    expect((await eduaid.http('students').post(`/students/${studentB}/national-id/reveal`, reason, await caseworker(otherCounty))).status).toBe(200);

    const auditorOf = (code: string) => eduaid.authAs({ userId: `auditor-${code}`, roles: ['auditor'], scope: { level: 'county', code } });
    const reveals = async (headers: Record<string, string>) =>
      (await eduaid.http('students').get<{ items: { studentId: string }[] }>('/privacy/access-log?kind=reveal&limit=500', headers)).body.items.map((e) => e.studentId);
    const seenByA = await reveals(await auditorOf(county));
    const seenByB = await reveals(await auditorOf(otherCounty));
    expect(seenByA).toContain(studentA);
    expect(seenByA).not.toContain(studentB);
    expect(seenByB).toContain(studentB);
    expect(seenByB).not.toContain(studentA);
    expect((await eduaid.http('students').get<{ items: unknown[] }>(`/privacy/access-log?studentId=${studentB}`, await auditorOf(county))).body.items).toEqual([]);
    const province = await reveals(await eduaid.authAs({ userId: 'auditor-province', roles: ['auditor'] }));
    expect(province).toEqual(expect.arrayContaining([studentA, studentB]));
    const overflow = await eduaid.http('students').get('/privacy/access-log?after=99999999999999999999', await auditorOf(county));
    expect(overflow.status).toBe(400);
  });

  it('refuses a reason made of spaces, and keeps reasons trimmed', async () => {
    const row = roster.find((r) => r.village_code.startsWith(county)) as RosterRow;
    const { body: student } = await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: row.national_id }, await eduaid.authAs({ userId: 'finder-2' }));
    const path = `/students/${student.id}/national-id/reveal`;
    const cw = await eduaid.authAs({ userId: 'cw-trim', roles: ['caseworker'], scope: { level: 'county', code: county } });
    for (const reason of [' '.repeat(20), `   abc${' '.repeat(10)}`, '\t\n \t\n \t\n \t\n ']) {
      const refused = await eduaid.http('students').post<{ errors: { field: string; message: string }[] }>(path, { reason }, cw);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('at least 10 characters') }]);
    }
    expect((await eduaid.http('students').post(path, { reason: '   checking the bank account owner   ' }, cw)).status).toBe(200);
    const auditor = await eduaid.authAs({ userId: 'auditor-trim', roles: ['auditor'] });
    const log = await eduaid.http('students').get<{ items: { reason: string }[] }>(`/privacy/access-log?actorUserId=cw-trim`, auditor);
    expect(log.body.items.map((e) => e.reason)).toEqual(['checking the bank account owner']);
    // The same for the aid application's reasons (withdrawal, appeal, change): checked before anything else.
    const application = encodeURIComponent(`aid-application:${student.id}:2024-2025`);
    for (const action of ['withdrawal', 'appeal']) {
      const blank = await eduaid.http('students').post<{ errors: { field: string }[] }>(`/aid-applications/${application}/${action}`, { reason: '     ' }, cw);
      expect(blank.status).toBe(400);
      expect(blank.body.errors.map((e) => e.field)).toEqual(['reason']);
    }
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
    let checks = 0;
    const check = async () => {
      for (const row of sample) {
        // A checker per lookup: each user may make only 30 lookups a minute, and this test is not about that.
        const checker = await eduaid.authAs({ userId: `rotation-check-${(checks += 1)}` });
        const found = await eduaid.http('students').post<{ id: string }>('/students/lookup', { nationalId: row.national_id }, checker);
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
