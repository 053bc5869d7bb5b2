import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PurgeBatchResult, StudentsRetentionActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';

/**
 * Batched deletions for retention; each call removes at most one batch and is safe to repeat.
 * (Counts come from a CTE: TypeORM answers a bare DELETE … RETURNING with [rows, count].)
 */
@Activities()
@Injectable()
export class RetentionActivities implements StudentsRetentionActivities {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Students none of whose enrolments started in or after the cutoff year (or with none at all, made before it). */
  async purgeClosedStudents({ cutoffYear, batchSize }: { cutoffYear: number; batchSize: number }): Promise<PurgeBatchResult> {
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
    return { purged: n, more: n === batchSize };
  }

  async purgeOrphanHouseholds({ batchSize }: { batchSize: number }): Promise<PurgeBatchResult> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM students.households WHERE id IN (
         SELECT h.id FROM students.households h WHERE NOT EXISTS (SELECT 1 FROM students.students s WHERE s.household_id = h.id) LIMIT $1)
       RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [batchSize],
    );
    return { purged: n, more: n === batchSize };
  }

  async purgeOldRosterImports({ before, batchSize }: { before: string; batchSize: number }): Promise<PurgeBatchResult> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM students.roster_imports WHERE id IN (
         SELECT id FROM students.roster_imports WHERE status IN ('completed', 'failed') AND created_at < $1 LIMIT $2)
       RETURNING id) SELECT count(*)::int AS n FROM deleted`,
      [before, batchSize],
    );
    return { purged: n, more: n === batchSize };
  }
}
