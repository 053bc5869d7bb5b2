import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cycle writes each ledger row three times: the claim (term, county, stage), 'sending' before the
 * batch goes to the bank, 'paid' (or 'failed') after. The claim changes indexed columns, so it
 * writes every index again; the other two change only the status and the bank's answer, and can be
 * heap-only (HOT) updates that touch no index at all, if
 *  - no index refers to `status`: the due-rows index named it in its predicate, which made every
 *    status change a full write of all five indexes; it now leaves it out (the claim still asks for
 *    planned rows: a row cancelled or failed before any claim is skipped on the heap), and
 *  - the page has room for the new version: the ledger's pages are filled to 70 % (fillfactor), the
 *    rest kept for the versions a cycle writes (pruned as they die). Pages written before this
 *    migration stay full until rewritten (VACUUM FULL or CLUSTER), and fill as before.
 */
export class LedgerHotUpdates1766100000000 implements MigrationInterface {
  name = 'LedgerHotUpdates1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX students.aid_payments_cycle_due_idx`);
    await q.query(`CREATE INDEX aid_payments_cycle_due_idx ON students.aid_payments (semester, id) WHERE paid_by = 'cycle' AND cycle_term IS NULL`);
    await q.query(`ALTER TABLE students.aid_payments SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.aid_payments RESET (fillfactor)`);
    await q.query(`DROP INDEX students.aid_payments_cycle_due_idx`);
    await q.query(`CREATE INDEX aid_payments_cycle_due_idx ON students.aid_payments (semester, id) WHERE paid_by = 'cycle' AND cycle_term IS NULL AND status = 'planned'`);
  }
}
