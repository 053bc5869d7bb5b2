import type { CallerScope } from '@eduaid/contracts';

/**
 * The SQL condition that keeps a list inside the caller's jurisdiction, so a scoped caller's page is
 * filtered by PostgreSQL (and its keyset stays correct) rather than trimmed afterwards.
 * `column` is the division-code column the rows are placed by; `schoolColumn` the school code, if any.
 * Returns the condition and pushes its parameter onto `params`.
 */
export function scopeCondition(scope: CallerScope, params: unknown[], column: string, schoolColumn?: string): string {
  if (scope.level === 'school') {
    // A school-scoped caller sees only its own school and no jurisdiction rows.
    if (!schoolColumn) return 'false';
    params.push(scope.code);
    return `${schoolColumn} = $${params.length}`;
  }
  params.push(likePrefix(scope.code));
  return `${column} LIKE $${params.length}`;
}

/** A LIKE pattern matching every string that starts with `prefix` (codes are digits, but escape anyway). */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
