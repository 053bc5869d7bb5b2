import { CODE_LENGTH } from '../registry/registry';

/** Who may do what in eduaid. */
export const ROLES = ['caseworker', 'approver', 'supervisor', 'mentor', 'graduate', 'programme-admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The levels a user's jurisdiction can sit at: the five levels that work together (五级联动), widest first. */
export const SCOPE_LEVELS = ['province', 'prefecture', 'county', 'township', 'school'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/**
 * The form of a scope's code at each level: 2-, 4-, 6- and 9-digit division codes (GB/T 2260 and the
 * statistical township codes), and at school level the 10-digit school code, which is the school's
 * county code followed by a 4-digit number within the county (services/schools, infra/synthetic).
 */
export const SCOPE_CODE_LENGTH: Readonly<Record<ScopeLevel, number>> = {
  // The division levels a scope shares with the jurisdiction tree: the tree's code lengths (registry.ts).
  province: CODE_LENGTH.province, prefecture: CODE_LENGTH.prefecture, county: CODE_LENGTH.county, township: CODE_LENGTH.township,
  school: 10,
};

export interface CallerScope {
  level: ScopeLevel;
  /** A division code (2, 4, 6 or 9 digits) or, at school level, the school's code (10 digits). */
  code: string;
}

/** The authenticated caller, as every service sees it (claims of the signed token). */
export interface Caller {
  userId: string;
  displayName: string;
  roles: Role[];
  scope: CallerScope;
  /** Token id, for revocation. */
  tokenId: string;
}

/** Where a record sits, for scope checks: its division code (village or finer) and, if any, its school. */
export interface RecordPlace {
  divisionCode: string;
  schoolCode?: string;
}

/**
 * What is wrong with a scope's form, or undefined when its level matches its code: a level that is
 * not one of SCOPE_LEVELS, or a code that is not all digits of that level's length. A scope that
 * fails this is trusted nowhere (tokens carrying one are refused, users are not created with one).
 */
export function scopeFormProblem(scope: { level: string; code: string }): string | undefined {
  if (!(SCOPE_LEVELS as readonly string[]).includes(scope.level)) return `${scope.level} is not a scope level (${SCOPE_LEVELS.join(', ')})`;
  const length = SCOPE_CODE_LENGTH[scope.level as ScopeLevel];
  if (typeof scope.code !== 'string' || !/^\d+$/.test(scope.code) || scope.code.length !== length) {
    const what = scope.level === 'school' ? 'a school code' : 'a division code';
    return `a ${scope.level} scope needs ${what} of ${length} digits, not ${JSON.stringify(scope.code)}`;
  }
  return undefined;
}

export function isWellFormedScope(scope: { level: string; code: string }): scope is CallerScope {
  return scopeFormProblem(scope) === undefined;
}

/** 0 for the province … 4 for a school: a larger rank is a narrower scope. */
export function scopeRank(level: ScopeLevel): number {
  return SCOPE_LEVELS.indexOf(level);
}

/**
 * Whether a caller's jurisdiction covers a record. Division scopes cover every code they prefix
 * (a county covers its townships and villages); a school scope covers only records of that school.
 * A school's code starts with its county's code (not its township's), so a school code is matched
 * by prefix only for county-or-wider scopes: a township scope covers records by their division only.
 * An ill-formed scope covers nothing.
 */
export function scopeCovers(scope: CallerScope, place: RecordPlace): boolean {
  if (!isWellFormedScope(scope)) return false;
  if (scope.level === 'school') return place.schoolCode === scope.code;
  if (place.divisionCode.startsWith(scope.code)) return true;
  return scope.level !== 'township' && (place.schoolCode?.startsWith(scope.code) ?? false);
}

/**
 * Whether `inner` lies inside `outer`: at the same level or narrower, and covered by it. What a
 * creator may grant: never a wider level, even with a code inside their own (a county admin cannot
 * make a "province" user of their county). A school lies inside the county (or wider) its code starts
 * with; inside a township it cannot be told from the code alone, so it is not.
 */
export function scopeWithin(inner: CallerScope, outer: CallerScope): boolean {
  if (!isWellFormedScope(inner) || !isWellFormedScope(outer)) return false;
  if (scopeRank(inner.level) < scopeRank(outer.level)) return false;
  if (outer.level === 'school') return inner.code === outer.code;
  if (inner.level === 'school' && outer.level === 'township') return false;
  return inner.code.startsWith(outer.code);
}

/** The caller's scope really is the whole province: province level with a province's code. */
export function isProvinceWide(scope: CallerScope): boolean {
  return scope.level === 'province' && isWellFormedScope(scope);
}

/**
 * Whether a scope may act on a step held at `level` for a record at `place`: the scope is AT that
 * level and covers the place by the level's own code (a county step is decided in the county of the
 * record's division, a school step in the record's school). A wider scope does not qualify (a
 * province approver does not sign off a county's step), nor does a narrower one.
 */
export function scopeActsAt(scope: CallerScope, level: ScopeLevel, place: RecordPlace): boolean {
  if (!isWellFormedScope(scope) || scope.level !== level) return false;
  if (level === 'school') return place.schoolCode === scope.code;
  return place.divisionCode.startsWith(scope.code);
}
