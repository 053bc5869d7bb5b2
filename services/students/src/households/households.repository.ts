import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface HouseholdRow {
  id: string;
  household_no: string;
  village_code: string;
  status: string;
  status_since: string;
}

@Injectable()
export class HouseholdsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(id: string): Promise<HouseholdRow | undefined> {
    const rows: HouseholdRow[] = await this.dataSource.query(
      `SELECT id, household_no, village_code, status, to_char(status_since, 'YYYY-MM-DD') AS status_since FROM students.households WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  students(id: string): Promise<{ id: string; name: string; national_id_masked: string }[]> {
    return this.dataSource.query('SELECT id, name, national_id_masked FROM students.students WHERE household_id = $1 ORDER BY birth_date', [id]);
  }

  members(id: string): Promise<{ id: string; name: string; relation: string }[]> {
    return this.dataSource.query('SELECT id, name, relation FROM students.household_members WHERE household_id = $1 ORDER BY created_at, id', [id]);
  }

  history(id: string): Promise<{ status: string; effective_date: string; reason: string; recorded_by: string; recorded_at: Date }[]> {
    return this.dataSource.query(
      // The registration, kept on the household row, then every change after it.
      `SELECT status, effective_date, reason, recorded_by, recorded_at FROM (
         SELECT 0 AS seq, 'poor' AS status, to_char(created_at, 'YYYY-MM-DD') AS effective_date, 'registered by roster import' AS reason,
                registered_by AS recorded_by, created_at AS recorded_at
           FROM students.households WHERE id = $1
         UNION ALL
         SELECT id, status, to_char(effective_date, 'YYYY-MM-DD'), reason, recorded_by, recorded_at
           FROM students.household_status_history WHERE household_id = $1) entries
       ORDER BY seq`,
      [id],
    );
  }

  /**
   * Changes the status and appends the history entry in one transaction; the row is locked so two
   * changes queue. Idempotent by `changeId`: a change already recorded counts as made.
   */
  async changeStatus(changeId: string, id: string, status: string, effectiveDate: string, reason: string, by: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current: { status: string }[] = await manager.query('SELECT status FROM students.households WHERE id = $1 FOR UPDATE', [id]);
      const done: unknown[] = await manager.query('SELECT 1 FROM students.household_status_history WHERE change_id = $1', [changeId]);
      if (done.length > 0) return true;
      if (current[0]?.status === status) return false;
      await manager.query('UPDATE students.households SET status = $2, status_since = $3, updated_at = now() WHERE id = $1', [id, status, effectiveDate]);
      await manager.query(
        'INSERT INTO students.household_status_history (household_id, change_id, status, effective_date, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, changeId, status, effectiveDate, reason, by],
      );
      return true;
    });
  }

  /** Workflow ids of the aid applications of this household's students. */
  async applicationWorkflowIds(id: string): Promise<string[]> {
    const rows: { workflow_id: string }[] = await this.dataSource.query(
      'SELECT a.workflow_id FROM students.aid_applications a JOIN students.students s ON s.id = a.student_id WHERE s.household_id = $1 ORDER BY a.created_at',
      [id],
    );
    return rows.map((r) => r.workflow_id);
  }

  async addMember(id: string, name: string, relation: string): Promise<void> {
    await this.dataSource.query('INSERT INTO students.household_members (household_id, name, relation) VALUES ($1, $2, $3)', [id, name, relation]);
  }
}
