import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keeps a cycle's ledger writes heap-only under the planned-once rule (1766200000000-Campaigns: one
 * live row per student, semester and scheme). That index named `status` in its predicate, so every
 * status change (planned → sending → paid) wrote all the ledger's indexes again. The rule now reads
 * a stored generated column, `live` (planned, sending or paid): those changes leave it true, so they
 * stay heap-only (see 1766100000000-LedgerHotUpdates); only a row that leaves or re-enters the live
 * states (failed, cancelled, re-planned) writes the index. Adding the column rewrites the table once,
 * which also fills its pages to the fill factor set there.
 */
export class LedgerOnceIndexHot1766200000100 implements MigrationInterface {
  name = 'LedgerOnceIndexHot1766200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.aid_payments ADD COLUMN live boolean GENERATED ALWAYS AS (status IN ('planned', 'sending', 'paid')) STORED`);
    await q.query(`DROP INDEX students.aid_payments_once_idx`);
    await q.query(`CREATE UNIQUE INDEX aid_payments_once_idx ON students.aid_payments (student_id, semester, scheme) WHERE live`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX students.aid_payments_once_idx`);
    await q.query(`CREATE UNIQUE INDEX aid_payments_once_idx ON students.aid_payments (student_id, semester, scheme) WHERE status IN ('planned', 'sending', 'paid')`);
    await q.query(`ALTER TABLE students.aid_payments DROP COLUMN live`);
  }
}
