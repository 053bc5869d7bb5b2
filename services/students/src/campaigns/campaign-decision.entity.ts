import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One decision about one student in a campaign (students.campaign_decisions, append-only): the student's campaign timeline. */
@Entity({ schema: 'students', name: 'campaign_decisions' })
export class CampaignDecisionEntity {
  /** bigserial: read as a string (it orders the timeline). */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'text' }) level!: string;
  @Column({ name: 'list_code', type: 'text' }) listCode!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) actor!: string;
}
