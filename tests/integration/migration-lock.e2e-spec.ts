import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrateServiceSchema, serviceDataSourceOptions } from '@eduaid/platform';
import { createSuiteDatabase, SuiteDatabase } from '@eduaid/testing';
import { studentsService } from '../../services/students/src/students.service';

/**
 * Replicas starting at once: each opens its own pool, and the migration runner's advisory lock
 * (keyed on the schema) makes them take turns. Shown on real PostgreSQL with separate connections
 * pools, as separate processes have.
 */
describe('migrations under the advisory lock, as replicas start', () => {
  const { schema, migrations } = studentsService.database;
  let db: SuiteDatabase;
  const sources: DataSource[] = [];

  const open = async () => {
    const ds = new DataSource(serviceDataSourceOptions({ ...studentsService.database, url: db.url, poolSize: 2 }));
    await ds.initialize();
    sources.push(ds);
    return ds;
  };
  const applied = async () => (await db.query<{ name: string }>(`SELECT name FROM "${schema}".migrations ORDER BY id`)).map((r) => r.name);

  beforeEach(async () => {
    db = await createSuiteDatabase('migration-lock');
  });

  afterEach(async () => {
    for (const ds of sources.splice(0)) await ds.destroy();
    await db?.drop();
  });

  it('waits while another replica holds the lock, then migrates', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`eduaid-migrations:${schema}`]);
    let settled = false;
    const running = migrateServiceSchema(await open(), schema).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe(false);
    const [{ table }] = await db.query<{ table: string | null }>(`SELECT to_regclass('${schema}.aid_payments')::text AS table`);
    expect(table).toBeNull();
    await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`eduaid-migrations:${schema}`]);
    await holder.end();
    expect(await running).toHaveLength(migrations.length);
    expect(await applied()).toHaveLength(migrations.length);
  });

  it('applies each migration exactly once when four replicas start together', async () => {
    const pools = await Promise.all([open(), open(), open(), open()]);
    const results = await Promise.all(pools.map((ds) => migrateServiceSchema(ds, schema)));
    // One replica did the work, the others found nothing left to do.
    expect(results.map((r) => r.length).sort((a, b) => b - a)).toEqual([migrations.length, 0, 0, 0]);
    const names = await applied();
    expect(names).toHaveLength(migrations.length);
    expect(new Set(names).size).toBe(migrations.length);
  });
});
