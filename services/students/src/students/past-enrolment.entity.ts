import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An enrolment of an earlier year (students.past_enrolments); the current one lives on the student row. */
@Entity({ schema: 'students', name: 'past_enrolments' })
export class PastEnrolmentEntity {
  @PrimaryColumn({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @PrimaryColumn({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ name: 'school_code', type: 'text' }) schoolCode!: string;
  @Column({ name: 'school_county_code', type: 'char', length: 6 }) schoolCountyCode!: string;
  @Column({ type: 'text' }) stage!: string;
  @Column({ type: 'smallint' }) grade!: number;
  @Column({ type: 'boolean' }) boarding!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
