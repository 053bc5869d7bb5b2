import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JurisdictionLevel } from '@eduaid/contracts';

/** A node of the five-level tree, keyed by its administrative division code. */
@Entity({ schema: 'schools', name: 'jurisdictions' })
export class JurisdictionEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'text' })
  level!: JurisdictionLevel;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;

  @Column({ name: 'registered_poor', type: 'boolean', default: false })
  registeredPoor!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
