import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The durable record of a graduate's job-assistance case (mentoring.job_cases): the place it belongs
 * to, and what the workflow last recorded (phase, mentors, check-ins, outcome), idempotent by seq.
 */
@Entity({ schema: 'mentoring', name: 'job_cases' })
export class JobCaseEntity {
  @PrimaryColumn({ name: 'graduate_id', type: 'uuid' }) graduateId!: string;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'university_code', type: 'text' }) universityCode!: string;
  @Column({ type: 'text' }) phase!: string;
  @Column({ name: 'lead_mentor_user_id', type: 'text', nullable: true }) leadMentorUserId!: string | null;
  @Column({ name: 'mentor_user_ids', type: 'text', array: true, default: () => "'{}'" }) mentorUserIds!: string[];
  @Column({ name: 'cadence_days', type: 'smallint' }) cadenceDays!: number;
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true }) nextDueAt!: Date | null;
  @Column({ name: 'check_ins', type: 'integer', default: 0 }) checkIns!: number;
  @Column({ type: 'integer', default: 0 }) missed!: number;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'claimed_outcome', type: 'text', nullable: true }) claimedOutcome!: string | null;
  @Column({ name: 'open_task_id', type: 'uuid', nullable: true }) openTaskId!: string | null;
  @Column({ type: 'integer', default: 0 }) reopened!: number;
  @Column({ type: 'integer', default: 1 }) runs!: number;
  @Column({ type: 'integer', default: 0 }) seq!: number;
  @Column({ name: 'opened_by', type: 'text' }) openedBy!: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'placed_at', type: 'timestamptz', nullable: true }) placedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
