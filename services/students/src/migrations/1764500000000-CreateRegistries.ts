import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Households, students and enrolments, with national IDs protected at rest from the first row:
 * AES-256-GCM ciphertext with its key version, a keyed-hash blind index for lookups and uniqueness,
 * and the masked form lists show. The plain number is never stored.
 */
export class CreateRegistries1764500000000 implements MigrationInterface {
  name = 'CreateRegistries1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE students.households (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_no text NOT NULL UNIQUE,
        village_code char(12) NOT NULL,
        county_code char(6) NOT NULL,
        status text NOT NULL DEFAULT 'poor' CHECK (status IN ('poor', 'lifted-out', 'returned-to-poverty')),
        status_since date NOT NULL DEFAULT current_date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX households_county_idx ON students.households (county_code, id)`);
    await q.query(`
      CREATE TABLE students.household_status_history (
        id bigserial PRIMARY KEY,
        household_id uuid NOT NULL REFERENCES students.households (id) ON DELETE CASCADE,
        -- names a change made through the API, so recording it again (a retry) records it once
        change_id uuid UNIQUE,
        status text NOT NULL,
        effective_date date NOT NULL,
        reason text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_status_history_household_idx ON students.household_status_history (household_id, id)`);
    await q.query(`
      CREATE TABLE students.household_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES students.households (id) ON DELETE CASCADE,
        name text NOT NULL,
        relation text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_members_household_idx ON students.household_members (household_id)`);
    await q.query(`
      CREATE TABLE students.students (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        national_id_cipher bytea NOT NULL,
        national_id_key_version integer NOT NULL,
        national_id_index bytea NOT NULL,
        national_id_masked text NOT NULL,
        name text NOT NULL,
        birth_date date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('male', 'female')),
        household_id uuid NOT NULL REFERENCES students.households (id),
        village_code char(12) NOT NULL,
        county_code char(6) NOT NULL,
        disability boolean NOT NULL DEFAULT false,
        left_behind boolean NOT NULL DEFAULT false,
        migrant_child boolean NOT NULL DEFAULT false,
        special_hardship boolean NOT NULL DEFAULT false,
        school_code text,
        school_county_code char(6),
        stage text,
        grade smallint,
        boarding boolean,
        academic_year text,
        -- the roster import (and its line) that last wrote this student: a second line with the same
        -- ID in the same file is found by this, with no per-import list of IDs seen
        last_import_id uuid,
        last_import_row integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT students_national_id_index_key UNIQUE (national_id_index)
      )`);
    await q.query(`CREATE INDEX students_county_idx ON students.students (county_code, id)`);
    await q.query(`CREATE INDEX students_school_idx ON students.students (school_code, id)`);
    await q.query(`CREATE INDEX students_household_idx ON students.students (household_id)`);
    await q.query(`
      CREATE TABLE students.enrolments (
        student_id uuid NOT NULL REFERENCES students.students (id) ON DELETE CASCADE,
        school_code text NOT NULL,
        school_county_code char(6) NOT NULL,
        stage text NOT NULL,
        grade smallint NOT NULL,
        boarding boolean NOT NULL,
        academic_year text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (student_id, academic_year)
      )`);
    await q.query(`CREATE INDEX enrolments_year_county_idx ON students.enrolments (academic_year, school_county_code)`);
    await q.query(`
      CREATE TABLE students.school_directory (
        code text PRIMARY KEY,
        kind text NOT NULL,
        county_code char(6) NOT NULL,
        jurisdiction_code text NOT NULL,
        boarding boolean NOT NULL,
        synced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE students.pii_access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id text NOT NULL,
        actor_roles text[] NOT NULL,
        student_id uuid NOT NULL,
        field text NOT NULL,
        reason text NOT NULL,
        request_id text
      )`);
    await q.query(`CREATE INDEX pii_access_log_student_idx ON students.pii_access_log (student_id, id)`);
    await q.query(`CREATE INDEX pii_access_log_actor_idx ON students.pii_access_log (actor_user_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['pii_access_log', 'school_directory', 'enrolments', 'students', 'household_members', 'household_status_history', 'households']) {
      await q.query(`DROP TABLE students.${table}`);
    }
  }
}
