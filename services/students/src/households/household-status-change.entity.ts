import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change of a household's status after its registration (students.household_status_history, append-only). */
@Entity({ schema: 'students', name: 'household_status_history' })
export class HouseholdStatusChangeEntity {
  /** bigserial: read as a string (it orders the history). */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  /** Names a change made through the API, so a retry records it once (UNIQUE). */
  @Column({ name: 'change_id', type: 'uuid', nullable: true }) changeId!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'effective_date', type: 'date' }) effectiveDate!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'recorded_by', type: 'text' }) recordedBy!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt!: Date;
}
