import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { likePrefix } from '@eduaid/platform';
import { insertIgnoringExisting } from '../common/bulk-insert';
import { PlanProgramme, PROGRAMME_OF_TRAINING, TrainingProgramme } from './plan-targets';
import { ActualCounts, RenovationStatus } from './progress-report';

export interface RenovationRow { schoolCode: string; batch: number; status: RenovationStatus }
export interface SchoolYearRow { schoolCode: string; year: number }
export interface TrainingRow { countyCode: string; year: number; programme: TrainingProgramme; personTimes: number }

export function insertRenovations(m: EntityManager, rows: RenovationRow[]): Promise<number> {
  return insertIgnoringExisting(m, 'schools.renovations', [
    { name: 'school_code', type: 'text[]', value: (r) => r.schoolCode },
    { name: 'batch', type: 'smallint[]', value: (r) => r.batch },
    { name: 'status', type: 'text[]', value: (r) => r.status },
  ], rows);
}

export function insertSchoolYears(m: EntityManager, table: 'kindergartens_built' | 'teaching_point_links', rows: SchoolYearRow[]): Promise<number> {
  return insertIgnoringExisting(m, `schools.${table}`, [
    { name: 'school_code', type: 'text[]', value: (r) => r.schoolCode },
    { name: table === 'kindergartens_built' ? 'year_built' : 'year_linked', type: 'int[]', value: (r) => r.year },
  ], rows);
}

export function insertTraining(m: EntityManager, rows: TrainingRow[]): Promise<number> {
  return insertIgnoringExisting(m, 'schools.teacher_training', [
    { name: 'county_code', type: 'text[]', value: (r) => r.countyCode },
    { name: 'year', type: 'int[]', value: (r) => r.year },
    { name: 'programme', type: 'text[]', value: (r) => r.programme },
    { name: 'person_times', type: 'int[]', value: (r) => r.personTimes },
  ], rows);
}

@Injectable()
export class ProgressRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts for every school and county whose code starts with `divisionPrefix` (a province or a county). */
  async actuals(divisionPrefix: string): Promise<ActualCounts> {
    const p = [likePrefix(divisionPrefix)];
    const [renovations, kindergartens, links, training] = await Promise.all([
      this.dataSource.query(
        `SELECT r.batch, r.status, count(*)::int AS count FROM schools.renovations r
           JOIN schools.schools s ON s.code = r.school_code WHERE s.county_code LIKE $1 GROUP BY 1, 2`, p),
      this.dataSource.query(
        `SELECT k.year_built AS year, count(*)::int AS amount FROM schools.kindergartens_built k
           JOIN schools.schools s ON s.code = k.school_code WHERE s.county_code LIKE $1 GROUP BY 1`, p),
      this.dataSource.query(
        `SELECT l.year_linked AS year, count(*)::int AS amount FROM schools.teaching_point_links l
           JOIN schools.schools s ON s.code = l.school_code WHERE s.county_code LIKE $1 GROUP BY 1`, p),
      // bigint sums come back as text; person-times of one province stay far below 2^53.
      this.dataSource.query(
        `SELECT programme, year, sum(person_times)::bigint::text AS amount FROM schools.teacher_training
          WHERE county_code LIKE $1 GROUP BY 1, 2`, p),
    ]);
    const byYear: ActualCounts['byYear'] = { 'kindergartens-built': kindergartens, 'teaching-points-linked': links };
    for (const row of training as { programme: TrainingProgramme; year: number; amount: string }[]) {
      const programme: PlanProgramme = PROGRAMME_OF_TRAINING[row.programme];
      (byYear[programme] ??= []).push({ year: row.year, amount: Number(row.amount) });
    }
    return { renovations, byYear };
  }

  async upsertRenovation(row: RenovationRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO schools.renovations (school_code, batch, status) VALUES ($1, $2, $3)
       ON CONFLICT (school_code) DO UPDATE SET batch = EXCLUDED.batch, status = EXCLUDED.status, updated_at = now()`,
      [row.schoolCode, row.batch, row.status],
    );
  }

  async upsertSchoolYear(table: 'kindergartens_built' | 'teaching_point_links', row: SchoolYearRow): Promise<void> {
    const column = table === 'kindergartens_built' ? 'year_built' : 'year_linked';
    await this.dataSource.query(
      `INSERT INTO schools.${table} (school_code, ${column}) VALUES ($1, $2)
       ON CONFLICT (school_code) DO UPDATE SET ${column} = EXCLUDED.${column}, updated_at = now()`,
      [row.schoolCode, row.year],
    );
  }

  async upsertTraining(row: TrainingRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO schools.teacher_training (county_code, year, programme, person_times) VALUES ($1, $2, $3, $4)
       ON CONFLICT (county_code, year, programme) DO UPDATE SET person_times = EXCLUDED.person_times, updated_at = now()`,
      [row.countyCode, row.year, row.programme, row.personTimes],
    );
  }
}
