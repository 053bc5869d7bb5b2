import { MigrationInterface, QueryRunner } from 'typeorm';
import { createWiringChecksTable, dropWiringChecksTable } from '@eduaid/platform';

/** The mentoring schema's first tables. The schema itself is created before migrations run. */
export class InitMentoringSchema1764400000000 implements MigrationInterface {
  name = 'InitMentoringSchema1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createWiringChecksTable(queryRunner, 'mentoring');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropWiringChecksTable(queryRunner, 'mentoring');
  }
}
