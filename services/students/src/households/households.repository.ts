import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Transaction } from '@eduaid/platform';
import { AidApplicationEntity } from '../aid-applications/aid-application.entity';
import { StudentEntity } from '../students/student.entity';
import { HouseholdMemberEntity } from './household-member.entity';
import { HouseholdStatusChangeEntity } from './household-status-change.entity';
import { HouseholdEntity } from './household.entity';

export interface HouseholdRow {
  id: string;
  household_no: string;
  village_code: string;
  status: string;
  status_since: string;
}

/** Households, their members and their status history (students.households, household_members, household_status_history). */
@Injectable()
export class HouseholdsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get households(): Repository<HouseholdEntity> {
    return this.dataSource.getRepository(HouseholdEntity);
  }

  async find(id: string): Promise<HouseholdRow | undefined> {
    const row = await this.households.findOne({ select: { id: true, householdNo: true, villageCode: true, status: true, statusSince: true }, where: { id } });
    // status_since is a date column: TypeORM reads it as 'YYYY-MM-DD'.
    return row ? { id: row.id, household_no: row.householdNo, village_code: row.villageCode, status: row.status, status_since: row.statusSince } : undefined;
  }

  async students(id: string): Promise<{ id: string; name: string; national_id_masked: string }[]> {
    const rows = await this.dataSource.getRepository(StudentEntity).find({
      select: { id: true, name: true, nationalIdMasked: true },
      where: { householdId: id },
      order: { birthDate: 'ASC' },
    });
    return rows.map((s) => ({ id: s.id, name: s.name, national_id_masked: s.nationalIdMasked }));
  }

  async members(id: string): Promise<{ id: string; name: string; relation: string }[]> {
    const rows = await this.dataSource.getRepository(HouseholdMemberEntity).find({
      select: { id: true, name: true, relation: true },
      where: { householdId: id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((m) => ({ id: m.id, name: m.name, relation: m.relation }));
  }

  history(id: string): Promise<{ status: string; effective_date: string; reason: string; recorded_by: string; recorded_at: Date }[]> {
    return this.dataSource.query(
      // The registration, kept on the household row, then every change after it: a UNION ALL of two
      // tables into one ordered history, which the ORM cannot say; SQL.
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
   * Changes the status and appends the history entry in the caller's unit of work; the row is locked
   * so two changes queue. Idempotent by `changeId`: a change already recorded counts as made.
   */
  async changeStatus(tx: Transaction, changeId: string, id: string, status: string, effectiveDate: string, reason: string, by: string): Promise<boolean> {
    const current = await tx.getRepository(HouseholdEntity).findOne({ select: { id: true, status: true }, where: { id }, lock: { mode: 'pessimistic_write' } });
    const done = await tx.getRepository(HouseholdStatusChangeEntity).exists({ where: { changeId } });
    if (done) return true;
    if (current?.status === status) return false;
    await tx.getRepository(HouseholdEntity).update({ id }, { status, statusSince: effectiveDate, updatedAt: () => 'now()' });
    await tx.getRepository(HouseholdStatusChangeEntity).insert({ householdId: id, changeId, status, effectiveDate, reason, recordedBy: by });
    return true;
  }

  /** Workflow ids of the aid applications of this household's students. */
  async applicationWorkflowIds(id: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(AidApplicationEntity).createQueryBuilder('a')
      .innerJoin(StudentEntity, 's', 's.id = a.studentId')
      .select('a.workflowId', 'workflow_id')
      .where('s.householdId = :id', { id })
      .orderBy('a.createdAt')
      .getRawMany<{ workflow_id: string }>();
    return rows.map((r) => r.workflow_id);
  }

  async addMember(id: string, name: string, relation: string): Promise<void> {
    await this.dataSource.getRepository(HouseholdMemberEntity).insert({ householdId: id, name, relation });
  }
}
