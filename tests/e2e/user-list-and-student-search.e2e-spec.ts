import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, DEMO_PASSWORD, login, OTHER_COUNTY, seedUsers } from './casework-fixtures';

interface Problem { status: number; code: string; errors?: { field: string; message: string }[] }
interface UserItem { userId: string; username: string; displayName: string; roles: string[]; scope: { level: string; code: string }; active: boolean; lockedOut: boolean; lockedUntil?: string; failedLogins: number }
interface Page<T> { items: T[]; nextCursor?: string }

/**
 * casework's GET /users (programme admins and supervisors: the users inside their jurisdiction, by
 * role and name, keyset pages, login lockout) and students' GET /students?name= (the start of a
 * student's name), over real HTTP and PostgreSQL.
 */
describe('the users list and the student name search', () => {
  let eduaid: EduaidHarness;
  const cw = () => eduaid.http('casework');
  const county = (code: string) => ({ level: 'county' as const, code });

  beforeAll(async () => {
    eduaid = await startEduaid('user-list', [caseworkService, studentsService]);
    await seedUsers(eduaid);
    const others: [string, string, string, string, string, string][] = [
      ['ul-other-admin', 'other-admin.ul', '外县管理员', '{programme-admin}', 'county', OTHER_COUNTY],
      ['ul-other-cw', 'other-cw.ul', '外县经办人', '{caseworker}', 'county', OTHER_COUNTY],
      ['ul-county-admin', 'county-admin.ul', '本县管理员', '{programme-admin}', 'county', DEMO_COUNTY],
      ['ul-township-cw', 'township-cw.ul', '张街道经办', '{caseworker}', 'township', `${DEMO_COUNTY}001`],
    ];
    for (const [userId, username, displayName, roles, level, code] of others) {
      await eduaid.db.query(
        `INSERT INTO casework.users (user_id, username, display_name, password_hash, password_salt, roles, scope_level, scope_code) VALUES ($1, $2, $3, 'x', 'x', $4, $5, $6) ON CONFLICT DO NOTHING`,
        [userId, username, displayName, roles, level, code],
      );
    }
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const all = async (headers: Record<string, string>, query = '') => {
    const seen: UserItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await cw().get<Page<UserItem>>(`/users?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`, headers);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return seen;
  };

  it('a county admin pages through the users of the county (and its schools and townships), none of another county or above', async () => {
    const admin = await eduaid.authAs({ userId: 'ul-county-admin', roles: ['programme-admin'], scope: county(DEMO_COUNTY) });
    const users = await all(admin);
    const names = users.map((u) => u.username);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['caseworker1.demo', 'school-caseworker.demo', 'supervisor.demo', 'township-cw.ul', 'county-admin.ul']));
    expect(names).not.toContain('other-cw.ul');
    expect(names).not.toContain('other-admin.ul');
    expect(names).not.toContain('admin.demo'); // province: above the county
    expect(names).not.toContain('prefecture-approver.demo');
    const caseworker = users.find((u) => u.username === 'caseworker1.demo');
    expect(caseworker).toMatchObject({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: { level: 'county', code: DEMO_COUNTY }, active: true, lockedOut: false });
    expect(JSON.stringify(users)).not.toMatch(/password/i);
  });

  it('another county’s admin sees none of the demo county’s users', async () => {
    const other = await eduaid.authAs({ userId: 'ul-other-admin', roles: ['programme-admin'], scope: county(OTHER_COUNTY) });
    const names = (await all(other)).map((u) => u.username);
    expect(names.sort()).toEqual(['other-admin.ul', 'other-cw.ul']);
  });

  it('filters by role and by the start of the user name or display name', async () => {
    const admin = await login(eduaid, 'admin.demo');
    const approvers = await all(admin, '&role=approver');
    expect(approvers.map((u) => u.username).sort()).toEqual(['approver1.demo', 'approver2.demo', 'prefecture-approver.demo']);
    const byUsername = await all(admin, `&name=${encodeURIComponent('  CaseWorker ')}`);
    expect(byUsername.map((u) => u.username)).toEqual(['caseworker1.demo', 'caseworker2.demo']);
    const byDisplayName = await all(admin, `&name=${encodeURIComponent('张街')}`);
    expect(byDisplayName.map((u) => u.username)).toEqual(['township-cw.ul']);
    const wildcard = await all(admin, `&name=${encodeURIComponent('%')}`);
    expect(wildcard).toEqual([]);
  });

  it('shows a locked-out user, and the lockout lifted', async () => {
    // The state ten failed logins leave (casework-login-throttle.e2e-spec drives the throttle itself; here only the list is under test).
    await eduaid.db.query(
      `INSERT INTO casework.login_throttle (key, failures, last_failure_at, locked_at) VALUES ('account:caseworker2.demo', 10, now(), now())
       ON CONFLICT (key) DO UPDATE SET failures = 10, last_failure_at = now(), locked_at = now()`,
    );
    expect((await cw().post<Problem>('/auth/login', { username: 'caseworker2.demo', password: DEMO_PASSWORD })).body.code).toBe('auth.login-locked');
    const admin = await login(eduaid, 'admin.demo');
    const locked = (await all(admin, '&name=caseworker2')).find((u) => u.username === 'caseworker2.demo');
    expect(locked?.lockedOut).toBe(true);
    expect(Date.parse(locked?.lockedUntil ?? '')).toBeGreaterThan(Date.now());
    expect((await cw().request('DELETE', '/users/demo-caseworker-2/lockout', undefined, admin)).status).toBe(200);
    const lifted = (await all(admin, '&name=caseworker2')).find((u) => u.username === 'caseworker2.demo');
    expect(lifted).toMatchObject({ lockedOut: false, failedLogins: 0 });
    expect(lifted?.lockedUntil).toBeUndefined();
    expect((await cw().post('/auth/login', { username: 'caseworker2.demo', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('bad input is a 400 naming the field; roles other than admin and supervisor get 403', async () => {
    const admin = await login(eduaid, 'admin.demo');
    const cases: [string, string][] = [
      ['/users?role=king', 'role'],
      [`/users?name=${'x'.repeat(51)}`, 'name'],
      [`/users?name=${encodeURIComponent('   ')}`, 'name'],
      ['/users?limit=0', 'limit'],
      ['/users?cursor=not-a-cursor', 'cursor'],
    ];
    for (const [path, field] of cases) {
      const answer = await cw().get<Problem>(path, admin);
      expect([path, answer.status, answer.body.errors?.map((e) => e.field)]).toEqual([path, 400, [field]]);
    }
    const supervisor = await login(eduaid, 'supervisor.demo');
    expect((await cw().get<Page<UserItem>>('/users', supervisor)).body.items.map((u) => u.username)).toContain('caseworker1.demo');
    expect((await cw().get<Problem>('/users', await login(eduaid, 'caseworker1.demo'))).status).toBe(403);
  });

  describe('students by name', () => {
    const student = async (name: string, countyCode: string) => {
      const village = `${countyCode}001001`;
      const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, village, countyCode]);
      const [row] = await eduaid.db.query<{ id: string }>(
        `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
           school_code, school_county_code, stage, grade, boarding, academic_year)
         VALUES ($1, 1, $2, '420***********0000', $3, '2013-05-01', 'female', $4, $5, $6, $7, $6, 'primary', 3, false, '2026-2027') RETURNING id`,
        [randomBytes(40), randomBytes(32), name, h.id, village, countyCode, `${countyCode}0001`],
      );
      return row.id;
    };

    it('finds students whose name starts with the text, in the caller’s jurisdiction only; bad names are 400s naming name', async () => {
      const zhang = await student('欧阳明月', DEMO_COUNTY);
      const zhangToo = await student('欧阳小雨', DEMO_COUNTY);
      await student('明月欧阳', DEMO_COUNTY);
      const elsewhere = await student('欧阳远方', OTHER_COUNTY);
      const st = eduaid.http('students');
      const mine = await st.get<Page<{ id: string; name: string }>>(`/students?name=${encodeURIComponent(' 欧阳 ')}&limit=100`, await login(eduaid, 'caseworker1.demo'));
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((s) => s.id).sort()).toEqual([zhang, zhangToo].sort());
      const other = await st.get<Page<{ id: string }>>(`/students?name=${encodeURIComponent('欧阳')}`, await eduaid.authAs({ userId: 'ul-other-cw', roles: ['caseworker'], scope: county(OTHER_COUNTY) }));
      expect(other.body.items.map((s) => s.id)).toEqual([elsewhere]);
      const exact = await st.get<Page<{ id: string }>>(`/students?name=${encodeURIComponent('欧阳明月')}`, await login(eduaid, 'caseworker1.demo'));
      expect(exact.body.items.map((s) => s.id)).toEqual([zhang]);
      const caseworker = await login(eduaid, 'caseworker1.demo');
      for (const bad of ['x'.repeat(31), '   ']) {
        const answer = await st.get<Problem>(`/students?name=${encodeURIComponent(bad)}`, caseworker);
        expect([answer.status, answer.body.errors?.map((e) => e.field)]).toEqual([400, ['name']]);
      }
    });

    it('the name search is served by the name index', async () => {
      const plan = await eduaid.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM students.students s WHERE s.name LIKE '欧阳%'`);
      await eduaid.db.query('SET enable_seqscan = off');
      const forced = await eduaid.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM students.students s WHERE s.name LIKE '欧阳%'`);
      await eduaid.db.query('SET enable_seqscan = on');
      // A handful of rows may be read by a sequential scan; with it off, the planner must be able to use the index.
      expect([...plan, ...forced].map((r) => r['QUERY PLAN']).join('\n')).toMatch(/students_name_prefix_idx/);
    });
  });
});
