import { Client } from 'pg';
import { CallerScope, RecordPlace, SCOPE_LEVELS, scopeCovers } from '@eduaid/contracts';
import { testEnv } from '@eduaid/testing';
import { PlaceSql, scopeCoversSql } from './scope-sql';

const TASK_PLACE: PlaceSql = { division: 'p.division', school: 'p.school', widerBySchool: true, schoolNullable: true };

describe('the scope condition, as SQL text', () => {
  const at = (level: CallerScope['level'], place: PlaceSql) => scopeCoversSql({ level, code: '$1' }, place);

  it('keeps a school-scoped caller to their own school, and out of rows without one', () => {
    expect(at('school', { division: 'jurisdiction_code', school: 'code' })).toBe('code = $1');
    expect(at('school', { division: 'code' })).toBe('false');
  });

  it('matches divisions by prefix, and schools too only where the place says so', () => {
    expect(at('county', { division: 'jurisdiction_code', school: 'code' })).toBe("jurisdiction_code LIKE $1 || '%'");
    expect(at('township', TASK_PLACE)).toBe("p.division LIKE $1 || '%'");
    expect(at('prefecture', TASK_PLACE)).toBe("(p.division LIKE $1 || '%' OR COALESCE(p.school, '') LIKE $1 || '%')");
  });

  it('compares a county scope by equality with county-code columns when the place has them', () => {
    const student: PlaceSql = { division: 's.village_code', school: 's.school_code', widerBySchool: true, county: { division: 's.county_code', school: 's.school_county_code' } };
    expect(at('county', student)).toBe('(s.county_code = $1 OR s.school_county_code = $1)');
    expect(at('province', student)).toBe("(s.village_code LIKE $1 || '%' OR s.school_code LIKE $1 || '%')");
    expect(at('county', { ...student, county: { division: 'c.county_code' } })).toBe("(c.county_code = $1 OR s.school_code LIKE $1 || '%')");
  });
});

/**
 * The rule in PostgreSQL against the rule in contracts (scopeCovers, what assertInScope checks one
 * record with): for every level of scope and a grid of places, the SQL keeps exactly the rows the
 * function says the scope covers, whether the level is known here or read from a column.
 */
describe('the scope condition, run by PostgreSQL', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: testEnv('adminDatabaseUrl') });
    await db.connect();
  });
  afterAll(() => db.end());

  const places: RecordPlace[] = [
    { divisionCode: '420121001001' },
    { divisionCode: '420121001' },
    { divisionCode: '420121', schoolCode: '4201210007' },
    { divisionCode: '420121002', schoolCode: '4201210007' },
    { divisionCode: '420122001001', schoolCode: '4201210008' },
    { divisionCode: '420122', schoolCode: '4201220001' },
    { divisionCode: '430101001' },
  ];
  const scopes: CallerScope[] = [
    { level: 'province', code: '42' },
    { level: 'province', code: '43' },
    { level: 'prefecture', code: '4201' },
    { level: 'county', code: '420121' },
    { level: 'county', code: '420122' },
    { level: 'township', code: '420121001' },
    { level: 'township', code: '420122001' },
    { level: 'school', code: '4201210007' },
    { level: 'school', code: '4201210008' },
  ];
  const rows = `(VALUES ${places.map((_, i) => `($${2 * i + 1}::text, $${2 * i + 2}::text, ${i})`).join(', ')}) AS p(division, school, i)`;
  const placeParams = places.flatMap((p) => [p.divisionCode, p.schoolCode ?? null]);

  it.each(scopes.map((s) => [`${s.level} ${s.code}`, s] as const))('a %s scope keeps the rows scopeCovers does', async (_name, scope) => {
    const expected = places.flatMap((place, i) => (scopeCovers(scope, place) ? [i] : []));

    const n = placeParams.length;
    const known = await db.query(`SELECT i FROM ${rows} WHERE ${scopeCoversSql({ level: scope.level, code: `$${n + 1}` }, TASK_PLACE)} ORDER BY i`, [
      ...placeParams,
      scope.code,
    ]);
    expect(known.rows.map((r: { i: number }) => r.i)).toEqual(expected);

    const fromColumns = await db.query(
      `SELECT i FROM ${rows}, (SELECT $${n + 1}::text AS level, $${n + 2}::text AS code) u WHERE ${scopeCoversSql({ level: { sql: 'u.level' }, code: 'u.code' }, TASK_PLACE)} ORDER BY i`,
      [...placeParams, scope.level, scope.code],
    );
    expect(fromColumns.rows.map((r: { i: number }) => r.i)).toEqual(expected);
  });

  it('covers every level', () => {
    expect(new Set(scopes.map((s) => s.level))).toEqual(new Set(SCOPE_LEVELS));
  });
});
