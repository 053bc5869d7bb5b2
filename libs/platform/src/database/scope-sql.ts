import { SCOPE_LEVELS } from '@eduaid/contracts';
import type { ScopeLevel } from '@eduaid/contracts';

/**
 * Where a row sits, as SQL expressions (columns, or parameters): what "the caller's jurisdiction
 * covers this row" is decided on. Every scoped list and count in every service writes its condition
 * through scopeCoversSql with its own place, so the rule is written once.
 */
export interface PlaceSql {
  /** The division code the row is placed by (a village's, a township's…): a township-or-wider scope covers it when its code prefixes it. */
  division: string;
  /** The row's school code, if it has one: a school scope covers only its own school (without one, a school scope covers no row). */
  school?: string;
  /**
   * A county-or-wider scope also covers the row through its school, whose code starts with its
   * county's code (not its township's). Off: only the division decides for those scopes.
   */
  widerBySchool?: boolean;
  /** The school column may be NULL (a row placed by division alone): compared as '' then. */
  schoolNullable?: boolean;
  /**
   * For a county scope, columns that hold the county codes of the row's places (the division's and,
   * with widerBySchool, the school's), compared by equality (an index on them) instead of a prefix.
   */
  county?: { division: string; school?: string };
}

/** A scope in SQL: its level known here (a caller's) or an SQL expression (a user row's), its code an SQL expression. */
export interface ScopeSql {
  level: ScopeLevel | { sql: string };
  code: string;
}

function ruleAt(level: ScopeLevel, code: string, place: PlaceSql): string {
  const prefixOf = (column: string) => `${column} LIKE ${code} || '%'`;
  if (level === 'school') return place.school ? `${place.school} = ${code}` : 'false';
  const byDivision = level === 'county' && place.county ? `${place.county.division} = ${code}` : prefixOf(place.division);
  if (level === 'township' || !place.widerBySchool || !place.school) return byDivision;
  const bySchool =
    level === 'county' && place.county?.school
      ? `${place.county.school} = ${code}`
      : prefixOf(place.schoolNullable ? `COALESCE(${place.school}, '')` : place.school);
  return `(${byDivision} OR ${bySchool})`;
}

/**
 * SQL for "the scope covers the place" (scopeCovers in contracts, which assertInScope applies to a
 * single record): a school scope covers its own school; a township the divisions it prefixes; a
 * wider scope also the schools its code prefixes, when the place says so. A scope whose level is an
 * SQL expression gets every level's rule, chosen by it.
 */
export function scopeCoversSql(scope: ScopeSql, place: PlaceSql): string {
  const level = scope.level;
  if (typeof level === 'string') return ruleAt(level, scope.code, place);
  const groups = new Map<string, ScopeLevel[]>();
  for (const l of SCOPE_LEVELS) {
    const rule = ruleAt(l, scope.code, place);
    groups.set(rule, [...(groups.get(rule) ?? []), l]);
  }
  return `(${[...groups].map(([rule, levels]) => `(${level.sql} IN (${levels.map((l) => `'${l}'`).join(', ')}) AND ${rule})`).join(' OR ')})`;
}

/** A LIKE pattern matching every string that starts with `prefix` (codes are digits, but escape anyway). */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
