import type { CallerScope } from '@eduaid/contracts';

/**
 * The SQL condition that keeps a query inside the caller's jurisdiction: a student belongs to the
 * place of their household's village and of their current school. `$n` is the scope code's parameter.
 */
export function studentScopeCondition(scope: CallerScope, param: string, alias = 's'): string {
  switch (scope.level) {
    case 'school':
      return `${alias}.school_code = ${param}`;
    case 'county':
      return `(${alias}.county_code = ${param} OR ${alias}.school_county_code = ${param})`;
    case 'township':
      // A school's code starts with its county's code, not its township's: match the village only.
      return `${alias}.village_code LIKE ${param} || '%'`;
    default:
      return `(${alias}.village_code LIKE ${param} || '%' OR ${alias}.school_code LIKE ${param} || '%')`;
  }
}
