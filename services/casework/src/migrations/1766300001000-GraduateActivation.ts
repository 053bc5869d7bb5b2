import { MigrationInterface, QueryRunner } from 'typeorm';

/** Activation codes: a caseworker hands one to a graduate, who sets their password with it (once, before it expires). */
export class GraduateActivation1766300001000 implements MigrationInterface {
  name = 'GraduateActivation1766300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE casework.activation_codes (
        user_id text PRIMARY KEY REFERENCES casework.users (user_id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        code_salt text NOT NULL,
        issued_by text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        failures smallint NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE casework.activation_codes`);
  }
}
