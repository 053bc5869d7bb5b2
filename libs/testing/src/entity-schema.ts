import type { DataSource } from 'typeorm';

/** A column as information_schema.columns describes it. */
export interface SchemaColumn {
  table_name: string;
  column_name: string;
  udt_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
}

/** PostgreSQL's internal type names (udt_name) as TypeORM's driver normalises an entity's column types. */
const TYPE_OF_UDT: Record<string, string> = {
  text: 'text',
  varchar: 'character varying',
  bpchar: 'character',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  numeric: 'numeric',
  bool: 'boolean',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'bytea',
  date: 'date',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
};

/** Reads the columns of a schema's tables. */
export async function schemaColumns(dataSource: DataSource, schema: string): Promise<SchemaColumn[]> {
  return dataSource.query(
    `SELECT table_name, column_name, udt_name, data_type, is_nullable, character_maximum_length
       FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  );
}

/**
 * Where the schema the migrations built and the entities' metadata disagree, one line each: an
 * entity without its table, a column on one side only, a column of another type, length or
 * nullability. Empty when they agree.
 */
export function entitySchemaDisagreements(dataSource: DataSource, columns: SchemaColumn[]): string[] {
  const problems: string[] = [];
  for (const entity of dataSource.entityMetadatas.filter((m) => m.tableType === 'regular')) {
    const table = entity.tableName;
    const inTable = columns.filter((c) => c.table_name === table);
    if (inTable.length === 0) {
      problems.push(`${entity.name}: no table ${entity.schema}.${table}`);
      continue;
    }
    for (const column of entity.columns) {
      const where = `${entity.name}.${column.propertyName} (${table}.${column.databaseName})`;
      const actual = inTable.find((c) => c.column_name === column.databaseName);
      if (!actual) {
        problems.push(`${where}: no such column in the table`);
        continue;
      }
      const expectedType = dataSource.driver.normalizeType(column);
      const isArray = actual.data_type === 'ARRAY';
      const actualType = TYPE_OF_UDT[actual.udt_name.replace(/^_/, '')] ?? actual.udt_name;
      if (expectedType !== actualType || column.isArray !== isArray) {
        problems.push(`${where}: the entity says ${expectedType}${column.isArray ? '[]' : ''}, the table has ${actualType}${isArray ? '[]' : ''}`);
      }
      if (column.length && Number(column.length) !== actual.character_maximum_length) {
        problems.push(`${where}: the entity says length ${column.length}, the table has ${actual.character_maximum_length ?? 'none'}`);
      }
      if (column.isNullable !== (actual.is_nullable === 'YES')) {
        problems.push(`${where}: the entity says ${column.isNullable ? 'nullable' : 'NOT NULL'}, the table has ${actual.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}`);
      }
    }
    for (const extra of inTable.filter((c) => !entity.columns.some((col) => col.databaseName === c.column_name))) {
      problems.push(`${entity.name}: the table's column ${table}.${extra.column_name} is not in the entity`);
    }
  }
  return problems;
}

/** The schema's tables that no entity maps (besides the migrations table). */
export function tablesWithoutEntity(dataSource: DataSource, columns: SchemaColumn[]): string[] {
  const mapped = new Set(dataSource.entityMetadatas.map((m) => m.tableName));
  return [...new Set(columns.map((c) => c.table_name))].filter((t) => t !== 'migrations' && !mapped.has(t)).sort();
}
