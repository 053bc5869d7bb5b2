import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PaymentCycleState } from '@eduaid/contracts';

/** One run of a semester's payment cycle (students.payment_cycles): its state, and what it left unpaid and to which run. */
@Entity({ schema: 'students', name: 'payment_cycles' })
export class PaymentCycleEntity {
  /** `2026-2027:S1`. */
  @PrimaryColumn({ type: 'text' }) term!: string;
  @PrimaryColumn({ type: 'integer', default: 1 }) run!: number;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ type: 'text' }) state!: PaymentCycleState;
  @Column({ name: 'started_by', type: 'text' }) startedBy!: string;
  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  /** Rows left planned or sending as the run finished. */
  @Column({ type: 'integer', default: 0 }) unsettled!: number;
  /** The later run that took those rows over. */
  @Column({ name: 'handed_to', type: 'integer', nullable: true }) handedTo!: number | null;
}
