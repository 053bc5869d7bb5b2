import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { entitySchemaDisagreements, SchemaColumn, tablesWithoutEntity } from './entity-schema';

@Entity({ schema: 'demo', name: 'things' })
class ThingEntity {
  @PrimaryColumn({ type: 'char', length: 10 })
  code!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'tags', type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The comparison itself, on a table description made up here: it names each kind of disagreement. */
describe('entities against a schema', () => {
  // Built, not initialised: the metadata is all the comparison reads, no connection is made.
  const dataSource = new DataSource({ type: 'postgres', entities: [ThingEntity] });
  beforeAll(async () => {
    // buildMetadatas is what initialize() runs before connecting; reached here without a server.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  });

  const agreeing: SchemaColumn[] = [
    { table_name: 'things', column_name: 'code', udt_name: 'bpchar', data_type: 'character', is_nullable: 'NO', character_maximum_length: 10 },
    { table_name: 'things', column_name: 'note', udt_name: 'text', data_type: 'text', is_nullable: 'YES', character_maximum_length: null },
    { table_name: 'things', column_name: 'tags', udt_name: '_text', data_type: 'ARRAY', is_nullable: 'NO', character_maximum_length: null },
    { table_name: 'things', column_name: 'created_at', udt_name: 'timestamptz', data_type: 'timestamp with time zone', is_nullable: 'NO', character_maximum_length: null },
    { table_name: 'others', column_name: 'id', udt_name: 'uuid', data_type: 'uuid', is_nullable: 'NO', character_maximum_length: null },
  ];
  const change = (column: string, patch: Partial<SchemaColumn>) => agreeing.map((c) => (c.table_name === 'things' && c.column_name === column ? { ...c, ...patch } : c));

  it('finds nothing when they agree, and lists the tables without an entity', () => {
    expect(entitySchemaDisagreements(dataSource, agreeing)).toEqual([]);
    expect(tablesWithoutEntity(dataSource, agreeing)).toEqual(['others']);
  });

  it('names a column of another type, length or nullability', () => {
    expect(entitySchemaDisagreements(dataSource, change('created_at', { udt_name: 'timestamp' }))).toEqual([
      'ThingEntity.createdAt (things.created_at): the entity says timestamp with time zone, the table has timestamp without time zone',
    ]);
    expect(entitySchemaDisagreements(dataSource, change('code', { character_maximum_length: 12 }))).toEqual(['ThingEntity.code (things.code): the entity says length 10, the table has 12']);
    expect(entitySchemaDisagreements(dataSource, change('note', { is_nullable: 'NO' }))).toEqual(['ThingEntity.note (things.note): the entity says nullable, the table has NOT NULL']);
    expect(entitySchemaDisagreements(dataSource, change('tags', { udt_name: 'text', data_type: 'text' }))).toEqual(['ThingEntity.tags (things.tags): the entity says text[], the table has text']);
  });

  it('names a column on one side only, and an entity without its table', () => {
    expect(entitySchemaDisagreements(dataSource, agreeing.filter((c) => c.column_name !== 'note'))).toEqual(['ThingEntity.note (things.note): no such column in the table']);
    const extra: SchemaColumn = { table_name: 'things', column_name: 'extra', udt_name: 'int4', data_type: 'integer', is_nullable: 'YES', character_maximum_length: null };
    expect(entitySchemaDisagreements(dataSource, [...agreeing, extra])).toEqual(["ThingEntity: the table's column things.extra is not in the entity"]);
    expect(entitySchemaDisagreements(dataSource, agreeing.filter((c) => c.table_name !== 'things'))).toEqual(['ThingEntity: no table demo.things']);
  });
});
