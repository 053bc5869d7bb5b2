import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CampaignListLevel } from '@eduaid/contracts';

/** One list of a campaign (students.campaign_lists): a school list, a county approval or a prefecture sign-off, open or decided. */
@Entity({ schema: 'students', name: 'campaign_lists' })
export class CampaignListEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @PrimaryColumn({ type: 'text' }) level!: CampaignListLevel;
  /** The school code of a school list, the county code of a county list, the prefecture's of a sign-off. */
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ type: 'text' }) state!: 'open' | 'decided';
  @Column({ name: 'task_id', type: 'uuid', nullable: true }) taskId!: string | null;
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ type: 'text', nullable: true }) decision!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'integer', nullable: true }) kept!: number | null;
  @Column({ type: 'integer', nullable: true }) excluded!: number | null;
  @Column({ name: 'need_sign_off', type: 'integer', nullable: true }) needSignOff!: number | null;
  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' }) openedAt!: Date;
}
