import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CampaignState } from '@eduaid/contracts';

/** One campaign (students.campaigns): an academic year over a scope, its state and its assessment position. */
@Entity({ schema: 'students', name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** `campaign:<year>:<scope code>`, the workflow's id. */
  @Column({ name: 'workflow_id', type: 'text' }) workflowId!: string;
  @Column({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ name: 'scope_level', type: 'text' }) scopeLevel!: string;
  @Column({ name: 'scope_code', type: 'text' }) scopeCode!: string;
  @Column({ type: 'text', default: 'assessing' }) state!: CampaignState;
  @Column({ name: 'started_by', type: 'text' }) startedBy!: string;
  /** The last student id assessed (the registry is read by id after it); NULL before the first chunk. */
  @Column({ name: 'assess_after', type: 'uuid', nullable: true }) assessAfter!: string | null;
  @Column({ type: 'integer', default: 0 }) assessed!: number;
  @Column({ type: 'integer', default: 0 }) eligible!: number;
  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' }) startedAt!: Date;
  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true }) assessedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
