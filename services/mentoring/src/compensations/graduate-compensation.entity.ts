import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompensationStatus } from '@eduaid/contracts';

/** Reads bigint (fen) as a number: a graduate's compensation is far below 2^53 fen. */
const fen = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? 0 : Number(v)) };

/**
 * A graduate's tuition compensation and loan repayment (mentoring.graduate_compensations): the
 * commitment as filed, the graduate's place copied at filing, and the workflow's status as of its
 * last transition (idempotent by seq).
 */
@Entity({ schema: 'mentoring', name: 'graduate_compensations' })
export class GraduateCompensationEntity {
  @PrimaryColumn({ name: 'graduate_id', type: 'uuid' }) graduateId!: string;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'university_code', type: 'text' }) universityCode!: string;
  @Column({ type: 'text' }) commitment!: string;
  @Column({ name: 'unit_name', type: 'text' }) unitName!: string;
  @Column({ name: 'service_county_code', type: 'char', length: 6 }) serviceCountyCode!: string;
  /** A date without time: 'YYYY-MM-DD'. */
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'committed_years', type: 'smallint' }) committedYears!: number;
  @Column({ name: 'proof_reference', type: 'text' }) proofReference!: string;
  @Column({ name: 'tuition_paid_fen', type: 'bigint', transformer: fen }) tuitionPaidFen!: number;
  @Column({ name: 'loan_outstanding_fen', type: 'bigint', transformer: fen }) loanOutstandingFen!: number;
  @Column({ name: 'study_years', type: 'smallint' }) studyYears!: number;
  @Column({ type: 'text', default: 'verifying' }) state!: string;
  @Column({ name: 'total_fen', type: 'bigint', default: 0, transformer: fen }) totalFen!: number;
  @Column({ type: 'jsonb', nullable: true }) status!: CompensationStatus | null;
  @Column({ type: 'integer', default: 0 }) seq!: number;
  @Column({ name: 'filed_by', type: 'text' }) filedBy!: string;
  @Column({ name: 'filed_at', type: 'timestamptz', insert: false, update: false }) filedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
