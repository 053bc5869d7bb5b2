import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A university's graduates lists: the upload (kept until its import finishes; it names students by
 * registry id, no national IDs), which chunks are done with their counts, and the row errors.
 */
export class GraduateImports1766400000000 implements MigrationInterface {
  name = 'GraduateImports1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mentoring.graduate_imports (
        id uuid PRIMARY KEY,
        file_name text NOT NULL,
        encoding text NOT NULL CHECK (encoding IN ('auto', 'utf-8', 'gbk')),
        size_bytes integer NOT NULL,
        file bytea,
        scope_level text NOT NULL,
        scope_code text NOT NULL,
        created_by text NOT NULL,
        status text NOT NULL CHECK (status IN ('uploaded', 'running', 'completed', 'failed')),
        chunks_total integer,
        chunks_done integer NOT NULL DEFAULT 0,
        rows_read integer NOT NULL DEFAULT 0,
        rows_accepted integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE mentoring.graduate_import_chunks (
        import_id uuid NOT NULL REFERENCES mentoring.graduate_imports (id) ON DELETE CASCADE,
        chunk integer NOT NULL,
        rows_read integer NOT NULL,
        rows_accepted integer NOT NULL,
        rows_rejected integer NOT NULL,
        PRIMARY KEY (import_id, chunk)
      )`);
    await q.query(`
      CREATE TABLE mentoring.graduate_import_errors (
        import_id uuid NOT NULL REFERENCES mentoring.graduate_imports (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        field text NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (import_id, row_number, field)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mentoring.graduate_import_errors');
    await q.query('DROP TABLE mentoring.graduate_import_chunks');
    await q.query('DROP TABLE mentoring.graduate_imports');
  }
}
