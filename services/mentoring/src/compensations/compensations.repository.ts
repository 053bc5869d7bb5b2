import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { CallerScope, CommitmentEvidence, CompensationStatus, CompensationTransition } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { casePlace } from '../graduates/graduate-places';
import { GraduateCompensationEntity } from './graduate-compensation.entity';

export interface CompensationRow {
  graduate_id: string;
  workflow_id: string;
  county_code: string;
  village_code: string;
  university_code: string;
  commitment: string;
  unit_name: string;
  service_county_code: string;
  start_date: string;
  committed_years: number;
  proof_reference: string;
  tuition_paid_fen: string;
  loan_outstanding_fen: string;
  study_years: number;
  state: string;
  total_fen: string;
  status: CompensationStatus | null;
  seq: number;
  filed_by: string;
  filed_at: Date;
  graduate_name: string;
}

export interface NewCompensation {
  graduateId: string;
  workflowId: string;
  evidence: CommitmentEvidence;
  tuitionPaidFen: number;
  loanOutstandingFen: number;
  studyYears: number;
  filedBy: string;
}

export interface CompensationFilter {
  state?: string;
  countyCode?: string;
  after?: string;
  limit: number;
}

// start_date as text: a date column would come back as a local-midnight Date.
const SELECT = `SELECT c.graduate_id, c.workflow_id, c.county_code, c.village_code, c.university_code, c.commitment, c.unit_name, c.service_county_code,
  to_char(c.start_date, 'YYYY-MM-DD') AS start_date, c.committed_years, c.proof_reference, c.tuition_paid_fen, c.loan_outstanding_fen, c.study_years,
  c.state, c.total_fen, c.status, c.seq, c.filed_by, c.filed_at, g.name AS graduate_name
  FROM mentoring.graduate_compensations c JOIN mentoring.graduates g ON g.id = c.graduate_id`;

/** The durable compensation row (mentoring.graduate_compensations): written by the workflow's transitions, read by the API. */
@Injectable()
export class CompensationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows(): Repository<GraduateCompensationEntity> {
    return this.dataSource.getRepository(GraduateCompensationEntity);
  }

  /** The row as filed (before the workflow's first transition); false when the graduate has one already. */
  async file(c: NewCompensation): Promise<boolean> {
    const e = c.evidence;
    // INSERT … SELECT: the graduate's place is copied in the same statement that files the row once (ON CONFLICT).
    const rows = await this.dataSource.query(
      `INSERT INTO mentoring.graduate_compensations (graduate_id, workflow_id, county_code, village_code, university_code, commitment, unit_name, service_county_code,
         start_date, committed_years, proof_reference, tuition_paid_fen, loan_outstanding_fen, study_years, filed_by)
       SELECT g.id, $2, g.county_code, g.village_code, g.university_code, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12 FROM mentoring.graduates g WHERE g.id = $1
       ON CONFLICT (graduate_id) DO NOTHING RETURNING graduate_id`,
      [c.graduateId, c.workflowId, e.commitment, e.unitName, e.serviceCountyCode, e.startDate, e.committedYears, e.proofReference, c.tuitionPaidFen, c.loanOutstandingFen, c.studyYears, c.filedBy],
    );
    return rows.length > 0;
  }

  /** Undoes a filing whose workflow could not be started. */
  async forget(graduateId: string): Promise<void> {
    await this.rows.delete({ graduateId, seq: 0 });
  }

  /** One transition: written only when newer than the row's, so a repeated or late write changes nothing. */
  async record(t: CompensationTransition): Promise<boolean> {
    const updated = await this.rows
      .createQueryBuilder()
      .update()
      .set({ state: t.status.state, totalFen: t.status.totalFen, status: t.status, seq: t.seq, updatedAt: () => 'now()' })
      .where('graduate_id = :graduateId AND workflow_id = :workflowId AND seq < :seq', { graduateId: t.graduateId, workflowId: t.workflowId, seq: t.seq })
      .execute();
    return (updated.affected ?? 0) > 0;
  }

  async find(graduateId: string): Promise<CompensationRow | undefined> {
    const rows: CompensationRow[] = await this.dataSource.query(`${SELECT} WHERE c.graduate_id = $1`, [graduateId]);
    return rows[0];
  }

  /** A page in graduate-id order (keyset), inside the scope (none: everything). */
  async list(scope: CallerScope | undefined, f: CompensationFilter): Promise<CompensationRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    if (scope) where.push(scopeCoversSql({ level: scope.level, code: p(scope.code) }, casePlace()));
    if (f.state) where.push(`c.state = ${p(f.state)}`);
    if (f.countyCode) where.push(`c.county_code = ${p(f.countyCode)}`);
    if (f.after) where.push(`c.graduate_id > ${p(f.after)}::uuid`);
    // Raw SQL like the case list: the scope condition is shared SQL text (scopeCoversSql with the case's place).
    return this.dataSource.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.graduate_id LIMIT ${p(f.limit)}`, params);
  }
}
