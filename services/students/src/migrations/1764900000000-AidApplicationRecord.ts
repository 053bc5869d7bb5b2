import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable record of an aid application: the row that apply() already writes grows the state the
 * workflow reaches at each transition (written by the recordAidTransition activity), so lists,
 * counts and GET read it instead of asking a workflow whose history ends with the namespace's
 * retention. `transition_seq` orders the writes: a retried or late one at or below it changes
 * nothing. Rows of applications started before this have a NULL state until their next transition.
 */
export class AidApplicationRecord1764900000000 implements MigrationInterface {
  name = 'AidApplicationRecord1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE students.aid_applications
        ADD COLUMN state text,
        ADD COLUMN transition_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN stage text,
        ADD COLUMN current_step text,
        ADD COLUMN held_by text,
        ADD COLUMN holder_role text,
        ADD COLUMN holder_level text,
        ADD COLUMN holder_division_code text,
        ADD COLUMN assignee_id text,
        ADD COLUMN pending_task_id uuid,
        ADD COLUMN due_at timestamptz,
        ADD COLUMN standards_version text,
        ADD COLUMN entitlement jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN cash_fen bigint NOT NULL DEFAULT 0,
        ADD COLUMN needs_higher_sign_off boolean NOT NULL DEFAULT false,
        ADD COLUMN appealed boolean NOT NULL DEFAULT false,
        ADD COLUMN appeal_deadline timestamptz,
        ADD COLUMN reasons jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN timeline jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN ledger_result jsonb,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        -- A school's code starts with its county's code: the scope condition's school side.
        ADD COLUMN school_county_code text GENERATED ALWAYS AS (left(school_code, 6)) STORED`);
    // Lists page by workflow_id inside a county, a township or a school, often by state.
    await q.query(`CREATE INDEX aid_applications_county_idx ON students.aid_applications (county_code, workflow_id)`);
    await q.query(`CREATE INDEX aid_applications_village_idx ON students.aid_applications (village_code bpchar_pattern_ops)`);
    await q.query(`CREATE INDEX aid_applications_school_idx ON students.aid_applications (school_code, workflow_id)`);
    await q.query(`CREATE INDEX aid_applications_state_idx ON students.aid_applications (state, county_code)`);
    await q.query(`CREATE INDEX aid_applications_assignee_idx ON students.aid_applications (assignee_id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX aid_applications_due_idx ON students.aid_applications (due_at) WHERE current_step IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['county', 'village', 'school', 'state', 'assignee', 'due']) await q.query(`DROP INDEX students.aid_applications_${index}_idx`);
    await q.query(`
      ALTER TABLE students.aid_applications
        DROP COLUMN school_county_code, DROP COLUMN updated_at, DROP COLUMN ledger_result, DROP COLUMN timeline, DROP COLUMN reasons,
        DROP COLUMN appeal_deadline, DROP COLUMN appealed, DROP COLUMN needs_higher_sign_off, DROP COLUMN cash_fen, DROP COLUMN entitlement,
        DROP COLUMN standards_version, DROP COLUMN due_at, DROP COLUMN pending_task_id, DROP COLUMN assignee_id, DROP COLUMN holder_division_code,
        DROP COLUMN holder_level, DROP COLUMN holder_role, DROP COLUMN held_by, DROP COLUMN current_step, DROP COLUMN stage,
        DROP COLUMN transition_seq, DROP COLUMN state`);
  }
}
