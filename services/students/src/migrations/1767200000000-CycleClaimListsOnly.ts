import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cycle's claim lists a ledger row and no longer writes it: the row is written twice by a cycle
 * ('sending', then 'paid' or 'failed') instead of three times.
 *
 * - `payment_cycle_rows.stage`: the stage the row is paid under, recorded by the claim with the
 *   county (the student's, as the claim finds them). 'sending' (or a failure, or a cancellation)
 *   copies the listing's county and stage, with the term and run, onto the ledger row. Rows listed
 *   before this migration were stamped by the claim and are listed without a stage: reads take a
 *   stamped row's county and stage from the row itself.
 * - `payment_cycle_rows (ledger_id)`: the claim lists a row only if no run lists it yet (a row a
 *   run has listed is that run's, until a later run takes it over by stamping it); this index makes
 *   that check one lookup per row.
 *
 * down() stamps every row listed and not yet stamped from its listing, as the older claim would
 * have, then drops the index and the column.
 */
export class CycleClaimListsOnly1767200000000 implements MigrationInterface {
  name = 'CycleClaimListsOnly1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.payment_cycle_rows ADD COLUMN stage text`);
    await q.query(`CREATE INDEX payment_cycle_rows_ledger_idx ON students.payment_cycle_rows (ledger_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE students.aid_payments p SET cycle_term = r.term, cycle_run = r.run, cycle_county_code = r.county_code, cycle_stage = r.stage, updated_at = now()
        FROM students.payment_cycle_rows r
       WHERE p.id = r.ledger_id AND p.cycle_term IS NULL`);
    await q.query(`DROP INDEX students.payment_cycle_rows_ledger_idx`);
    await q.query(`ALTER TABLE students.payment_cycle_rows DROP COLUMN stage`);
  }
}
