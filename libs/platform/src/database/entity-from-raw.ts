import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row that raw SQL answered (`RETURNING *`, `SELECT t.*`): each column under its
 * entity property, by the entity's metadata. pg already gives the values their JavaScript types
 * (timestamptz a Date, jsonb parsed, text[] an array), as the entity manager's reads do. For the
 * statements a repository keeps in SQL whose rows the rest of the service reads as entities.
 */
export function entityFromRaw<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as Record<string, unknown>;
  for (const column of metadata.columns) entity[column.propertyName] = raw[column.databaseName];
  return entity as T;
}
