import { STAGES_BY_SCHOOL_KIND, STAGE_RULES, parseNationalId, levelOfCode } from '@eduaid/contracts';
import { PLAN_SCOPE, SyntheticProvince, rosterCsvLine, scopeAt } from './province';

describe('the synthetic province', () => {
  it('matches the plan’s scope at full size', () => {
    const province = new SyntheticProvince(PLAN_SCOPE);
    const j = province.jurisdictions();
    expect(j.filter((x) => x.level === 'county' && x.registeredPoor)).toHaveLength(37);
    expect(j.filter((x) => x.level === 'village' && x.registeredPoor)).toHaveLength(4821);
    const count = (kind: string) => province.schools().filter((s) => s.kind === kind).length;
    expect([count('junior-secondary'), count('primary'), count('teaching-point')]).toEqual([592, 2252, 1017]);
    expect([count('secondary-vocational'), count('senior-high')]).toEqual([34, 79]);
    for (const x of j) expect(levelOfCode(x.code)).toBe(x.level);
  });

  it('is deterministic: the same seed gives the same rows', () => {
    const take = (n: number) => {
      const rows = [];
      for (const row of new SyntheticProvince(scopeAt(0.001)).roster()) {
        rows.push(rosterCsvLine(row));
        if (rows.length === n) break;
      }
      return rows;
    };
    expect(take(50)).toEqual(take(50));
  });

  it('streams a roster of valid, unique students whose age and school fit their stage', () => {
    const province = new SyntheticProvince(scopeAt(0.005));
    const schools = new Map(province.schools().map((s) => [s.code, s]));
    const ids = new Set<string>();
    let rows = 0;
    for (const row of province.roster(2024)) {
      rows += 1;
      const parsed = parseNationalId(row.national_id);
      if (!parsed.ok) throw new Error(`invalid id ${row.national_id}`);
      ids.add(row.national_id);
      const school = schools.get(row.school_code);
      expect(school && STAGES_BY_SCHOOL_KIND[school.kind]).toContain(row.stage);
      const age = 2024 - Number(parsed.facts.birthDate.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(STAGE_RULES[row.stage].minAge);
      expect(age).toBeLessThanOrEqual(STAGE_RULES[row.stage].maxAge);
      expect(row.village_code.slice(0, 6)).toBe(school?.countyCode);
    }
    expect(rows).toBe(Math.round(766_000 * 0.005));
    expect(ids.size).toBe(rows);
  });
});
