import { MigrationInterface, QueryRunner } from 'typeorm';
import { createWiringChecksTable, dropWiringChecksTable } from '@eduaid/platform';

/** The casework schema's first tables. The schema itself is created before migrations run. */
export class InitCaseworkSchema1764400000000 implements MigrationInterface {
  name = 'InitCaseworkSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWiringChecksTable(queryRunner, 'casework');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWiringChecksTable(queryRunner, 'casework');
  }
}
