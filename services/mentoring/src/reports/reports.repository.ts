import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallerScope, PLACED_OUTCOMES } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { graduatePlace } from '../graduates/graduate-places';

export const EMPLOYMENT_GROUPS = ['cohort', 'university', 'county', 'intention'] as const;
export type EmploymentGroup = (typeof EMPLOYMENT_GROUPS)[number];

const GROUP_COLUMN: Record<EmploymentGroup, string> = {
  cohort: 'g.cohort::text',
  university: 'g.university_code',
  county: 'g.county_code::text',
  intention: "coalesce(g.intention, 'unknown')",
};

export interface EmploymentRow {
  group_key: string;
  graduates: number;
  with_case: number;
  placed: number;
  open_cases: number;
  avg_days_to_placement: number | null;
  median_days_to_placement: number | null;
}

export interface MentorLoadRow {
  mentor_id: string;
  user_id: string | null;
  name: string;
  region_code: string;
  active: boolean;
  capacity: number;
  open_cases: number;
  overdue: number;
  missed: number;
}

/** Read-only aggregates over the graduate base and the durable case rows, inside the caller's jurisdiction. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Graduates per group, those with a case, those placed (a verified outcome that counts as placed,
   * still holding: not reopened), and the days from opening to placement.
   */
  async employment(scope: CallerScope, by: EmploymentGroup, cohort: number | undefined): Promise<EmploymentRow[]> {
    const params: unknown[] = [scope.code, [...PLACED_OUTCOMES]];
    const where = [scopeCoversSql({ level: scope.level, code: '$1' }, graduatePlace())];
    if (cohort) {
      params.push(cohort);
      where.push(`g.cohort = $${params.length}`);
    }
    return this.dataSource.query(
      `SELECT ${GROUP_COLUMN[by]} AS group_key,
              count(*)::int AS graduates,
              count(c.graduate_id)::int AS with_case,
              count(*) FILTER (WHERE c.outcome = ANY($2::text[]))::int AS placed,
              count(*) FILTER (WHERE c.graduate_id IS NOT NULL AND c.closed_at IS NULL)::int AS open_cases,
              round(avg(extract(epoch FROM c.placed_at - c.opened_at) / 86400) FILTER (WHERE c.outcome = ANY($2::text[])), 1)::float AS avg_days_to_placement,
              round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.placed_at - c.opened_at) / 86400) FILTER (WHERE c.outcome = ANY($2::text[])))::numeric, 1)::float AS median_days_to_placement
         FROM mentoring.graduates g LEFT JOIN mentoring.job_cases c ON c.graduate_id = g.id
        WHERE ${where.join(' AND ')}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
  }

  /** Each mentor of the region: capacity, open cases, overdue check-ins, missed check-ins so far. */
  async mentorLoad(regionPrefix: string): Promise<MentorLoadRow[]> {
    return this.dataSource.query(
      `SELECT m.id AS mentor_id, m.user_id, m.name, m.region_code, m.active, m.capacity,
              count(c.graduate_id) FILTER (WHERE c.closed_at IS NULL)::int AS open_cases,
              count(c.graduate_id) FILTER (WHERE c.closed_at IS NULL AND c.next_due_at < now())::int AS overdue,
              coalesce(sum(c.missed) FILTER (WHERE c.closed_at IS NULL), 0)::int AS missed
         FROM mentoring.mentors m LEFT JOIN mentoring.job_cases c ON m.user_id IS NOT NULL AND c.mentor_user_ids @> ARRAY[m.user_id]
        WHERE m.region_code LIKE $1 || '%'
        GROUP BY m.id ORDER BY m.region_code, m.name, m.id`,
      [regionPrefix],
    );
  }
}
