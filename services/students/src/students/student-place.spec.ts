import type { ScopeLevel } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { RESULT_COUNTY } from '../campaigns/campaigns.repository';
import { studentPlace } from './students.repository';

/** The conditions students, applications, reports and campaign results were filtered by before the platform helper: the same SQL, level by level. */
describe('where a student sits, for the scope rule', () => {
  const at = (level: ScopeLevel, place = studentPlace()) => scopeCoversSql({ level, code: '$1' }, place);

  it('places a student by village and school, counties by their county codes', () => {
    expect(at('school')).toBe('s.school_code = $1');
    expect(at('township')).toBe("s.village_code LIKE $1 || '%'");
    expect(at('county')).toBe('(s.county_code = $1 OR s.school_county_code = $1)');
    expect(at('prefecture')).toBe("(s.village_code LIKE $1 || '%' OR s.school_code LIKE $1 || '%')");
    expect(at('province', studentPlace('a'))).toBe("(a.village_code LIKE $1 || '%' OR a.school_code LIKE $1 || '%')");
  });

  it('places a campaign result by the one county it was listed in', () => {
    expect(at('county', studentPlace('r', RESULT_COUNTY))).toBe('(r.county_code = $1 OR r.county_code = $1)');
  });
});
