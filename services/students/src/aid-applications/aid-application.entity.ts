import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EntitlementLineView, TimelineEntry } from '@eduaid/contracts';

/** Reads bigint (fen) as a number: a year's aid is far below 2^53 fen. */
const fen = { to: (v: number) => v, from: (v: string | number | null) => (v === null ? 0 : Number(v)) };

/**
 * The durable record of one aid application (students.aid_applications): the place it belongs to
 * (for scope), and the state the workflow last recorded (state, open step, holder, due time,
 * entitlement, reasons, timeline). Payments live in the ledger (students.aid_payments) by workflow id.
 */
@Entity({ schema: 'students', name: 'aid_applications' })
export class AidApplicationEntity {
  /** The workflow id: `aid-application:<studentId>:<year>`. */
  @PrimaryColumn({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ name: 'school_code', type: 'text', nullable: true }) schoolCode!: string | null;
  @Column({ name: 'school_county_code', type: 'text', nullable: true, insert: false, update: false }) schoolCountyCode!: string | null;
  @Column({ name: 'submitted_by', type: 'text' }) submittedBy!: string;
  /** NULL: started before the record existed and not moved since (GET then asks the workflow). */
  @Column({ type: 'text', nullable: true }) state!: string | null;
  @Column({ name: 'transition_seq', type: 'integer', default: 0 }) transitionSeq!: number;
  @Column({ type: 'text', nullable: true }) stage!: string | null;
  @Column({ name: 'current_step', type: 'text', nullable: true }) currentStep!: string | null;
  @Column({ name: 'held_by', type: 'text', nullable: true }) heldBy!: string | null;
  @Column({ name: 'holder_role', type: 'text', nullable: true }) holderRole!: string | null;
  @Column({ name: 'holder_level', type: 'text', nullable: true }) holderLevel!: string | null;
  @Column({ name: 'holder_division_code', type: 'text', nullable: true }) holderDivisionCode!: string | null;
  @Column({ name: 'assignee_id', type: 'text', nullable: true }) assigneeId!: string | null;
  @Column({ name: 'pending_task_id', type: 'uuid', nullable: true }) pendingTaskId!: string | null;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'standards_version', type: 'text', nullable: true }) standardsVersion!: string | null;
  @Column({ type: 'jsonb', default: [] }) entitlement!: EntitlementLineView[];
  @Column({ name: 'cash_fen', type: 'bigint', default: 0, transformer: fen }) cashFen!: number;
  @Column({ name: 'needs_higher_sign_off', type: 'boolean', default: false }) needsHigherSignOff!: boolean;
  @Column({ type: 'boolean', default: false }) appealed!: boolean;
  @Column({ name: 'appeal_deadline', type: 'timestamptz', nullable: true }) appealDeadline!: Date | null;
  @Column({ type: 'jsonb', default: [] }) reasons!: string[];
  @Column({ type: 'jsonb', default: [] }) timeline!: TimelineEntry[];
  /** What the last transition's ledger writes answered, so a retry of it answers the same. */
  @Column({ name: 'ledger_result', type: 'jsonb', nullable: true }) ledgerResult!: { planned: number; cancelled: number } | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
