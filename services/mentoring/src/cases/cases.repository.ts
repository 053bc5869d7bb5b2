import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { CallerScope, JobCaseTransition } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset, whereInScope } from '@eduaid/platform';
import { casePlace } from '../graduates/graduate-places';
import { GraduateEntity } from '../graduates/graduate.entity';
import { MentorEntity } from '../mentors/mentor.entity';
import { CaseEventEntity } from './case-event.entity';
import { JobCaseEntity } from './job-case.entity';

export interface CaseRow {
  graduate_id: string;
  workflow_id: string;
  county_code: string;
  village_code: string;
  university_code: string;
  phase: string;
  lead_mentor_user_id: string | null;
  mentor_user_ids: string[];
  cadence_days: number;
  next_due_at: Date | null;
  check_ins: number;
  missed: number;
  outcome: string | null;
  claimed_outcome: string | null;
  open_task_id: string | null;
  reopened: number;
  runs: number;
  seq: number;
  opened_by: string;
  opened_at: Date;
  placed_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
  graduate_name: string;
  /** The team's names (mentors with a user), read with the row. */
  mentor_names: { userId: string; name: string }[];
}

export interface EventRow {
  id: string;
  at: Date;
  actor: string;
  kind: string;
  note: string | null;
  /** Who did it by name, when mentoring knows them (a mentor or the graduate); staff stay as their user id. */
  actor_name?: string | null;
}

export interface CaseFilter {
  phase?: string;
  countyCode?: string;
  mentorUserId?: string;
  overdue?: boolean;
  open?: boolean;
  after?: string;
  limit: number;
}

/** The durable job-assistance case (mentoring.job_cases) and its event log (mentoring.case_events). */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private cases(manager?: EntityManager): Repository<JobCaseEntity> {
    return (manager ?? this.dataSource.manager).getRepository(JobCaseEntity);
  }

  private caseEvents(manager?: EntityManager): Repository<CaseEventEntity> {
    return (manager ?? this.dataSource.manager).getRepository(CaseEventEntity);
  }

  /** The case's row as it opens (before its workflow's first transition); a row already there is kept. */
  async open(graduateId: string, workflowId: string, mentorUserIds: string[], leadMentorUserId: string, cadenceDays: number, openedBy: string): Promise<boolean> {
    // INSERT … SELECT: the graduate's place is copied in the same statement that writes the row once (ON CONFLICT).
    const rows = await this.dataSource.query(
      `INSERT INTO mentoring.job_cases (graduate_id, workflow_id, county_code, village_code, university_code, phase, lead_mentor_user_id, mentor_user_ids, cadence_days, opened_by)
       SELECT g.id, $2, g.county_code, g.village_code, g.university_code, 'intake', $4, $3, $5, $6 FROM mentoring.graduates g WHERE g.id = $1
       ON CONFLICT (graduate_id) DO NOTHING RETURNING graduate_id`,
      [graduateId, workflowId, mentorUserIds, leadMentorUserId, cadenceDays, openedBy],
    );
    return rows.length > 0;
  }

  /** Undoes an opening whose workflow could not be started. */
  async forget(graduateId: string): Promise<void> {
    await this.cases().delete({ graduateId, seq: 0 });
  }

  /**
   * One transition, in one transaction: the event (once, by its key) and the row (only when the
   * transition is newer than the row's, so a repeated or late write changes nothing).
   */
  async record(t: JobCaseTransition): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await this.caseEvents(m)
        .createQueryBuilder()
        .insert()
        .values({ graduateId: t.graduateId, idempotencyKey: `${t.workflowId}:${t.seq}`, at: new Date(t.event.at), actor: t.event.by, kind: t.event.kind, note: t.event.note ?? null })
        .orIgnore()
        .execute();
      const s = t.status;
      const updated = await this.cases(m)
        .createQueryBuilder()
        .update()
        .set({
          phase: s.phase, leadMentorUserId: s.leadMentorUserId, mentorUserIds: s.mentorUserIds, cadenceDays: s.cadenceDays, nextDueAt: s.nextDueAt ? new Date(s.nextDueAt) : null,
          checkIns: s.checkIns, missed: s.missed, outcome: s.outcome ?? null, claimedOutcome: s.claim?.outcome ?? null, openTaskId: s.openTask?.taskId ?? null,
          reopened: s.reopened, runs: s.runs, seq: t.seq, placedAt: t.placedAt ? new Date(t.placedAt) : null,
          // A closed case keeps the time it first closed.
          closedAt: () => `CASE WHEN :phase = 'closed' THEN coalesce(closed_at, :closedAt::timestamptz) ELSE NULL END`,
          updatedAt: () => 'now()',
        })
        .where('graduate_id = :graduateId AND seq < :seq', { graduateId: t.graduateId, seq: t.seq })
        .setParameters({ phase: s.phase, closedAt: new Date(t.event.at) })
        .execute();
      return (updated.affected ?? 0) > 0;
    });
  }

  /** An event logged through the API (a mentor's or graduate's activity), keyed by the request; answers the event. */
  async addEvent(graduateId: string, key: string, actor: string, kind: string, note: string | undefined, detail?: Record<string, unknown>): Promise<EventRow> {
    await this.caseEvents()
      .createQueryBuilder()
      .insert()
      .values({ graduateId, idempotencyKey: key, at: () => 'now()', actor, kind, note: note ?? null, detail: detail ?? null })
      .orIgnore()
      .execute();
    // The event this key wrote, now or by an earlier request.
    const e = await this.caseEvents().findOneByOrFail({ idempotencyKey: key });
    return { id: e.id, at: e.at, actor: e.actor, kind: e.kind, note: e.note };
  }

  /**
   * Events (e) as the API reads them, raw: the id as text, and the actor by name, a mentor or the
   * graduate (both user ids are unique in their tables); staff have no name here.
   */
  private selectEvents(): SelectQueryBuilder<CaseEventEntity> {
    const q = this.caseEvents().createQueryBuilder('e');
    const mentor = q.subQuery().select('m.name').from(MentorEntity, 'm').where('m.user_id = e.actor').getQuery();
    const graduate = q.subQuery().select('g.name').from(GraduateEntity, 'g').where('g.user_id = e.actor').getQuery();
    return q
      .select('e.id::text', 'id')
      .addSelect('e.at', 'at')
      .addSelect('e.actor', 'actor')
      .addSelect('e.kind', 'kind')
      .addSelect('e.note', 'note')
      .addSelect(`coalesce(${mentor}, ${graduate})`, 'actor_name');
  }

  /** The case's last `n` events, oldest first. */
  async latestEvents(graduateId: string, n: number): Promise<EventRow[]> {
    const rows = await this.selectEvents().where('e.graduate_id = :graduateId', { graduateId }).orderBy('e.id', 'DESC').limit(n).getRawMany<EventRow>();
    return rows.reverse();
  }

  /**
   * The case rows (c) as the API reads them: every column, the graduate's name and university county,
   * and the team's names (mentors.user_id is unique), so no screen has to show a user id. The case row
   * carries the graduate's place (copied at opening), so scoped lists filter on it alone. Read raw:
   * the row's snake_case columns are the shape the services map.
   */
  private selectCases(): SelectQueryBuilder<JobCaseEntity> {
    return this.cases()
      .createQueryBuilder('c')
      .select('c.*')
      .innerJoin(GraduateEntity, 'g', 'g.id = c.graduate_id')
      .addSelect('g.name', 'graduate_name')
      .addSelect('g.university_county_code', 'university_county_code')
      .addSelect(
        (team) => team.select(`coalesce(json_agg(json_build_object('userId', m.user_id, 'name', m.name)), '[]'::json)`).from(MentorEntity, 'm').where('m.user_id = ANY (c.mentor_user_ids)'),
        'mentor_names',
      );
  }

  async find(graduateId: string): Promise<CaseRow | undefined> {
    return this.selectCases().where('c.graduate_id = :graduateId', { graduateId }).getRawOne<CaseRow>();
  }

  /** A page of the case's events in id order, after the previous page's last id (keyset). */
  async events(graduateId: string, after: string | undefined, limit: number): Promise<EventRow[]> {
    const q = whereAfterKeyset(this.selectEvents().where('e.graduate_id = :graduateId', { graduateId }), ['e.id'], [after ?? '0']);
    return keysetPage(q, ['e.id'], limit).getRawMany<EventRow>();
  }

  /** A page of cases inside the scope (by graduate id, keyset), filtered. */
  async list(scope: CallerScope | undefined, filter: CaseFilter): Promise<CaseRow[]> {
    const q = this.selectCases();
    if (scope) whereInScope(q, scope, casePlace('c'));
    if (filter.phase) q.andWhere('c.phase = :phase', { phase: filter.phase });
    if (filter.countyCode) q.andWhere('c.county_code = :countyCode', { countyCode: filter.countyCode });
    if (filter.mentorUserId) q.andWhere('c.mentor_user_ids @> ARRAY[:mentorUserId::text]', { mentorUserId: filter.mentorUserId });
    if (filter.open) q.andWhere('c.closed_at IS NULL');
    if (filter.overdue) q.andWhere('c.closed_at IS NULL AND c.next_due_at < now()');
    whereAfterKeyset(q, ['c.graduate_id'], filter.after ? [filter.after] : undefined);
    return keysetPage(q, ['c.graduate_id'], filter.limit).getRawMany<CaseRow>();
  }

  /** A mentor's caseload counts: open cases, overdue, due within a week. */
  async caseloadCounts(mentorUserId: string): Promise<{ open: number; overdue: number; due_this_week: number }> {
    // Raw SQL: three counts with FILTER in one pass over the mentor's open cases.
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE next_due_at < now())::int AS overdue,
              count(*) FILTER (WHERE next_due_at >= now() AND next_due_at < now() + interval '7 days')::int AS due_this_week
         FROM mentoring.job_cases WHERE mentor_user_ids @> ARRAY[$1::text] AND closed_at IS NULL`,
      [mentorUserId],
    );
    return rows[0];
  }
}
