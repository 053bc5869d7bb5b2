import type { PlaceSql } from '@eduaid/platform';

/**
 * Where a graduate sits for the scope rule (scopeCoversSql in the platform): their household's village
 * and their university (as a student does in the registry). A county scope compares the county codes
 * kept beside them; the alias's table has village_code, county_code, university_code and
 * university_county_code.
 */
export function graduatePlace(alias = 'g'): PlaceSql {
  return {
    division: `${alias}.village_code`,
    school: `${alias}.university_code`,
    widerBySchool: true,
    county: { division: `${alias}.county_code`, school: `${alias}.university_county_code` },
  };
}

/**
 * The same on a case row, which carries the graduate's village, county and university (copied at
 * opening): a list of cases filters on its own table and walks it in key order, joining only the rows
 * of the page. It keeps no university county, so a county scope matches the university by its code's
 * prefix (a school's code starts with its county's code).
 */
export function casePlace(alias = 'c'): PlaceSql {
  return { division: `${alias}.village_code`, school: `${alias}.university_code`, widerBySchool: true, county: { division: `${alias}.county_code` } };
}
