import { DataSource, DataSourceOptions } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Classes = Function[];

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own schema: it owns the tables in it and the migrations that make them. */
  schema: string;
  entities: Classes;
  migrations: Classes;
  /** Connection pool size (default 10). */
  poolSize?: number;
}

export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema changes only by migration, everywhere.
    synchronize: false,
    migrationsRun: false,
    extra: { max: options.poolSize ?? 10, application_name: `eduaid-${options.schema}` },
  };
}

/**
 * Creates the service's schema if needed and runs its pending migrations. An advisory lock keyed on
 * the schema makes two replicas starting together take turns instead of racing.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockKey = `eduaid-migrations:${schema}`;
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}

/** Opens a data source, brings its schema up to date, and hands it back ready to use. */
export async function openServiceDataSource(options: ServiceDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  try {
    await migrateServiceSchema(dataSource, options.schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
