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
