import type { ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { PlaceSql, likePrefix, scopeCoversSql } from './scope-sql';

/**
 * The two conditions every scoped, paged list in every service adds to its QueryBuilder: "inside the
 * caller's jurisdiction" and "after the previous page's last row". Filters are the list's own
 * (`andWhere` with named parameters); these two are written here once. Parameter names start with
 * `scope_`/`after_` so they cannot clash with a list's own.
 */

/** Keeps the query to rows the caller's scope covers (scopeCoversSql on the list's place). */
export function whereInScope<Q extends WhereExpressionBuilder>(query: Q, scope: CallerScope, place: PlaceSql): Q {
  // A school scope on a place without a school covers nothing: no parameter to bind.
  if (scope.level === 'school' && !place.school) return query.andWhere('false') as Q;
  return query.andWhere(scopeCoversSql({ level: scope.level, code: ':scope_code' }, place), { scope_code: scope.code }) as Q;
}

/**
 * A sort key column of a keyset list and, when the key's column needs one, the cast its cursor value
 * takes (a cursor's values come back as JSON text and numbers).
 */
export interface KeysetColumn {
  column: string;
  cast?: 'timestamptz' | 'uuid' | 'bigint' | 'int';
}

/**
 * Rows after the cursor's key, in the list's order: `(a, b) > (:a, :b)` ascending, `<` descending
 * (every column the same direction, as PostgreSQL's row comparison requires). No cursor, no condition.
 */
export function whereAfterKeyset<Q extends WhereExpressionBuilder>(
  query: Q,
  columns: readonly (string | KeysetColumn)[],
  after: readonly unknown[] | undefined,
  direction: 'ASC' | 'DESC' = 'ASC',
): Q {
  if (!after) return query;
  const keys = columns.map((c) => (typeof c === 'string' ? { column: c } : c));
  const params: Record<string, unknown> = {};
  const values = keys.map((k, i) => {
    params[`after_${i}`] = after[i];
    return k.cast ? `CAST(:after_${i} AS ${k.cast})` : `:after_${i}`;
  });
  const op = direction === 'ASC' ? '>' : '<';
  const condition = keys.length === 1 ? `${keys[0].column} ${op} ${values[0]}` : `(${keys.map((k) => k.column).join(', ')}) ${op} (${values.join(', ')})`;
  return query.andWhere(condition, params) as Q;
}

/** Orders by the keyset's columns (all one direction) and takes one page. */
export function keysetPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  columns: readonly (string | KeysetColumn)[],
  limit: number,
  direction: 'ASC' | 'DESC' = 'ASC',
): SelectQueryBuilder<T> {
  columns.forEach((c, i) => {
    const column = typeof c === 'string' ? c : c.column;
    if (i === 0) query.orderBy(column, direction);
    else query.addOrderBy(column, direction);
  });
  return query.limit(limit);
}

/** `column LIKE prefix%`, the prefix escaped: a code or a name's start. */
export function whereStartsWith<Q extends WhereExpressionBuilder>(query: Q, column: string, prefix: string | undefined, name: string): Q {
  if (prefix === undefined || prefix === '') return query;
  return query.andWhere(`${column} LIKE :${name}`, { [name]: likePrefix(prefix) }) as Q;
}
