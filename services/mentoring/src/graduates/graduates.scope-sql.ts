import type { CallerScope } from '@eduaid/contracts';

/**
 * The SQL condition that keeps a query inside the caller's jurisdiction: a graduate belongs to the
 * place of their household's village and of their university (as a student does in the registry).
 * `param` is the scope code's parameter; the alias's table has village_code, county_code,
 * university_code and university_county_code.
 */
export function graduateScopeCondition(scope: CallerScope, param: string, alias = 'g'): string {
  switch (scope.level) {
    case 'school':
      return `${alias}.university_code = ${param}`;
    case 'county':
      return `(${alias}.county_code = ${param} OR ${alias}.university_county_code = ${param})`;
    case 'township':
      return `${alias}.village_code LIKE ${param} || '%'`;
    default:
      return `(${alias}.village_code LIKE ${param} || '%' OR ${alias}.university_code LIKE ${param} || '%')`;
  }
}

/**
 * The same rule on a case row, which carries the graduate's village, county and university (copied
 * at opening): a list of cases filters on its own table and walks it in key order, joining only the
 * rows of the page. A school's code starts with its county's code, so the university's county is
 * its code's first six digits.
 */
export function caseScopeCondition(scope: CallerScope, param: string, alias = 'c'): string {
  switch (scope.level) {
    case 'school':
      return `${alias}.university_code = ${param}`;
    case 'county':
      return `(${alias}.county_code = ${param} OR ${alias}.university_code LIKE ${param} || '%')`;
    case 'township':
      return `${alias}.village_code LIKE ${param} || '%'`;
    default:
      return `(${alias}.village_code LIKE ${param} || '%' OR ${alias}.university_code LIKE ${param} || '%')`;
  }
}
