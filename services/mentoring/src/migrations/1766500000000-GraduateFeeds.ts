import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The graduate base fed from the registry, and national IDs in a university's list:
 * - graduates: `source` (registration: one at a time or a university's list; registry-feed: the feed),
 *   `major` and `intention` unknown (NULL) until a university's list or a caseworker gives them;
 * - graduate_feeds: one row per feed run, its counters (moved once per batch) and state; at most one running;
 * - graduate_imports.seal_key: the sender key the upload's national IDs were sealed with (a public key;
 *   the file holds only sealed IDs, never a national ID, and no blind index is stored).
 */
export class GraduateFeeds1766500000000 implements MigrationInterface {
  name = 'GraduateFeeds1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mentoring.graduates ADD COLUMN source text NOT NULL DEFAULT 'registration' CHECK (source IN ('registration', 'registry-feed'))`);
    await q.query(`ALTER TABLE mentoring.graduates ALTER COLUMN major DROP NOT NULL, ALTER COLUMN intention DROP NOT NULL`);
    await q.query(`ALTER TABLE mentoring.graduates ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`
      CREATE TABLE mentoring.graduate_feeds (
        id uuid PRIMARY KEY,
        academic_year text NOT NULL CHECK (academic_year ~ '^\\d{4}-\\d{4}$'),
        state text NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
        started_by text NOT NULL,
        batches integer NOT NULL DEFAULT 0,
        students_read integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        failure text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    // One feed at a time: two racing starts resolve to one 202 and one 409.
    await q.query(`CREATE UNIQUE INDEX graduate_feeds_one_running_idx ON mentoring.graduate_feeds ((true)) WHERE state = 'running'`);
    await q.query(`CREATE INDEX graduate_feeds_started_idx ON mentoring.graduate_feeds (started_at DESC, id)`);
    await q.query(`ALTER TABLE mentoring.graduate_imports ADD COLUMN seal_key text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mentoring.graduate_imports DROP COLUMN seal_key`);
    await q.query(`DROP TABLE mentoring.graduate_feeds`);
    // Graduates the feed made and nobody completed have no major or intention: they cannot stay.
    await q.query(`DELETE FROM mentoring.graduates WHERE major IS NULL OR intention IS NULL`);
    await q.query(`ALTER TABLE mentoring.graduates ALTER COLUMN major SET NOT NULL, ALTER COLUMN intention SET NOT NULL`);
    await q.query(`ALTER TABLE mentoring.graduates DROP COLUMN updated_at, DROP COLUMN source`);
  }
}
