import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { whereInScope } from '@eduaid/platform';
import { UniversityPairingEntity } from './university-pairing.entity';
import { insertIgnoringExisting } from '../common/bulk-insert';

export interface PairingRow {
  universityCode: string;
  countyCode: string;
  startYear: number;
}

export function insertPairings(manager: EntityManager, rows: PairingRow[]): Promise<number> {
  return insertIgnoringExisting(manager, 'schools.university_pairings', [
    { name: 'university_code', type: 'text[]', value: (r) => r.universityCode },
    { name: 'county_code', type: 'text[]', value: (r) => r.countyCode },
    { name: 'start_year', type: 'int[]', value: (r) => r.startYear },
  ], rows);
}

@Injectable()
export class PairingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Pairings whose county lies in the caller's scope (a school-scoped caller sees its own university's). */
  async list(scope: CallerScope, filter: { countyCode?: string; universityCode?: string; activeIn?: number }): Promise<PairingRow[]> {
    const q = whereInScope(this.dataSource.getRepository(UniversityPairingEntity).createQueryBuilder('p'), scope, { division: 'p.county_code', school: 'p.university_code' });
    if (filter.countyCode) q.andWhere('p.county_code = :countyCode', { countyCode: filter.countyCode });
    if (filter.universityCode) q.andWhere('p.university_code = :universityCode', { universityCode: filter.universityCode });
    if (filter.activeIn) q.andWhere('p.start_year <= :activeIn', { activeIn: filter.activeIn });
    const rows = await q.orderBy('p.county_code').addOrderBy('p.university_code').getMany();
    return rows.map((r) => ({ universityCode: r.universityCode, countyCode: r.countyCode, startYear: r.startYear }));
  }

  /** Inserts or moves the start year; answers whether the pairing was new. */
  // ON CONFLICT … DO UPDATE that tells a new row from a moved one (xmax): the ORM's upsert says neither.
  async upsert(row: PairingRow): Promise<boolean> {
    const result: { inserted: boolean }[] = await this.dataSource.query(
      `INSERT INTO schools.university_pairings (university_code, county_code, start_year) VALUES ($1, $2, $3)
       ON CONFLICT (university_code, county_code) DO UPDATE SET start_year = EXCLUDED.start_year
       RETURNING (xmax = 0) AS inserted`,
      [row.universityCode, row.countyCode, row.startYear],
    );
    return result[0].inserted;
  }
}
