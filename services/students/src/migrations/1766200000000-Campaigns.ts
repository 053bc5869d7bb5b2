import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Annual campaigns. `campaigns`: one row per academic year and scope (the durable record and its
 * assessment position). `campaign_results`: one row per assessed student (the entitlement's lines
 * with their rule ids, the standards version, reasons for ineligibility, and where the student is in
 * the lists); a student is in one campaign a year. `campaign_lists`: one row per school list, county
 * approval and prefecture sign-off. `campaign_decisions`: append-only, one row per student per bulk
 * decision (the student's campaign timeline).
 *
 * The ledger gets the rule that a student's scheme is planned once a semester, whoever plans it (an
 * application or a campaign): a partial UNIQUE index over the rows that are or will be paid.
 */
export class Campaigns1766200000000 implements MigrationInterface {
  name = 'Campaigns1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE students.campaigns (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        academic_year text NOT NULL,
        scope_level text NOT NULL CHECK (scope_level IN ('province', 'prefecture', 'county')),
        scope_code text NOT NULL,
        state text NOT NULL DEFAULT 'assessing' CHECK (state IN ('assessing', 'reviewing', 'completed')),
        started_by text NOT NULL,
        assess_after uuid,
        assessed integer NOT NULL DEFAULT 0,
        eligible integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        assessed_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_year_scope_key UNIQUE (academic_year, scope_code)
      )`);
    await q.query(`
      CREATE TABLE students.campaign_results (
        campaign_id uuid NOT NULL REFERENCES students.campaigns (id) ON DELETE CASCADE,
        student_id uuid NOT NULL REFERENCES students.students (id),
        academic_year text NOT NULL,
        county_code char(6) NOT NULL,
        school_code text NOT NULL,
        village_code char(12) NOT NULL,
        stage text NOT NULL,
        grade smallint NOT NULL,
        standards_version text NOT NULL,
        eligible boolean NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]',
        lines jsonb NOT NULL DEFAULT '[]',
        total_fen bigint NOT NULL DEFAULT 0,
        cash_fen bigint NOT NULL DEFAULT 0,
        needs_sign_off boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('ineligible', 'listed', 'confirmed', 'approved', 'planned', 'already-planned', 'excluded')),
        exclusion_reason text,
        exclusion_note text,
        excluded_by text,
        excluded_level text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, student_id),
        CONSTRAINT campaign_results_year_student_key UNIQUE (academic_year, student_id)
      )`);
    await q.query(`CREATE INDEX campaign_results_list_idx ON students.campaign_results (campaign_id, county_code, school_code, student_id)`);
    await q.query(`
      CREATE TABLE students.campaign_lists (
        campaign_id uuid NOT NULL REFERENCES students.campaigns (id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('school', 'county', 'prefecture')),
        code text NOT NULL,
        county_code char(6) NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'decided')),
        task_id uuid,
        workflow_id text NOT NULL,
        decision text,
        decided_by text,
        decided_at timestamptz,
        comment text,
        kept integer,
        excluded integer,
        need_sign_off integer,
        opened_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, level, code)
      )`);
    await q.query(`
      CREATE TABLE students.campaign_decisions (
        id bigserial PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES students.campaigns (id) ON DELETE CASCADE,
        student_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        level text NOT NULL,
        list_code text NOT NULL,
        action text NOT NULL,
        reason text,
        actor text NOT NULL
      )`);
    await q.query(`CREATE INDEX campaign_decisions_student_idx ON students.campaign_decisions (student_id, id)`);
    // Planned once: one live row per student, semester and scheme, whichever workflow planned it.
    await q.query(`CREATE UNIQUE INDEX aid_payments_once_idx ON students.aid_payments (student_id, semester, scheme) WHERE status IN ('planned', 'sending', 'paid')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX students.aid_payments_once_idx`);
    await q.query(`DROP TABLE students.campaign_decisions`);
    await q.query(`DROP TABLE students.campaign_lists`);
    await q.query(`DROP TABLE students.campaign_results`);
    await q.query(`DROP TABLE students.campaigns`);
  }
}
