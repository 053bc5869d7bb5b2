import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A student of the registry (students.students) with their current enrolment on the row (school,
 * stage, grade, boarding, year). The national ID is kept sealed (cipher and key version), found by a
 * blind index, and shown masked. The roster import writes students in bulk (COPY and a merge).
 */
@Entity({ schema: 'students', name: 'students' })
export class StudentEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'national_id_cipher', type: 'bytea' }) nationalIdCipher!: Buffer;
  @Column({ name: 'national_id_key_version', type: 'integer' }) nationalIdKeyVersion!: number;
  @Column({ name: 'national_id_index', type: 'bytea' }) nationalIdIndex!: Buffer;
  @Column({ name: 'national_id_masked', type: 'text' }) nationalIdMasked!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'birth_date', type: 'date' }) birthDate!: string;
  @Column({ type: 'text' }) sex!: string;
  @Column({ name: 'household_id', type: 'uuid' }) householdId!: string;
  @Column({ name: 'village_code', type: 'char', length: 12 }) villageCode!: string;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ type: 'boolean', default: false }) disability!: boolean;
  @Column({ name: 'left_behind', type: 'boolean', default: false }) leftBehind!: boolean;
  @Column({ name: 'migrant_child', type: 'boolean', default: false }) migrantChild!: boolean;
  @Column({ name: 'special_hardship', type: 'boolean', default: false }) specialHardship!: boolean;
  @Column({ name: 'school_code', type: 'text', nullable: true }) schoolCode!: string | null;
  @Column({ name: 'school_county_code', type: 'char', length: 6, nullable: true }) schoolCountyCode!: string | null;
  @Column({ type: 'text', nullable: true }) stage!: string | null;
  @Column({ type: 'smallint', nullable: true }) grade!: number | null;
  @Column({ type: 'boolean', nullable: true }) boarding!: boolean | null;
  @Column({ name: 'academic_year', type: 'text', nullable: true }) academicYear!: string | null;
  /** The roster import (and its line) that last wrote this student. */
  @Column({ name: 'last_import_id', type: 'uuid', nullable: true }) lastImportId!: string | null;
  @Column({ name: 'last_import_row', type: 'integer', nullable: true }) lastImportRow!: number | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
