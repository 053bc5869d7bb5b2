import type { QueryRunner } from 'typeorm';

/**
 * The table the wiring check writes, identical in every service's schema. Each service's first
 * migration calls these, so the table stays owned by (and migrated with) its service.
 */
export async function createWiringChecksTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE "${schema}".wiring_checks (
      check_id uuid PRIMARY KEY,
      requested_by text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function dropWiringChecksTable(queryRunner: QueryRunner, schema: string): Promise<void> {
  await queryRunner.query(`DROP TABLE "${schema}".wiring_checks`);
}
