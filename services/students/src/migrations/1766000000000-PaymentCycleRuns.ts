import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follow-up runs of a term's payment cycle, payments paid again after a fix, and the bank's returns.
 *
 * - A term's cycle has numbered runs: `payment_cycles` and its counties are keyed by (term, run); the
 *   cycles already recorded are run 1. At most one run of a term is open at a time (a partial unique
 *   index: two starts racing cannot both win). `unsettled` is what a run left planned or sending when
 *   it ended, and `handed_to` the run that took those rows over.
 * - The ledger says which run claimed a row (`cycle_run`). A payment refused for good (failed) or sent
 *   back by the receiving bank (`returned`, new status, with `returned_at`) is paid again as a new row:
 *   `attempt` n+1, `retry_of` the row it repeats (once: a unique index), its own idempotency key
 *   (`…:attempt-<n>`), since the bank keeps the first key's result for ever.
 * - `bank_return_feed`: how far the bank's returns feed has been read (one row per feed).
 */
export class PaymentCycleRuns1766000000000 implements MigrationInterface {
  name = 'PaymentCycleRuns1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.payment_cycle_counties DROP CONSTRAINT payment_cycle_counties_term_fkey`);
    await q.query(`ALTER TABLE students.payment_cycle_counties DROP CONSTRAINT payment_cycle_counties_pkey`);
    await q.query(`ALTER TABLE students.payment_cycles DROP CONSTRAINT payment_cycles_pkey`);
    await q.query(`
      ALTER TABLE students.payment_cycles
        ADD COLUMN run integer NOT NULL DEFAULT 1 CHECK (run >= 1),
        ADD COLUMN unsettled integer NOT NULL DEFAULT 0,
        ADD COLUMN handed_to integer,
        ADD PRIMARY KEY (term, run)`);
    await q.query(`CREATE UNIQUE INDEX payment_cycles_one_open_run_idx ON students.payment_cycles (term) WHERE state NOT IN ('completed', 'cancelled')`);
    await q.query(`
      UPDATE students.payment_cycles c SET unsettled = coalesce((SELECT sum(planned + sending) FROM students.payment_cycle_counties k WHERE k.term = c.term), 0)
       WHERE state IN ('completed', 'cancelled')`);
    await q.query(`
      ALTER TABLE students.payment_cycle_counties
        ADD COLUMN run integer NOT NULL DEFAULT 1,
        ADD PRIMARY KEY (term, run, county_code),
        ADD FOREIGN KEY (term, run) REFERENCES students.payment_cycles (term, run) ON DELETE CASCADE`);

    await q.query(`ALTER TABLE students.aid_payments DROP CONSTRAINT aid_payments_status_check`);
    await q.query(`
      ALTER TABLE students.aid_payments
        ADD CONSTRAINT aid_payments_status_check CHECK (status IN ('planned', 'sending', 'paid', 'failed', 'returned', 'cancelled')),
        ADD COLUMN cycle_run integer,
        ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
        ADD COLUMN retry_of bigint REFERENCES students.aid_payments (id),
        ADD COLUMN returned_at timestamptz`);
    await q.query(`UPDATE students.aid_payments SET cycle_run = 1 WHERE cycle_term IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX aid_payments_retry_of_idx ON students.aid_payments (retry_of) WHERE retry_of IS NOT NULL`);
    await q.query(`
      CREATE TABLE students.bank_return_feed (
        feed text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE students.bank_return_feed`);
    // Later attempts and returns have no place in the older ledger: attempts go, returned rows read as failed.
    await q.query(`DELETE FROM students.aid_payments WHERE retry_of IS NOT NULL`);
    await q.query(`UPDATE students.aid_payments SET status = 'failed' WHERE status = 'returned'`);
    await q.query(`DROP INDEX students.aid_payments_retry_of_idx`);
    await q.query(`ALTER TABLE students.aid_payments DROP CONSTRAINT aid_payments_status_check`);
    await q.query(`ALTER TABLE students.aid_payments DROP COLUMN returned_at, DROP COLUMN retry_of, DROP COLUMN attempt, DROP COLUMN cycle_run`);
    await q.query(`ALTER TABLE students.aid_payments ADD CONSTRAINT aid_payments_status_check CHECK (status IN ('planned', 'sending', 'paid', 'failed', 'cancelled'))`);
    // Only each term's first run fits the older record.
    await q.query(`DELETE FROM students.payment_cycles WHERE run > 1`);
    await q.query(`ALTER TABLE students.payment_cycle_counties DROP CONSTRAINT payment_cycle_counties_term_run_fkey`);
    await q.query(`ALTER TABLE students.payment_cycle_counties DROP CONSTRAINT payment_cycle_counties_pkey`);
    await q.query(`ALTER TABLE students.payment_cycle_counties DROP COLUMN run, ADD PRIMARY KEY (term, county_code)`);
    await q.query(`DROP INDEX students.payment_cycles_one_open_run_idx`);
    await q.query(`ALTER TABLE students.payment_cycles DROP CONSTRAINT payment_cycles_pkey`);
    await q.query(`ALTER TABLE students.payment_cycles DROP COLUMN handed_to, DROP COLUMN unsettled, DROP COLUMN run, ADD PRIMARY KEY (term)`);
    await q.query(`ALTER TABLE students.payment_cycle_counties ADD FOREIGN KEY (term) REFERENCES students.payment_cycles (term) ON DELETE CASCADE`);
  }
}
