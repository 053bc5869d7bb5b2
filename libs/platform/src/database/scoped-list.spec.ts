import { DataSource } from 'typeorm';
import { CallerScope, RecordPlace, scopeCovers } from '@eduaid/contracts';
import { testEnv } from '@eduaid/testing';
import { PlaceSql } from './scope-sql';
import { keysetPage, whereAfterKeyset, whereInScope, whereStartsWith } from './scoped-list';

/**
 * The shared list conditions on a real QueryBuilder and PostgreSQL: the scope keeps what scopeCovers
 * keeps, and walking pages by the last row's key visits every row once, in order, both directions.
 */
describe('scoped keyset lists on the QueryBuilder', () => {
  const schema = `scoped_list_${process.pid}`;
  const PLACE: PlaceSql = { division: 'p.division', school: 'p.school', widerBySchool: true, schoolNullable: true };
  const places: (RecordPlace & { name: string; at: string })[] = [
    { divisionCode: '420121001001', name: '张一', at: '2026-01-01T00:00:00.000Z' },
    { divisionCode: '420121001', name: '张二', at: '2026-01-01T00:00:00.000Z' },
    { divisionCode: '420121', schoolCode: '4201210007', name: '李一', at: '2026-01-02T00:00:00.000Z' },
    { divisionCode: '420121002', schoolCode: '4201210007', name: '张_三', at: '2026-01-02T00:00:00.000Z' },
    { divisionCode: '420122001001', schoolCode: '4201210008', name: '王一', at: '2026-01-03T00:00:00.000Z' },
    { divisionCode: '420122', schoolCode: '4201220001', name: '张%', at: '2026-01-03T00:00:00.000Z' },
    { divisionCode: '430101001', name: '赵一', at: '2026-01-04T00:00:00.000Z' },
  ];
  let db: DataSource;

  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: testEnv('adminDatabaseUrl') }).initialize();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.places (i int PRIMARY KEY, division text NOT NULL, school text, name text NOT NULL, at timestamptz NOT NULL)`);
    for (const [i, p] of places.entries()) {
      await db.query(`INSERT INTO ${schema}.places VALUES ($1, $2, $3, $4, $5)`, [i, p.divisionCode, p.schoolCode ?? null, p.name, p.at]);
    }
  });
  afterAll(async () => {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.destroy();
  });

  const rows = () => db.createQueryBuilder().select('p.i', 'i').addSelect('p.at', 'at').from(`${schema}.places`, 'p');
  const ids = async (q: ReturnType<typeof rows>) => (await q.getRawMany<{ i: number }>()).map((r) => r.i);

  it.each<CallerScope>([
    { level: 'province', code: '42' },
    { level: 'county', code: '420121' },
    { level: 'township', code: '420122001' },
    { level: 'school', code: '4201210007' },
  ])('keeps what scopeCovers keeps for a $level scope $code', async (scope) => {
    const expected = places.flatMap((p, i) => (scopeCovers(scope, p) ? [i] : []));
    expect(await ids(whereInScope(rows(), scope, PLACE).orderBy('p.i'))).toEqual(expected);
  });

  it('keeps a school scope out of a place without schools', async () => {
    expect(await ids(whereInScope(rows(), { level: 'school', code: '4201210007' }, { division: 'p.division' }))).toEqual([]);
  });

  it.each(['ASC', 'DESC'] as const)('pages %s by (time, id) through every row once', async (direction) => {
    const keys = [{ column: 'p.at', cast: 'timestamptz' as const }, { column: 'p.i', cast: 'int' as const }];
    const seen: number[] = [];
    let after: unknown[] | undefined;
    for (let page = 0; page < 10; page++) {
      const got = await keysetPage(whereAfterKeyset(rows(), keys, after, direction), keys, 3, direction).getRawMany<{ i: number; at: Date }>();
      if (got.length === 0) break;
      seen.push(...got.map((r) => r.i));
      const last = got[got.length - 1];
      after = [last.at.toISOString(), last.i];
    }
    const order = places.map((p, i) => ({ at: p.at, i })).sort((a, b) => a.at.localeCompare(b.at) || a.i - b.i).map((r) => r.i);
    expect(seen).toEqual(direction === 'ASC' ? order : order.reverse());
  });

  it('matches a name by its start, taking % and _ literally', async () => {
    expect(await ids(whereStartsWith(rows(), 'p.name', '张', 'name').orderBy('p.i'))).toEqual([0, 1, 3, 5]);
    expect(await ids(whereStartsWith(rows(), 'p.name', '张_', 'name'))).toEqual([3]);
    expect(await ids(whereStartsWith(rows(), 'p.name', '张%', 'name'))).toEqual([5]);
    expect(await ids(whereStartsWith(rows(), 'p.name', undefined, 'name').orderBy('p.i'))).toHaveLength(places.length);
  });
});
