import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roster imports: the uploaded file in 1 MiB pieces (so any worker replica can read it), each
 * encrypted like any personal data and deleted once the import has finished, the
 * import's progress, one row per processed chunk (which makes a retried chunk a no-op), and the row
 * errors for the report.
 */
export class CreateRosterImports1764500001000 implements MigrationInterface {
  name = 'CreateRosterImports1764500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE students.roster_imports (
        id uuid PRIMARY KEY,
        file_name text NOT NULL,
        encoding text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        scope_level text NOT NULL,
        scope_code text NOT NULL,
        created_by text NOT NULL,
        status text NOT NULL CHECK (status IN ('uploaded', 'running', 'completed', 'failed')),
        rows_read integer NOT NULL DEFAULT 0,
        rows_accepted integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        bytes_done bigint NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE students.roster_import_files (
        import_id uuid NOT NULL REFERENCES students.roster_imports (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        key_version integer NOT NULL,
        PRIMARY KEY (import_id, seq)
      )`);
    await q.query(`
      CREATE TABLE students.roster_import_chunks (
        import_id uuid NOT NULL REFERENCES students.roster_imports (id) ON DELETE CASCADE,
        start_offset bigint NOT NULL,
        end_offset bigint NOT NULL,
        next_row integer NOT NULL,
        rows_read integer NOT NULL,
        rows_accepted integer NOT NULL,
        rows_rejected integer NOT NULL,
        PRIMARY KEY (import_id, start_offset)
      )`);
    await q.query(`
      CREATE TABLE students.roster_import_errors (
        import_id uuid NOT NULL REFERENCES students.roster_imports (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        field text NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (import_id, row_number, field)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['roster_import_errors', 'roster_import_chunks', 'roster_import_files', 'roster_imports']) {
      await q.query(`DROP TABLE students.${table}`);
    }
  }
}
