import type { EntityManager } from 'typeorm';

export interface BulkColumn<Row> {
  name: string;
  /** PostgreSQL array type the column's values are sent as, e.g. 'text[]'. */
  type: string;
  value: (row: Row) => unknown;
}

/** Rows per statement: large enough to keep round trips few, small enough to bound memory per statement. */
export const BULK_CHUNK = 2000;

/**
 * Multi-row `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING`, chunk by chunk: one statement
 * and one parameter per column per chunk, whatever the row count, and a re-run inserts nothing twice.
 * Returns how many rows were new.
 */
export async function insertIgnoringExisting<Row>(manager: EntityManager, table: string, columns: BulkColumn<Row>[], rows: Row[], chunk = BULK_CHUNK): Promise<number> {
  let inserted = 0;
  const names = columns.map((c) => c.name).join(', ');
  const unnest = columns.map((c, i) => `$${i + 1}::${c.type}`).join(', ');
  const sql = `WITH ins AS (INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest}) ON CONFLICT DO NOTHING RETURNING 1)
               SELECT count(*)::int AS n FROM ins`;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params = columns.map((c) => slice.map(c.value));
    const [{ n }] = (await manager.query(sql, params)) as { n: number }[];
    inserted += n;
  }
  return inserted;
}
