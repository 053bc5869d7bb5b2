import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One planned payment of the ledger (students.aid_payments): a student's scheme for a semester, its
 * amount, who pays it (the application or the term's cycle), its status and the bank's answer. Paid
 * exactly once: unique idempotency key, and a partial unique index over the live rows (`live`).
 * bigint columns (id, amount, retry_of) read as strings.
 */
@Entity({ schema: 'students', name: 'aid_payments' })
export class AidPaymentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ type: 'text' }) semester!: string;
  @Column({ type: 'text' }) scheme!: string;
  @Column({ name: 'rule_id', type: 'text' }) ruleId!: string;
  @Column({ name: 'standards_version', type: 'text' }) standardsVersion!: string;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;
  @Column({ name: 'starts_on', type: 'date' }) startsOn!: string;
  @Column({ type: 'text', default: 'planned' }) status!: 'planned' | 'sending' | 'paid' | 'failed' | 'returned' | 'cancelled';
  @Column({ name: 'bank_reference', type: 'text', nullable: true }) bankReference!: string | null;
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason!: string | null;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason!: string | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'planned_at', type: 'timestamptz', default: () => 'now()' }) plannedAt!: Date;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ name: 'paid_by', type: 'text', default: 'application' }) paidBy!: 'application' | 'cycle';
  @Column({ name: 'cycle_term', type: 'text', nullable: true }) cycleTerm!: string | null;
  @Column({ name: 'cycle_county_code', type: 'char', length: 6, nullable: true }) cycleCountyCode!: string | null;
  @Column({ name: 'cycle_stage', type: 'text', nullable: true }) cycleStage!: string | null;
  @Column({ name: 'failure_code', type: 'text', nullable: true }) failureCode!: string | null;
  @Column({ name: 'failure_task_at', type: 'timestamptz', nullable: true }) failureTaskAt!: Date | null;
  @Column({ name: 'cycle_run', type: 'integer', nullable: true }) cycleRun!: number | null;
  /** 1 for the first payment, n+1 for the next attempt of a failed or returned one. */
  @Column({ type: 'integer', default: 1 }) attempt!: number;
  @Column({ name: 'retry_of', type: 'bigint', nullable: true }) retryOf!: string | null;
  @Column({ name: 'returned_at', type: 'timestamptz', nullable: true }) returnedAt!: Date | null;
  /**
   * GENERATED ALWAYS AS (status IN ('planned', 'sending', 'paid')) STORED, the once index's predicate.
   * Not declared as generated: TypeORM would then keep a typeorm_metadata table; it is never written.
   */
  @Column({ type: 'boolean', nullable: true, insert: false, update: false }) live!: boolean | null;
}
