import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallerScope, PLACED_OUTCOMES } from '@eduaid/contracts';
import { whereInScope, whereStartsWith } from '@eduaid/platform';
import { JobCaseEntity } from '../cases/job-case.entity';
import { GraduateEntity } from '../graduates/graduate.entity';
import { MentorEntity } from '../mentors/mentor.entity';
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
    // FILTER aggregates and a percentile, written as select expressions of the query builder.
    const placed = 'c.outcome = ANY(:placed::text[])';
    const days = 'extract(epoch FROM c.placed_at - c.opened_at) / 86400';
    const q = this.dataSource
      .getRepository(GraduateEntity)
      .createQueryBuilder('g')
      .select(GROUP_COLUMN[by], 'group_key')
      .addSelect('count(*)::int', 'graduates')
      .addSelect('count(c.graduate_id)::int', 'with_case')
      .addSelect(`count(*) FILTER (WHERE ${placed})::int`, 'placed')
      .addSelect('count(*) FILTER (WHERE c.graduate_id IS NOT NULL AND c.closed_at IS NULL)::int', 'open_cases')
      .addSelect(`round(avg(${days}) FILTER (WHERE ${placed}), 1)::float`, 'avg_days_to_placement')
      .addSelect(`round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days}) FILTER (WHERE ${placed}))::numeric, 1)::float`, 'median_days_to_placement')
      .leftJoin(JobCaseEntity, 'c', 'c.graduate_id = g.id')
      .setParameter('placed', [...PLACED_OUTCOMES]);
    whereInScope(q, scope, graduatePlace('g'));
    if (cohort) q.andWhere('g.cohort = :cohort', { cohort });
    return q.groupBy('1').orderBy('1').getRawMany<EmploymentRow>();
  }

  /** Each mentor of the region: capacity, open cases, overdue check-ins, missed check-ins so far. */
  async mentorLoad(regionPrefix: string): Promise<MentorLoadRow[]> {
    const q = this.dataSource
      .getRepository(MentorEntity)
      .createQueryBuilder('m')
      .select([])
      .addSelect('m.id', 'mentor_id')
      .addSelect('m.user_id', 'user_id')
      .addSelect('m.name', 'name')
      .addSelect('m.region_code', 'region_code')
      .addSelect('m.active', 'active')
      .addSelect('m.capacity', 'capacity')
      .addSelect('count(c.graduate_id) FILTER (WHERE c.closed_at IS NULL)::int', 'open_cases')
      .addSelect('count(c.graduate_id) FILTER (WHERE c.closed_at IS NULL AND c.next_due_at < now())::int', 'overdue')
      .addSelect('coalesce(sum(c.missed) FILTER (WHERE c.closed_at IS NULL), 0)::int', 'missed')
      .leftJoin(JobCaseEntity, 'c', 'm.user_id IS NOT NULL AND c.mentor_user_ids @> ARRAY[m.user_id]');
    return whereStartsWith(q, 'm.region_code', regionPrefix, 'regionPrefix')
      .groupBy('m.id')
      .orderBy('m.region_code')
      .addOrderBy('m.name')
      .addOrderBy('m.id')
      .getRawMany<MentorLoadRow>();
  }
}
