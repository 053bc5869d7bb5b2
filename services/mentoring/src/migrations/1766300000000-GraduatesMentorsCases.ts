import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The graduate base (linked to the students registry by student id; no national ID here), mentors,
 * their assignments with history, and the durable job-assistance case with its event log.
 */
export class GraduatesMentorsCases1766300000000 implements MigrationInterface {
  name = 'GraduatesMentorsCases1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentoring.graduates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        student_id uuid NOT NULL UNIQUE,
        name text NOT NULL,
        university_code text NOT NULL,
        university_county_code char(6) NOT NULL,
        village_code char(12) NOT NULL,
        county_code char(6) NOT NULL,
        major text NOT NULL,
        degree_level text NOT NULL CHECK (degree_level IN ('higher-vocational', 'undergraduate')),
        expected_graduation date NOT NULL,
        cohort smallint NOT NULL,
        academic_status text NOT NULL DEFAULT 'enrolled' CHECK (academic_status IN ('enrolled', 'graduated', 'suspended', 'withdrawn')),
        intention text NOT NULL CHECK (intention IN ('job', 'own-business', 'further-study', 'military-service', 'civil-service')),
        preferred_regions text[] NOT NULL DEFAULT '{}',
        consent_to_contact boolean NOT NULL,
        user_id text UNIQUE,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX graduates_county_idx ON mentoring.graduates (county_code, id)`);
    await q.query(`CREATE INDEX graduates_university_idx ON mentoring.graduates (university_code, id)`);
    await q.query(`
      CREATE TABLE mentoring.mentors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id text UNIQUE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('teacher', 'alumnus', 'enterprise-volunteer')),
        capacity smallint NOT NULL CHECK (capacity BETWEEN 1 AND 200),
        expertise text[] NOT NULL DEFAULT '{}',
        region_code text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mentors_region_idx ON mentoring.mentors (region_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE mentoring.mentor_assignments (
        id bigserial PRIMARY KEY,
        graduate_id uuid NOT NULL REFERENCES mentoring.graduates (id) ON DELETE CASCADE,
        mentor_id uuid NOT NULL REFERENCES mentoring.mentors (id),
        lead boolean NOT NULL,
        assigned_by text NOT NULL,
        reason text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        ended_by text,
        end_reason text
      )`);
    await q.query(`CREATE UNIQUE INDEX mentor_assignments_current ON mentoring.mentor_assignments (graduate_id, mentor_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX mentor_assignments_one_lead ON mentoring.mentor_assignments (graduate_id) WHERE ended_at IS NULL AND lead`);
    await q.query(`CREATE INDEX mentor_assignments_mentor ON mentoring.mentor_assignments (mentor_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE mentoring.job_cases (
        graduate_id uuid PRIMARY KEY REFERENCES mentoring.graduates (id) ON DELETE CASCADE,
        workflow_id text NOT NULL UNIQUE,
        county_code char(6) NOT NULL,
        village_code char(12) NOT NULL,
        university_code text NOT NULL,
        phase text NOT NULL,
        lead_mentor_user_id text,
        mentor_user_ids text[] NOT NULL DEFAULT '{}',
        cadence_days smallint NOT NULL,
        next_due_at timestamptz,
        check_ins integer NOT NULL DEFAULT 0,
        missed integer NOT NULL DEFAULT 0,
        outcome text,
        claimed_outcome text,
        open_task_id uuid,
        reopened integer NOT NULL DEFAULT 0,
        runs integer NOT NULL DEFAULT 1,
        seq integer NOT NULL DEFAULT 0,
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        placed_at timestamptz,
        closed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX job_cases_county_idx ON mentoring.job_cases (county_code, graduate_id)`);
    await q.query(`CREATE INDEX job_cases_mentors_idx ON mentoring.job_cases USING gin (mentor_user_ids)`);
    await q.query(`CREATE INDEX job_cases_due_idx ON mentoring.job_cases (next_due_at) WHERE closed_at IS NULL`);
    await q.query(`
      CREATE TABLE mentoring.case_events (
        id bigserial PRIMARY KEY,
        graduate_id uuid NOT NULL REFERENCES mentoring.graduates (id) ON DELETE CASCADE,
        idempotency_key text NOT NULL UNIQUE,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        kind text NOT NULL,
        note text,
        detail jsonb
      )`);
    await q.query(`CREATE INDEX case_events_graduate_idx ON mentoring.case_events (graduate_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mentoring.case_events`);
    await q.query(`DROP TABLE mentoring.job_cases`);
    await q.query(`DROP TABLE mentoring.mentor_assignments`);
    await q.query(`DROP TABLE mentoring.mentors`);
    await q.query(`DROP TABLE mentoring.graduates`);
  }
}
