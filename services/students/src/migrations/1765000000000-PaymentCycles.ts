import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Semester payment cycles. The ledger says who pays each row (`paid_by`): 'application' rows are
 * paid by their application's workflow as before (the default, so nothing planned today changes
 * hands); 'cycle' rows are paid by the term's cycle, which claims them (`cycle_term`) and records the
 * county and stage it paid them under, so a county's rows are walked by key without a join and the
 * report groups by what was true when paid. `failure_code` keeps the bank's code of a permanent
 * failure, `failure_task_at` when its casework task was made (a failure is reported to the workflow
 * until then, so an attempt that failed after marking rows loses no task). The cycle's durable record: one row per term, and one per county with its counts
 * (recomputed from the ledger after each batch, so a retried batch never counts twice).
 */
export class PaymentCycles1765000000000 implements MigrationInterface {
  name = 'PaymentCycles1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE students.aid_payments
        ADD COLUMN paid_by text NOT NULL DEFAULT 'application' CHECK (paid_by IN ('application', 'cycle')),
        ADD COLUMN cycle_term text,
        ADD COLUMN cycle_county_code char(6),
        ADD COLUMN cycle_stage text,
        ADD COLUMN failure_code text,
        ADD COLUMN failure_task_at timestamptz`);
    // What a cycle claims: planned rows of its term left to cycles and not yet claimed.
    await q.query(`CREATE INDEX aid_payments_cycle_due_idx ON students.aid_payments (semester, id) WHERE paid_by = 'cycle' AND cycle_term IS NULL AND status = 'planned'`);
    // A county's rows of a cycle, walked by key (keyset on id), and counted by status.
    await q.query(`CREATE INDEX aid_payments_cycle_idx ON students.aid_payments (cycle_term, cycle_county_code, id) WHERE cycle_term IS NOT NULL`);
    await q.query(`
      CREATE TABLE students.payment_cycles (
        term text PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        state text NOT NULL CHECK (state IN ('selecting', 'running', 'paused', 'cancelling', 'completed', 'cancelled')),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE students.payment_cycle_counties (
        term text NOT NULL REFERENCES students.payment_cycles (term) ON DELETE CASCADE,
        county_code char(6) NOT NULL,
        state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'running', 'done', 'cancelled')),
        due integer NOT NULL DEFAULT 0,
        due_fen bigint NOT NULL DEFAULT 0,
        planned integer NOT NULL DEFAULT 0,
        sending integer NOT NULL DEFAULT 0,
        paid integer NOT NULL DEFAULT 0,
        paid_fen bigint NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        failed_fen bigint NOT NULL DEFAULT 0,
        cancelled integer NOT NULL DEFAULT 0,
        batches integer NOT NULL DEFAULT 0,
        rounds integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (term, county_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE students.payment_cycle_counties`);
    await q.query(`DROP TABLE students.payment_cycles`);
    await q.query(`DROP INDEX students.aid_payments_cycle_idx`);
    await q.query(`DROP INDEX students.aid_payments_cycle_due_idx`);
    await q.query(`ALTER TABLE students.aid_payments DROP COLUMN failure_task_at, DROP COLUMN failure_code, DROP COLUMN cycle_stage, DROP COLUMN cycle_county_code, DROP COLUMN cycle_term, DROP COLUMN paid_by`);
  }
}
