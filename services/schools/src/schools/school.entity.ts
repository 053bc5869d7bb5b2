import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SchoolKind } from '@eduaid/contracts';

@Entity({ schema: 'schools', name: 'schools' })
export class SchoolEntity {
  /** 10 digits: the county's 6-digit code and a 4-digit number within the county. */
  @PrimaryColumn({ type: 'char', length: 10 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: SchoolKind;

  /** The township or village the school stands in. */
  @Column({ name: 'jurisdiction_code', type: 'varchar', length: 12 })
  jurisdictionCode!: string;

  /** Kept beside the jurisdiction so county filters and scope checks need no join. */
  @Column({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode!: string;

  @Column({ type: 'boolean', default: false })
  boarding!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
