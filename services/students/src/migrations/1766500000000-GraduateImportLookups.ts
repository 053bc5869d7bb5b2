import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A graduate import's lookups by national ID are logged once per chunk (request id
 * `graduate-import:<importId>:chunk-<n>`): a retried activity finds its chunk's entries through this
 * partial index instead of scanning the access log.
 */
export class GraduateImportLookups1766500000000 implements MigrationInterface {
  name = 'GraduateImportLookups1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX pii_access_log_graduate_import_idx ON students.pii_access_log (request_id) WHERE request_id LIKE 'graduate-import:%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX students.pii_access_log_graduate_import_idx`);
  }
}
