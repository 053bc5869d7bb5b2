import { DataSource } from 'typeorm';
import { migrateServiceSchema, serviceDataSourceOptions } from '@eduaid/platform';
import { createSuiteDatabase, SuiteDatabase } from '@eduaid/testing';
import { ALL_SERVICES } from '../e2e/all-services';

/** Every service's migrations go up, come all the way down, and go up again on real PostgreSQL. */
describe.each(ALL_SERVICES)('$name migrations', (service) => {
  let db: SuiteDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createSuiteDatabase(`migrations-${service.name}`);
    dataSource = new DataSource(serviceDataSourceOptions({ ...service.database, url: db.url }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const tablesOf = async () =>
    (await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`, [service.database.schema])).map((r) => r.table_name);

  it('applies every migration once, even when run twice (as two replicas would)', async () => {
    const [first, second] = await Promise.all([
      migrateServiceSchema(dataSource, service.database.schema),
      migrateServiceSchema(dataSource, service.database.schema),
    ]);
    expect([...first, ...second]).toHaveLength(service.database.migrations.length);
    expect(await tablesOf()).toContain('wiring_checks');
  });

  it('reverts every migration with its down() and re-applies cleanly', async () => {
    for (let i = 0; i < service.database.migrations.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tablesOf()).toEqual([]);
    const again = await migrateServiceSchema(dataSource, service.database.schema);
    expect(again).toHaveLength(service.database.migrations.length);
  });
});
