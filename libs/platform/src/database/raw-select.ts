import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Makes the builder select exactly these fields, each from its SQL expression (replacing what it
 * selected), for lists read with getRawMany: the raw row has these names, whatever the entity's
 * property names are.
 */
export function selectFields<Q extends SelectQueryBuilder<ObjectLiteral>>(query: Q, fields: Readonly<Record<string, string>>): Q {
  Object.entries(fields).forEach(([field, expression], i) => (i === 0 ? query.select(expression, field) : query.addSelect(expression, field)));
  return query;
}

/** Selects columns of one alias under their own (column) names. */
export function selectColumns<Q extends SelectQueryBuilder<ObjectLiteral>>(query: Q, alias: string, columns: readonly string[]): Q {
  return selectFields(query, Object.fromEntries(columns.map((column) => [column, `${alias}.${column}`])));
}
