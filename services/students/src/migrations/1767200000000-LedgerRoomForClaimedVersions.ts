import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leaves each ledger page room for a claimed version of every row on it. A cycle's claim updates
 * every row of a page in one statement, so the page must hold the old version of each row (not yet
 * dead: the claim's own transaction is still open) beside its new one, and the new one is wider: it
 * carries the run's term, number, county and stage, which a planned row leaves empty (about 45
 * bytes). At the half-filled pages of 1766100000000-LedgerHotUpdates (fillfactor 50) the last row
 * of each full page found no room, so one claimed row in ten moved to another page: an update that
 * is not heap-only and writes all seven of the ledger's indexes, the first write after a checkpoint
 * to each index page it touched (a full-page image of it in the WAL). Measured with
 * `npm run bench:ledger` at 100,000 rows: 10,000 rows moved and the claim wrote 131.7 MiB of WAL;
 * with pages filled to 45 %, none moved and it wrote 78 MiB.
 *
 * 45 % leaves room for rows of 200 bytes or more (a planned row is about 400: its idempotency key
 * and workflow id alone are 180). 'sending' and 'paid' need no more: by then the versions the claim
 * replaced are dead and pruned as the page fills.
 *
 * Only pages written from now on are filled to the new mark; a ledger loaded before keeps its pages
 * as they are (the claim moves one row in ten of those, as before) until it is rewritten (`VACUUM
 * FULL students.aid_payments` at a quiet time, which locks the ledger while it runs).
 */
export class LedgerRoomForClaimedVersions1767200000000 implements MigrationInterface {
  name = 'LedgerRoomForClaimedVersions1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.aid_payments SET (fillfactor = 45)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.aid_payments SET (fillfactor = 50)`);
  }
}
