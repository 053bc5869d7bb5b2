import { MigrationInterface, QueryRunner } from 'typeorm';
import { createWiringChecksTable, dropWiringChecksTable } from '@eduaid/platform';

/** The schools schema's first tables. The schema itself is created before migrations run. */
export class InitSchoolsSchema1764400000000 implements MigrationInterface {
  name = 'InitSchoolsSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWiringChecksTable(queryRunner, 'schools');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWiringChecksTable(queryRunner, 'schools');
  }
}
