import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { scopeCondition } from '@eduaid/platform';
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
  list(scope: CallerScope, filter: { countyCode?: string; universityCode?: string; activeIn?: number }): Promise<PairingRow[]> {
    const params: unknown[] = [];
    const where = [scopeCondition(scope, params, { division: 'county_code', school: 'university_code' })];
    if (filter.countyCode) where.push(`county_code = $${params.push(filter.countyCode)}`);
    if (filter.universityCode) where.push(`university_code = $${params.push(filter.universityCode)}`);
    if (filter.activeIn) where.push(`start_year <= $${params.push(filter.activeIn)}`);
    return this.dataSource.query(
      `SELECT university_code AS "universityCode", county_code AS "countyCode", start_year AS "startYear"
         FROM schools.university_pairings WHERE ${where.join(' AND ')} ORDER BY county_code, university_code`,
      params,
    );
  }

  /** Inserts or moves the start year; answers whether the pairing was new. */
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
