import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /students?name=… finds students whose name starts with the text asked for: a btree on the
 * name with text_pattern_ops serves `name LIKE '张%'` whatever the database's collation, so a
 * search stays an index range scan at province scale instead of reading every student.
 */
export class StudentNameSearch1767100000000 implements MigrationInterface {
  name = 'StudentNameSearch1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX students_name_prefix_idx ON students.students (name text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX students.students_name_prefix_idx`);
  }
}
