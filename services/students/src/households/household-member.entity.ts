import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A member of a household other than its students (students.household_members). */
@Entity({ schema: 'students', name: 'household_members' })
export class HouseholdMemberEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) relation!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
