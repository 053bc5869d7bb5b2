import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SchoolKind } from '@eduaid/contracts';

/** The students service's copy of the schools' directory (students.school_directory), synced from schools. */
@Entity({ schema: 'students', name: 'school_directory' })
export class SchoolDirectoryEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) kind!: SchoolKind;
  @Column({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ name: 'jurisdiction_code', type: 'text' }) jurisdictionCode!: string;
  @Column({ type: 'boolean' }) boarding!: boolean;
  @Column({ name: 'synced_at', type: 'timestamptz', default: () => 'now()' }) syncedAt!: Date;
}
