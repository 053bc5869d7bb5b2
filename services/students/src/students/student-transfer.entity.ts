import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A student's move to another school or village (students.student_transfers): who, from where, to where, why. */
@Entity({ schema: 'students', name: 'student_transfers' })
export class StudentTransferEntity {
  /** bigserial: read as a string (newest first by it). */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ name: 'from_village_code', type: 'char', length: 12 }) fromVillageCode!: string;
  @Column({ name: 'from_school_code', type: 'text', nullable: true }) fromSchoolCode!: string | null;
  @Column({ name: 'to_village_code', type: 'char', length: 12 }) toVillageCode!: string;
  @Column({ name: 'to_school_code', type: 'text', nullable: true }) toSchoolCode!: string | null;
  @Column({ name: 'household_moved', type: 'boolean' }) householdMoved!: boolean;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'transferred_by', type: 'text' }) transferredBy!: string;
  @Column({ name: 'transferred_at', type: 'timestamptz', default: () => 'now()' }) transferredAt!: Date;
}
