import { MigrationInterface, QueryRunner } from 'typeorm';
import { createWiringChecksTable, dropWiringChecksTable } from '@eduaid/platform';

/** The students schema's first tables. The schema itself is created before migrations run. */
export class InitStudentsSchema1764400000000 implements MigrationInterface {
  name = 'InitStudentsSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWiringChecksTable(queryRunner, 'students');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWiringChecksTable(queryRunner, 'students');
  }
}
