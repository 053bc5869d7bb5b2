import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing the privacy findings of issue 10 and giving cross-jurisdiction moves an explicit path:
 *
 * - The access log records where the student was when read (village and school), so an auditor sees
 *   the reads of their own jurisdiction only, and keeps seeing them after the student moves away.
 *   Lookups by national ID are logged too, as their own kind; a lookup that found nobody has no
 *   student and is placed in the looking user's jurisdiction.
 * - Lookups are rate-limited per user by counting that user's lookups of the last minute in the log
 *   (shared by every replica); a partial index keeps that count to the few rows it needs.
 * - Masks keep the last four characters only (the region prefix plus the birth date and the last
 *   four rebuilt the number); stored masks are cut down here, without decrypting anything.
 * - Transfers of a student to another school or village: who, from where, to where, why.
 */
export class StudentPrivacyAndTransfers1764800002000 implements MigrationInterface {
  name = 'StudentPrivacyAndTransfers1764800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.pii_access_log
      ADD COLUMN kind text NOT NULL DEFAULT 'reveal' CHECK (kind IN ('reveal', 'lookup')),
      ADD COLUMN place_division text,
      ADD COLUMN place_school text,
      ALTER COLUMN student_id DROP NOT NULL`);
    await q.query(`UPDATE students.pii_access_log l SET place_division = s.village_code, place_school = s.school_code
                   FROM students.students s WHERE s.id = l.student_id`);
    await q.query(`CREATE INDEX pii_access_log_lookup_idx ON students.pii_access_log (actor_user_id, at) WHERE kind = 'lookup'`);
    await q.query(`UPDATE students.students SET national_id_masked = repeat('*', length(national_id_masked) - 4) || right(national_id_masked, 4)
                   WHERE national_id_masked !~ '^\\*+.{4}$'`);
    await q.query(`
      CREATE TABLE students.student_transfers (
        id bigserial PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES students.students (id) ON DELETE CASCADE,
        from_village_code char(12) NOT NULL,
        from_school_code text,
        to_village_code char(12) NOT NULL,
        to_school_code text,
        household_moved boolean NOT NULL,
        reason text NOT NULL,
        transferred_by text NOT NULL,
        transferred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX student_transfers_student_idx ON students.student_transfers (student_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE students.student_transfers');
    await q.query('DROP INDEX students.pii_access_log_lookup_idx');
    // Masks stay short: the prefix cannot be restored without decrypting, and older code reads any mask.
    await q.query(`DELETE FROM students.pii_access_log WHERE student_id IS NULL`);
    await q.query(`ALTER TABLE students.pii_access_log
      DROP COLUMN kind, DROP COLUMN place_division, DROP COLUMN place_school, ALTER COLUMN student_id SET NOT NULL`);
  }
}
