import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A registered-poor household (students.households, 建档立卡): its number, village, status and since
 * when. The roster import creates households in bulk (COPY and a merge); the registration itself is
 * kept on the row (who registered it, when).
 */
@Entity({ schema: 'students', name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'household_no', type: 'text' }) householdNo!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ type: 'text', default: 'poor' }) status!: string;
  /** A date, read as 'YYYY-MM-DD'. */
  @Column({ name: 'status_since', type: 'date', default: () => 'current_date' }) statusSince!: string;
  @Column({ name: 'registered_by', type: 'text', default: 'system' }) registeredBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
