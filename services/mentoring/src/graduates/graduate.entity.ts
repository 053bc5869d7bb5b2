import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DegreeLevel, Intention } from '@eduaid/contracts';

/**
 * A graduate of a registered-poor household (mentoring.graduates), linked to the students registry
 * by student id (no national ID here). Major and intention stay NULL until a university's list or a
 * caseworker gives them (a graduate the registry feed made).
 */
@Entity({ schema: 'mentoring', name: 'graduates' })
export class GraduateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'university_code', type: 'text' }) universityCode!: string;
  @Column({ name: 'university_county_code', type: 'char', length: 6 }) universityCountyCode!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ type: 'text', nullable: true }) major!: string | null;
  @Column({ name: 'degree_level', type: 'text' }) degreeLevel!: DegreeLevel;
  /** A date without time: 'YYYY-MM-DD'. */
  @Column({ name: 'expected_graduation', type: 'date' }) expectedGraduation!: string;
  @Column({ type: 'smallint' }) cohort!: number;
  @Column({ name: 'academic_status', type: 'text', default: 'enrolled' }) academicStatus!: string;
  @Column({ type: 'text', nullable: true }) intention!: Intention | null;
  @Column({ name: 'preferred_regions', type: 'text', array: true, default: () => "'{}'" }) preferredRegions!: string[];
  @Column({ name: 'consent_to_contact', type: 'boolean' }) consentToContact!: boolean;
  /** The graduate's own account in casework, once one is made. */
  @Column({ name: 'user_id', type: 'text', nullable: true }) userId!: string | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  /** registration (one at a time or a university's list) or registry-feed. */
  @Column({ type: 'text', default: 'registration' }) source!: 'registration' | 'registry-feed';
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
