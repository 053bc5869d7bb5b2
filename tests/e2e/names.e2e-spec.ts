import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { DEMO_COUNTY, OTHER_COUNTY, nameThePlaces, seedUsers } from './casework-fixtures';

interface Problem { status: number; code: string; errors?: { field: string; message: string }[] }
type Names = { items: { code: string; name: string; level: string }[] };
type People = { items: { userId: string; displayName: string }[] };

const TOWNSHIP = `${DEMO_COUNTY}001`;
const VILLAGE = `${DEMO_COUNTY}001001`;
const SCHOOL = `${DEMO_COUNTY}0001`;
const OTHER_SCHOOL = `${OTHER_COUNTY}0001`;

/**
 * Names for the codes and user ids screens would otherwise show: the schools service's GET /names and
 * casework's GET /users/names, real HTTP, real PostgreSQL. Places and schools are named wherever they
 * are (their names are public: a graduate's university may lie in another province); people only
 * within the caller's jurisdiction or above it, the rest left out rather than refused.
 */
describe('names for codes and user ids', () => {
  let eduaid: EduaidHarness;
  const county = { level: 'county' as const, code: DEMO_COUNTY };

  beforeAll(async () => {
    eduaid = await startEduaid('names', [caseworkService, schoolsService]);
    await seedUsers(eduaid);
    await nameThePlaces(eduaid, [
      ['42', 'province', '湖北省', null],
      ['4201', 'prefecture', '武汉市', '42'],
      [DEMO_COUNTY, 'county', '江岸区', '4201'],
      [OTHER_COUNTY, 'county', '江汉区', '4201'],
      [TOWNSHIP, 'township', '大智街道', DEMO_COUNTY],
      [`${OTHER_COUNTY}001`, 'township', '民族街道', OTHER_COUNTY],
      [VILLAGE, 'village', '惠济社区', TOWNSHIP],
    ], [
      { code: SCHOOL, name: '惠济小学', kind: 'primary', jurisdiction: TOWNSHIP, county: DEMO_COUNTY },
      { code: OTHER_SCHOOL, name: '民族中学', kind: 'junior-secondary', jurisdiction: `${OTHER_COUNTY}001`, county: OTHER_COUNTY },
    ]);
    await eduaid.db.query(
      `INSERT INTO casework.users (user_id, username, display_name, password_hash, password_salt, roles, scope_level, scope_code)
       VALUES ('names-other-cw', 'names-other.cw', '外县经办人', 'x', 'x', '{caseworker}', 'county', $1) ON CONFLICT DO NOTHING`,
      [OTHER_COUNTY],
    );
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  it('a county caseworker gets the names of divisions and schools within, above and outside the county; unknown codes are left out', async () => {
    const codes = ['42', '4201', DEMO_COUNTY, TOWNSHIP, VILLAGE, SCHOOL, OTHER_COUNTY, OTHER_SCHOOL, '999999'].join(',');
    const answer = await eduaid.http('schools').get<Names>(`/names?codes=${codes}`, await eduaid.authAs({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: county }));
    expect(answer.status).toBe(200);
    expect(Object.fromEntries(answer.body.items.map((i) => [i.code, `${i.level}:${i.name}`]))).toEqual({
      '42': 'province:湖北省',
      '4201': 'prefecture:武汉市',
      [DEMO_COUNTY]: 'county:江岸区',
      [TOWNSHIP]: 'township:大智街道',
      [VILLAGE]: 'village:惠济社区',
      [SCHOOL]: 'school:惠济小学',
      [OTHER_COUNTY]: 'county:江汉区',
      [OTHER_SCHOOL]: 'school:民族中学',
    });
    // Nothing is refused (no 403, nothing to audit).
    const denials = await eduaid.db.query(`SELECT 1 FROM casework.audit_log WHERE action = 'access.denied' AND actor = 'demo-caseworker-1'`);
    expect(denials).toEqual([]);
  });

  it('a school-scoped caseworker gets the names of their school, their county and a school elsewhere (a university outside the scope shows by name)', async () => {
    const answer = await eduaid.http('schools').get<Names>(`/names?codes=${SCHOOL},${DEMO_COUNTY},${OTHER_SCHOOL}`, await eduaid.authAs({ userId: 'demo-school-caseworker', roles: ['caseworker'], scope: { level: 'school', code: SCHOOL } }));
    expect(answer.body.items.map((i) => i.name).sort()).toEqual(['惠济小学', '民族中学', '江岸区'].sort());
  });

  it('bad codes and roles without a screen for them get a clear 4xx', async () => {
    const staff = await eduaid.authAs({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: county });
    const bad = await eduaid.http('schools').get<Problem>('/names?codes=42010,abc', staff);
    expect([bad.status, bad.body.code, bad.body.errors?.[0].field]).toEqual([400, 'request.invalid', 'codes']);
    const none = await eduaid.http('schools').get<Problem>('/names', staff);
    expect([none.status, none.body.errors?.[0].field]).toEqual([400, 'codes']);
    const mentor = await eduaid.http('schools').get<Problem>(`/names?codes=${DEMO_COUNTY}`, await eduaid.authAs({ userId: 'demo-mentor', roles: ['mentor'], scope: county }));
    expect([mentor.status, mentor.body.code]).toEqual([403, 'auth.role-denied']);
  });

  it("casework names colleagues and those above the caller's jurisdiction, not users of another county", async () => {
    const ids = ['demo-caseworker-2', 'demo-school-caseworker', 'demo-prefecture-approver', 'demo-admin', 'names-other-cw', 'no-such-user'].join(',');
    const answer = await eduaid.http('casework').get<People>(`/users/names?ids=${ids}`, await eduaid.authAs({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: county }));
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { userId: 'demo-admin', displayName: 'admin.demo' },
      { userId: 'demo-caseworker-2', displayName: 'caseworker2.demo' },
      { userId: 'demo-prefecture-approver', displayName: 'prefecture-approver.demo' },
      { userId: 'demo-school-caseworker', displayName: 'school-caseworker.demo' },
    ]);
    const staff = await eduaid.authAs({ userId: 'demo-caseworker-1', roles: ['caseworker'], scope: county });
    const tooMany = await eduaid.http('casework').get<Problem>(`/users/names?ids=${Array.from({ length: 101 }, (_, i) => `u${i}`).join(',')}`, staff);
    expect([tooMany.status, tooMany.body.errors?.[0].field]).toEqual([400, 'ids']);
    const notIds = await eduaid.http('casework').get<Problem>(`/users/names?ids=${encodeURIComponent('a b,<x>')}`, staff);
    expect([notIds.status, notIds.body.errors?.[0].field]).toEqual([400, 'ids']);
    const graduate = await eduaid.http('casework').get<Problem>('/users/names?ids=demo-caseworker-1', await eduaid.authAs({ userId: 'demo-graduate', roles: ['graduate'], scope: county }));
    expect([graduate.status, graduate.body.code]).toEqual([403, 'auth.role-denied']);
  });
});
