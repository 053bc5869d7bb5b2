import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { AidTransitionRecord, CallerScope } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset, whereInScope, whereStartsWith, selectColumns } from '@eduaid/platform';
import { studentPlace } from '../students/students.repository';
import { AidApplicationEntity } from './aid-application.entity';

export interface AidStudentFacts {
  id: string;
  village_code: string;
  county_code: string;
  special_hardship: boolean;
  household_status: string;
  enrolled: boolean;
  school_code: string | null;
  stage: string | null;
  grade: number | null;
  boarding: boolean | null;
}

/** The row apply() writes before it starts the workflow. */
export interface NewAidApplication {
  workflowId: string;
  studentId: string;
  academicYear: string;
  villageCode: string;
  countyCode: string;
  schoolCode: string | null;
  submittedBy: string;
  stage: string | null;
  submittedAt: Date;
}

export interface AidApplicationFilter {
  state?: string;
  divisionCode?: string;
  schoolCode?: string;
  stage?: string;
  step?: string;
  holder?: string;
  overdue?: boolean;
  academicYear?: string;
  scheme?: string;
  after?: string;
  limit: number;
}

/** The columns a list shows (the timeline and lines stay in the detail). */
const LIST_COLUMNS = [
  'workflow_id', 'student_id', 'academic_year', 'village_code', 'county_code', 'school_code', 'stage', 'state', 'current_step', 'held_by',
  'holder_role', 'holder_level', 'holder_division_code', 'assignee_id', 'due_at', 'standards_version', 'cash_fen', 'appealed', 'updated_at',
];

export interface AidApplicationListRow {
  workflow_id: string;
  student_id: string;
  academic_year: string;
  village_code: string;
  county_code: string;
  school_code: string | null;
  stage: string | null;
  state: string | null;
  current_step: string | null;
  held_by: string | null;
  holder_role: string | null;
  holder_level: string | null;
  holder_division_code: string | null;
  assignee_id: string | null;
  due_at: Date | null;
  standards_version: string | null;
  cash_fen: string;
  appealed: boolean;
  updated_at: Date;
}

/** The registry facts an application needs, and the applications' rows (students.aid_applications). */
@Injectable()
export class AidApplicationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows(): Repository<AidApplicationEntity> {
    return this.dataSource.getRepository(AidApplicationEntity);
  }

  /** The student, household status and the enrolment of that year (confirmed when the row exists). */
  async facts(studentId: string, academicYear: string): Promise<AidStudentFacts | undefined> {
    // The student joined with the household and that year's row of the enrolments view (which has no entity): SQL.
    const rows: AidStudentFacts[] = await this.dataSource.query(
      `SELECT s.id, s.village_code, s.county_code, s.special_hardship, h.status AS household_status,
              (e.student_id IS NOT NULL) AS enrolled, e.school_code, e.stage, e.grade, e.boarding
         FROM students.students s
         JOIN students.households h ON h.id = s.household_id
         LEFT JOIN students.enrolments e ON e.student_id = s.id AND e.academic_year = $2
        WHERE s.id = $1`,
      [studentId, academicYear],
    );
    return rows[0];
  }

  /**
   * The row of a new application, 'checking', before its workflow starts. A row left by an earlier
   * application of the same student and year (closed; the business key is the same) starts again.
   */
  async record(row: NewAidApplication): Promise<void> {
    // An upsert that restarts only a closed row (ON CONFLICT … DO UPDATE … WHERE): the ORM cannot say the guard.
    await this.dataSource.query(
      `INSERT INTO students.aid_applications AS a (workflow_id, student_id, academic_year, village_code, county_code, school_code, submitted_by, stage, state, timeline)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'checking',$9)
       ON CONFLICT (workflow_id) DO UPDATE SET village_code = EXCLUDED.village_code, county_code = EXCLUDED.county_code, school_code = EXCLUDED.school_code,
         submitted_by = EXCLUDED.submitted_by, stage = EXCLUDED.stage, state = 'checking', transition_seq = 0, current_step = NULL, held_by = NULL,
         holder_role = NULL, holder_level = NULL, holder_division_code = NULL, assignee_id = NULL, pending_task_id = NULL, due_at = NULL,
         standards_version = NULL, entitlement = '[]', cash_fen = 0, needs_higher_sign_off = false, appealed = false, appeal_deadline = NULL,
         reasons = '[]', timeline = EXCLUDED.timeline, ledger_result = NULL, updated_at = now()
       WHERE a.state IS NULL OR a.state IN ('completed', 'withdrawn', 'ineligible', 'cancelled', 'rejected')`,
      [row.workflowId, row.studentId, row.academicYear, row.villageCode, row.countyCode, row.schoolCode, row.submittedBy, row.stage,
        JSON.stringify([{ at: row.submittedAt.toISOString(), step: 'application', action: 'submit', actor: row.submittedBy }])],
    );
  }

  async find(workflowId: string): Promise<AidApplicationEntity | null> {
    return this.rows.findOneBy({ workflowId });
  }

  /**
   * Writes one transition of the workflow into the row, inside the caller's transaction, unless the
   * row already holds this transition or a newer one (a retried or late activity). Inserts the row
   * when there is none (an application started before the record existed: backfilled here, at its
   * first transition since). Answers whether it wrote and the row's sequence after.
   */
  async applyTransition(manager: EntityManager, r: AidTransitionRecord): Promise<{ applied: boolean; seq: number; ledgerResult: { planned: number; cancelled: number } | null }> {
    const s = r.status;
    const written: { workflow_id: string }[] = await manager.query(
      // An upsert guarded by the sequence (INSERT … ON CONFLICT … WHERE): the ORM cannot say the guard.
      `INSERT INTO students.aid_applications AS a (workflow_id, student_id, academic_year, village_code, county_code, school_code, submitted_by,
         state, transition_seq, stage, current_step, held_by, holder_role, holder_level, holder_division_code, assignee_id, pending_task_id, due_at,
         standards_version, entitlement, cash_fen, needs_higher_sign_off, appealed, appeal_deadline, reasons, timeline, ledger_result, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,NULL,now())
       ON CONFLICT (workflow_id) DO UPDATE SET state = EXCLUDED.state, transition_seq = EXCLUDED.transition_seq, stage = COALESCE(EXCLUDED.stage, a.stage),
         current_step = EXCLUDED.current_step, held_by = EXCLUDED.held_by, holder_role = EXCLUDED.holder_role, holder_level = EXCLUDED.holder_level,
         holder_division_code = EXCLUDED.holder_division_code, assignee_id = EXCLUDED.assignee_id, pending_task_id = EXCLUDED.pending_task_id,
         due_at = EXCLUDED.due_at, standards_version = EXCLUDED.standards_version, entitlement = EXCLUDED.entitlement, cash_fen = EXCLUDED.cash_fen,
         needs_higher_sign_off = EXCLUDED.needs_higher_sign_off, appealed = EXCLUDED.appealed, appeal_deadline = EXCLUDED.appeal_deadline,
         reasons = EXCLUDED.reasons, timeline = EXCLUDED.timeline, ledger_result = NULL, updated_at = now()
       WHERE a.transition_seq < EXCLUDED.transition_seq
       RETURNING a.workflow_id`,
      [
        r.workflowId, r.studentId, r.academicYear, r.villageCode, r.countyCode, r.schoolCode ?? null, r.submittedBy,
        s.state, r.seq, r.stage ?? null, s.currentStep ?? null, s.heldBy ?? null, r.holder?.candidateRole ?? null, r.holder?.level ?? null,
        r.holder?.divisionCode ?? null, r.holder?.assigneeId ?? null, s.pendingTaskId ?? null, s.currentStep ? (s.dueAt ?? null) : null,
        s.standardsVersion ?? null, JSON.stringify(s.entitlement), s.cashFen, s.needsHigherSignOff, s.appealed, s.appealDeadline ?? null,
        JSON.stringify(s.reasons), JSON.stringify(s.timeline),
      ],
    );
    if (written.length > 0) return { applied: true, seq: r.seq, ledgerResult: null };
    const row = await manager.getRepository(AidApplicationEntity).findOneOrFail({ select: { workflowId: true, transitionSeq: true, ledgerResult: true }, where: { workflowId: r.workflowId } });
    return { applied: false, seq: row.transitionSeq, ledgerResult: row.ledgerResult };
  }

  async saveLedgerResult(manager: EntityManager, workflowId: string, result: { planned: number; cancelled: number }): Promise<void> {
    await manager.getRepository(AidApplicationEntity).update({ workflowId }, { ledgerResult: result });
  }

  /** A page of applications inside the caller's jurisdiction, in workflow-id order (keyset on it), as list rows. */
  async list(scope: CallerScope, filter: AidApplicationFilter): Promise<AidApplicationListRow[]> {
    const q = selectColumns(this.filtered(scope, filter), 'a', LIST_COLUMNS);
    const key = ['a.workflow_id'];
    return keysetPage(whereAfterKeyset(q, key, filter.after ? [filter.after] : undefined), key, filter.limit).getRawMany<AidApplicationListRow>();
  }

  /** How many applications are in each state, inside the caller's jurisdiction and the given division. */
  async countByState(scope: CallerScope, divisionCode: string | undefined): Promise<{ state: string | null; count: string }[]> {
    return this.filtered(scope, { divisionCode })
      .select('a.state', 'state').addSelect('count(*)', 'count')
      .groupBy('a.state').orderBy('a.state')
      .getRawMany();
  }

  /** The applications inside the scope that the filter's fields select (each given field must hold). */
  private filtered(scope: CallerScope, filter: Omit<AidApplicationFilter, 'limit' | 'after'>): SelectQueryBuilder<AidApplicationEntity> {
    const q = whereInScope(this.rows.createQueryBuilder('a'), scope, studentPlace('a'));
    if (filter.state) q.andWhere('a.state = :state', { state: filter.state });
    whereStartsWith(q, 'a.village_code', filter.divisionCode, 'divisionCode');
    if (filter.schoolCode) q.andWhere('a.school_code = :schoolCode', { schoolCode: filter.schoolCode });
    if (filter.stage) q.andWhere('a.stage = :stage', { stage: filter.stage });
    if (filter.step) q.andWhere('a.current_step = :step', { step: filter.step });
    if (filter.holder) q.andWhere('a.assignee_id = :holder', { holder: filter.holder });
    if (filter.overdue) q.andWhere('(a.current_step IS NOT NULL AND a.due_at < now())');
    if (filter.academicYear) q.andWhere('a.academic_year = :academicYear', { academicYear: filter.academicYear });
    if (filter.scheme) q.andWhere(`a.entitlement @> jsonb_build_array(jsonb_build_object('scheme', CAST(:scheme AS text)))`, { scheme: filter.scheme });
    return q;
  }

}
