import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cycle wrote each ledger row three times (the claim: term, county, stage; 'sending' before the
 * batch goes to the bank; 'paid' or 'failed' after), and each write was a new version of the row in
 * every one of its six indexes: the claim changed the cycle index's keys, and every status change
 * changed the due-rows index's predicate. Now all three are heap-only (HOT) updates, which write no
 * index at all:
 *  - a county's rows of a run are listed in `payment_cycle_rows` (term, run, county, ledger id: a
 *    narrow row and one index, written by the claim in the same statement; a later run that takes
 *    over an earlier run's leftovers lists them for itself), which replaces the ledger's cycle
 *    index; the ledger keeps `cycle_term`, `cycle_run`, `cycle_county_code` and `cycle_stage` as
 *    plain columns (the report groups by them, and a read of a run's listing skips rows the ledger
 *    says another run now holds);
 *  - the due-rows index lists the rows left to cycles, by semester and id, and names neither the
 *    claim nor the status in its predicate (the claim checks both on the row);
 *  - the ledger's pages are filled to half (fillfactor 50), the rest kept for the versions a
 *    cycle writes: the claim updates every row of a page in one transaction, so the page needs room
 *    for a second version of each (older versions are pruned as they die). Pages written before this migration stay full until rewritten
 *    (VACUUM FULL or CLUSTER), and fill as before.
 * No foreign key from `payment_cycle_rows` to the ledger: only the claim writes it, from the ledger
 * rows it claims in the same statement, and a key would cost a lookup per row.
 */
export class LedgerHotUpdates1766100000000 implements MigrationInterface {
  name = 'LedgerHotUpdates1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE students.payment_cycle_rows (
        term text NOT NULL,
        run integer NOT NULL,
        county_code char(6) NOT NULL,
        ledger_id bigint NOT NULL,
        PRIMARY KEY (term, run, county_code, ledger_id)
      )`);
    // Runs after 1766000000000-PaymentCycleRuns: every claimed row has its run.
    await q.query(`
      INSERT INTO students.payment_cycle_rows (term, run, county_code, ledger_id)
      SELECT cycle_term, coalesce(cycle_run, 1), cycle_county_code, id FROM students.aid_payments WHERE cycle_term IS NOT NULL`);
    await q.query(`DROP INDEX students.aid_payments_cycle_idx`);
    await q.query(`DROP INDEX students.aid_payments_cycle_due_idx`);
    await q.query(`CREATE INDEX aid_payments_cycle_due_idx ON students.aid_payments (semester, id) WHERE paid_by = 'cycle'`);
    await q.query(`ALTER TABLE students.aid_payments SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.aid_payments RESET (fillfactor)`);
    await q.query(`DROP INDEX students.aid_payments_cycle_due_idx`);
    await q.query(`CREATE INDEX aid_payments_cycle_due_idx ON students.aid_payments (semester, id) WHERE paid_by = 'cycle' AND cycle_term IS NULL AND status = 'planned'`);
    await q.query(`CREATE INDEX aid_payments_cycle_idx ON students.aid_payments (cycle_term, cycle_county_code, id) WHERE cycle_term IS NOT NULL`);
    await q.query(`DROP TABLE students.payment_cycle_rows`);
  }
}
