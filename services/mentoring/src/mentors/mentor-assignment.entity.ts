import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A mentor assigned to a graduate (mentoring.mentor_assignments), kept with its history: an ended
 * assignment has ended_at. At most one current assignment per pair and one current lead per graduate.
 */
@Entity({ schema: 'mentoring', name: 'mentor_assignments' })
export class MentorAssignmentEntity {
  /** bigserial: pg gives it back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'graduate_id', type: 'uuid' }) graduateId!: string;
  @Column({ name: 'mentor_id', type: 'uuid' }) mentorId!: string;
  @Column({ type: 'boolean' }) lead!: boolean;
  @Column({ name: 'assigned_by', type: 'text' }) assignedBy!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'started_at', type: 'timestamptz', insert: false, update: false }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'ended_by', type: 'text', nullable: true }) endedBy!: string | null;
  @Column({ name: 'end_reason', type: 'text', nullable: true }) endReason!: string | null;
}
