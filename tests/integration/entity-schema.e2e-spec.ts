import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@eduaid/platform';
import { createSuiteDatabase, entitySchemaDisagreements, schemaColumns, SuiteDatabase, tablesWithoutEntity } from '@eduaid/testing';
import { ALL_SERVICES } from '../e2e/all-services';

/**
 * The schema the migrations build, against the TypeORM entities' metadata: for every table that has
 * an entity, every column on both sides, of the same type, length and nullability. Migrations stay
 * hand-written; this is what keeps the entities honest about them.
 */
describe.each(ALL_SERVICES)('$name: the entities agree with the migrated schema', (service) => {
  let db: SuiteDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createSuiteDatabase(`entities-${service.name}`);
    dataSource = await openServiceDataSource({ ...service.database, url: db.url });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('has no column of an entity that the table lacks or describes otherwise, and none of the table the entity lacks', async () => {
    const columns = await schemaColumns(dataSource, service.database.schema);
    expect(entitySchemaDisagreements(dataSource, columns)).toEqual([]);
    // The tables still reached by raw SQL alone, for the record (README lists them).
    console.log(`${service.name}: tables without an entity: ${tablesWithoutEntity(dataSource, columns).join(', ') || 'none'}`);
  });
});
