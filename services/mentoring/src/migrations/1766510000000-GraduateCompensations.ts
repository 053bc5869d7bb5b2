import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tuition compensation and loan repayment: one durable row per graduate (the workflow
 * `graduate-compensation:<graduateId>` writes it at each transition, idempotent by `seq`), read by
 * GET and the lists. The graduate's place (village, county, university) is copied at filing, so a
 * list filters the jurisdiction on its own table. The commitment's evidence is kept as filed; the
 * status (award lines, instalments, timeline) is the workflow's view as of the last transition.
 */
export class GraduateCompensations1766510000000 implements MigrationInterface {
  name = 'GraduateCompensations1766510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentoring.graduate_compensations (
        graduate_id uuid PRIMARY KEY REFERENCES mentoring.graduates (id) ON DELETE CASCADE,
        workflow_id text NOT NULL UNIQUE,
        county_code char(6) NOT NULL,
        village_code char(12) NOT NULL,
        university_code text NOT NULL,
        commitment text NOT NULL CHECK (commitment IN ('enlistment', 'grassroots-service')),
        unit_name text NOT NULL,
        service_county_code char(6) NOT NULL,
        start_date date NOT NULL,
        committed_years smallint NOT NULL CHECK (committed_years BETWEEN 1 AND 10),
        proof_reference text NOT NULL,
        tuition_paid_fen bigint NOT NULL CHECK (tuition_paid_fen >= 0),
        loan_outstanding_fen bigint NOT NULL CHECK (loan_outstanding_fen >= 0),
        study_years smallint NOT NULL CHECK (study_years BETWEEN 1 AND 10),
        state text NOT NULL DEFAULT 'verifying',
        total_fen bigint NOT NULL DEFAULT 0,
        status jsonb,
        seq integer NOT NULL DEFAULT 0,
        filed_by text NOT NULL,
        filed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX graduate_compensations_county_idx ON mentoring.graduate_compensations (county_code, graduate_id)`);
    await q.query(`CREATE INDEX graduate_compensations_state_idx ON mentoring.graduate_compensations (state, graduate_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mentoring.graduate_compensations`);
  }
}
