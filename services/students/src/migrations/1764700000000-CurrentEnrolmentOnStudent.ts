import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A student's current enrolment lives only on the student row; the table keeps the enrolments the
 * student has moved on from. Before, every enrolment was written twice (row and table), so a
 * province-scale roster import wrote, and checked the foreign key of, a second row per student.
 * `students.enrolments` becomes a view of both, so every reader sees the whole history as before.
 */
export class CurrentEnrolmentOnStudent1764700000000 implements MigrationInterface {
  name = 'CurrentEnrolmentOnStudent1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE students.enrolments RENAME TO past_enrolments');
    await q.query('ALTER TABLE students.past_enrolments RENAME CONSTRAINT enrolments_pkey TO past_enrolments_pkey');
    await q.query('ALTER INDEX students.enrolments_year_county_idx RENAME TO past_enrolments_year_county_idx');
    await q.query(`DELETE FROM students.past_enrolments p USING students.students s WHERE p.student_id = s.id AND p.academic_year = s.academic_year`);
    await q.query(`
      CREATE VIEW students.enrolments AS
        SELECT id AS student_id, school_code, school_county_code, stage, grade, boarding, academic_year, true AS current
          FROM students.students WHERE academic_year IS NOT NULL
        UNION ALL
        SELECT student_id, school_code, school_county_code, stage, grade, boarding, academic_year, false AS current
          FROM students.past_enrolments`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP VIEW students.enrolments');
    await q.query(`
      INSERT INTO students.past_enrolments (student_id, school_code, school_county_code, stage, grade, boarding, academic_year)
      SELECT id, school_code, school_county_code, stage, grade, boarding, academic_year FROM students.students WHERE academic_year IS NOT NULL
      ON CONFLICT DO NOTHING`);
    await q.query('ALTER INDEX students.past_enrolments_year_county_idx RENAME TO enrolments_year_county_idx');
    await q.query('ALTER TABLE students.past_enrolments RENAME CONSTRAINT past_enrolments_pkey TO enrolments_pkey');
    await q.query('ALTER TABLE students.past_enrolments RENAME TO enrolments');
  }
}
