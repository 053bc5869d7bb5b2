import type { ScopeLevel } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { casePlace, graduatePlace } from './graduate-places';

/** The conditions graduates, cases and compensations were filtered by before the platform helper: the same SQL, level by level. */
describe('where a graduate and a case sit, for the scope rule', () => {
  const at = (level: ScopeLevel, place = graduatePlace()) => scopeCoversSql({ level, code: '$1' }, place);

  it('places a graduate by village and university, counties by their county codes', () => {
    expect(at('school')).toBe('g.university_code = $1');
    expect(at('township')).toBe("g.village_code LIKE $1 || '%'");
    expect(at('county')).toBe('(g.county_code = $1 OR g.university_county_code = $1)');
    expect(at('prefecture')).toBe("(g.village_code LIKE $1 || '%' OR g.university_code LIKE $1 || '%')");
    expect(at('province')).toBe("(g.village_code LIKE $1 || '%' OR g.university_code LIKE $1 || '%')");
  });

  it('places a case by its copied village and university, a county matching the university by prefix', () => {
    expect(at('school', casePlace())).toBe('c.university_code = $1');
    expect(at('township', casePlace())).toBe("c.village_code LIKE $1 || '%'");
    expect(at('county', casePlace())).toBe("(c.county_code = $1 OR c.university_code LIKE $1 || '%')");
    expect(at('province', casePlace())).toBe("(c.village_code LIKE $1 || '%' OR c.university_code LIKE $1 || '%')");
  });
});
