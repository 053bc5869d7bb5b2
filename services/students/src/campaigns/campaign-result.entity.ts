import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A campaign's line of a student's entitlement, as assessed. */
export interface CampaignResultLine {
  scheme: string;
  ruleId: string;
  fund: string;
  disbursement: string;
  amountFen: number;
}

/**
 * One assessed student of a campaign (students.campaign_results): where they are listed, the
 * entitlement's lines and totals, and where they are in the lists (status, exclusion). bigint fen
 * columns read as strings, as the raw rows the ledger statements read.
 */
@Entity({ schema: 'students', name: 'campaign_results' })
export class CampaignResultEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @PrimaryColumn({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ name: 'school_code', type: 'text' }) schoolCode!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ type: 'text' }) stage!: string;
  @Column({ type: 'smallint' }) grade!: number;
  @Column({ name: 'standards_version', type: 'text' }) standardsVersion!: string;
  @Column({ type: 'boolean' }) eligible!: boolean;
  @Column({ type: 'jsonb', default: [] }) reasons!: string[];
  @Column({ type: 'jsonb', default: [] }) lines!: CampaignResultLine[];
  @Column({ name: 'total_fen', type: 'bigint', default: 0 }) totalFen!: string;
  @Column({ name: 'cash_fen', type: 'bigint', default: 0 }) cashFen!: string;
  @Column({ name: 'needs_sign_off', type: 'boolean', default: false }) needsSignOff!: boolean;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'exclusion_reason', type: 'text', nullable: true }) exclusionReason!: string | null;
  @Column({ name: 'exclusion_note', type: 'text', nullable: true }) exclusionNote!: string | null;
  @Column({ name: 'excluded_by', type: 'text', nullable: true }) excludedBy!: string | null;
  @Column({ name: 'excluded_level', type: 'text', nullable: true }) excludedLevel!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
