import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import type { CallerScope, CommitmentEvidence, CompensationStatus, CompensationTransition } from '@eduaid/contracts';
import { keysetPage, selectFields, whereAfterKeyset, whereInScope } from '@eduaid/platform';
import { casePlace } from '../graduates/graduate-places';
import { GraduateEntity } from '../graduates/graduate.entity';
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

/** The row's columns in the order the API has always read them (start_date goes between the two lists). */
const COLUMNS = ['graduate_id', 'workflow_id', 'county_code', 'village_code', 'university_code', 'commitment', 'unit_name', 'service_county_code'];
const MORE_COLUMNS = ['committed_years', 'proof_reference', 'tuition_paid_fen', 'loan_outstanding_fen', 'study_years', 'state', 'total_fen', 'status', 'seq', 'filed_by', 'filed_at'];

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

  /** The rows (c) as the API reads them, with the graduate's name; raw, each column under its own name (snake_case). */
  private selectRows(): SelectQueryBuilder<GraduateCompensationEntity> {
    const column = (c: string): [string, string] => [c, `c.${c}`];
    return selectFields(this.rows.createQueryBuilder('c').innerJoin(GraduateEntity, 'g', 'g.id = c.graduate_id'), {
      ...Object.fromEntries(COLUMNS.map(column)),
      // start_date as text: a date column would come back as a local-midnight Date.
      start_date: `to_char(c.start_date, 'YYYY-MM-DD')`,
      ...Object.fromEntries(MORE_COLUMNS.map(column)),
      graduate_name: 'g.name',
    });
  }

  async find(graduateId: string): Promise<CompensationRow | undefined> {
    return this.selectRows().where('c.graduate_id = :graduateId', { graduateId }).getRawOne<CompensationRow>();
  }

  /** A page in graduate-id order (keyset), inside the scope (none: everything). */
  async list(scope: CallerScope | undefined, f: CompensationFilter): Promise<CompensationRow[]> {
    const q = this.selectRows();
    if (scope) whereInScope(q, scope, casePlace('c'));
    if (f.state) q.andWhere('c.state = :state', { state: f.state });
    if (f.countyCode) q.andWhere('c.county_code = :countyCode', { countyCode: f.countyCode });
    const key = [{ column: 'c.graduate_id', cast: 'uuid' as const }];
    return keysetPage(whereAfterKeyset(q, key, f.after ? [f.after] : undefined), key, f.limit).getRawMany<CompensationRow>();
  }
}
