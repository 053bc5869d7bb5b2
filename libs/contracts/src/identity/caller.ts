/** Who may do what in eduaid. */
export const ROLES = ['caseworker', 'approver', 'supervisor', 'mentor', 'graduate', 'programme-admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The levels a user's jurisdiction can sit at: the five levels that work together (五级联动). */
export const SCOPE_LEVELS = ['province', 'prefecture', 'county', 'township', 'school'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export interface CallerScope {
  level: ScopeLevel;
  /** A division code (2, 4, 6 or 9 digits) or, at school level, the school's code. */
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
 * Whether a caller's jurisdiction covers a record. Division scopes cover every code they prefix
 * (a county covers its townships and villages, and the schools in them); a school scope covers only
 * records of that school.
 */
export function scopeCovers(scope: CallerScope, place: RecordPlace): boolean {
  if (scope.level === 'school') return place.schoolCode === scope.code;
  return place.divisionCode.startsWith(scope.code) || (place.schoolCode?.startsWith(scope.code) ?? false);
}
