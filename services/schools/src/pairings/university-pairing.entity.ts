import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 帮扶关系: a university paired with a registered-poor county, from a given year. */
@Entity({ schema: 'schools', name: 'university_pairings' })
export class UniversityPairingEntity {
  @PrimaryColumn({ name: 'university_code', type: 'char', length: 10 })
  universityCode!: string;

  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode!: string;

  @Column({ name: 'start_year', type: 'integer' })
  startYear!: number;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}
