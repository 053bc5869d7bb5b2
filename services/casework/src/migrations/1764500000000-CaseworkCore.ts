import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users and tokens, human tasks, the hash-chained audit log and notifications.
 * The audit log is append-only: a trigger refuses UPDATE and DELETE from the application role
 * (an operator with table ownership can still disable it, which is what the hash chain detects).
 */
export class CaseworkCore1764500000000 implements MigrationInterface {
  name = 'CaseworkCore1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE casework.users (
        user_id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        password_salt text NOT NULL,
        roles text[] NOT NULL,
        scope_level text NOT NULL,
        scope_code text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        last_assigned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_scope ON casework.users (scope_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE casework.revoked_tokens (
        token_id text PRIMARY KEY,
        user_id text NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_tokens_revoked_at ON casework.revoked_tokens (revoked_at)`);
    // "Revoke all of a user's tokens": tokens issued before not_before are refused, whoever issued them.
    await q.query(`
      CREATE TABLE casework.token_cutoffs (
        user_id text PRIMARY KEY,
        not_before timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE casework.tasks (
        task_id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        workflow_id text NOT NULL,
        kind text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        step text NOT NULL,
        step_index integer NOT NULL,
        attempt integer NOT NULL,
        candidate_role text NOT NULL,
        division_code text NOT NULL,
        school_code text,
        assignee_id text,
        claimed_at timestamptz,
        status text NOT NULL CHECK (status IN ('open','claimed','deciding','completed','cancelled')),
        priority integer NOT NULL,
        due_at timestamptz NOT NULL,
        escalated_at timestamptz,
        escalated_to text,
        reminders_sent integer NOT NULL DEFAULT 0,
        data jsonb NOT NULL,
        submitted_by text,
        excluded_deciders text[] NOT NULL DEFAULT '{}',
        decision text,
        decision_comment text,
        decided_by text,
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Keyset pagination of the inbox by (due_at, task_id), (priority, due_at, task_id) and (created_at, task_id).
    await q.query(`CREATE INDEX tasks_due ON casework.tasks (due_at, task_id) WHERE status IN ('open','claimed','deciding')`);
    await q.query(`CREATE INDEX tasks_assignee ON casework.tasks (assignee_id, status)`);
    await q.query(`CREATE INDEX tasks_division ON casework.tasks (division_code text_pattern_ops)`);
    await q.query(`CREATE INDEX tasks_subject ON casework.tasks (subject_type, subject_id)`);
    await q.query(`
      CREATE TABLE casework.audit_log (
        seq bigserial PRIMARY KEY,
        entry_id uuid NOT NULL UNIQUE,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text,
        subject_id text,
        division_code text,
        before jsonb,
        after jsonb,
        reason text,
        request_id text,
        idempotency_key text UNIQUE,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_subject ON casework.audit_log (subject_type, subject_id, seq)`);
    await q.query(`
      CREATE FUNCTION casework.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'casework.audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON casework.audit_log
      FOR EACH ROW EXECUTE FUNCTION casework.audit_log_append_only()`);
    await q.query(`
      CREATE TABLE casework.notifications (
        notification_id uuid PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        user_id text NOT NULL,
        kind text NOT NULL,
        task_id uuid,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_user ON casework.notifications (user_id, created_at DESC, notification_id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE casework.notifications`);
    await q.query(`DROP TABLE casework.audit_log`);
    await q.query(`DROP FUNCTION casework.audit_log_append_only()`);
    await q.query(`DROP TABLE casework.tasks`);
    await q.query(`DROP TABLE casework.token_cutoffs`);
    await q.query(`DROP TABLE casework.revoked_tokens`);
    await q.query(`DROP TABLE casework.users`);
  }
}
