import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Retention's batched deletions over the registry and the roster imports. Each is SQL: one DELETE of
 * at most a batch chosen by a subquery (LIMIT, NOT EXISTS over other tables), counted through a CTE
 * (TypeORM answers a bare DELETE … RETURNING with [rows, count]); the ORM's delete() takes neither a
 * LIMIT nor a subquery.
 */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Students none of whose enrolments started in or after the cutoff year (or with none at all, made before it); at most `batchSize`. */
  async deleteClosedStudents(cutoffYear: number, batchSize: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM students.students WHERE id IN (
         SELECT s.id FROM students.students s
         WHERE coalesce(left(s.academic_year, 4)::int, extract(year FROM s.created_at)::int) < $1
           AND NOT EXISTS (SELECT 1 FROM students.enrolments e WHERE e.student_id = s.id AND left(e.academic_year, 4)::int >= $1)
           -- aid applications and the payment ledger are financial records with their own retention
           AND NOT EXISTS (SELECT 1 FROM students.aid_applications a WHERE a.student_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM students.aid_payments p WHERE p.student_id = s.id)
         LIMIT $2)
       RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [cutoffYear, batchSize],
    );
    return n;
  }

  /** Households left without a student; at most `batchSize`. */
  async deleteOrphanHouseholds(batchSize: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM students.households WHERE id IN (
         SELECT h.id FROM students.households h WHERE NOT EXISTS (SELECT 1 FROM students.students s WHERE s.household_id = h.id) LIMIT $1)
       RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [batchSize],
    );
    return n;
  }

  /** Finished roster imports created before `before` (their files, chunks and errors go with them); at most `batchSize`. */
  async deleteOldRosterImports(before: string, batchSize: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM students.roster_imports WHERE id IN (
         SELECT id FROM students.roster_imports WHERE status IN ('completed', 'failed') AND created_at < $1 LIMIT $2)
       RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [before, batchSize],
    );
    return n;
  }
}
