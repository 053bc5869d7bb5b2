import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CallerScope, JobCaseTransition } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { casePlace } from '../graduates/graduate-places';

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

// The case row carries the graduate's place (copied at opening), so scoped lists need no join.
// The team's names come with it (mentors.user_id is unique), so no screen has to show a user id.
const SELECT_CASE = `SELECT c.*, g.name AS graduate_name, g.university_county_code,
    (SELECT coalesce(json_agg(json_build_object('userId', m.user_id, 'name', m.name)), '[]'::json) FROM mentoring.mentors m WHERE m.user_id = ANY (c.mentor_user_ids)) AS mentor_names
  FROM mentoring.job_cases c JOIN mentoring.graduates g ON g.id = c.graduate_id`;
// An event's actor by name: a mentor or the graduate (both user ids are unique in their tables).
const ACTOR_NAME = `coalesce((SELECT m.name FROM mentoring.mentors m WHERE m.user_id = e.actor), (SELECT g.name FROM mentoring.graduates g WHERE g.user_id = e.actor)) AS actor_name`;

/** The durable job-assistance case (mentoring.job_cases) and its event log (mentoring.case_events). */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The case's row as it opens (before its workflow's first transition); a row already there is kept. */
  async open(graduateId: string, workflowId: string, mentorUserIds: string[], leadMentorUserId: string, cadenceDays: number, openedBy: string): Promise<boolean> {
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
    await this.dataSource.query(`DELETE FROM mentoring.job_cases WHERE graduate_id = $1 AND seq = 0`, [graduateId]);
  }

  /**
   * One transition, in one transaction: the event (once, by its key) and the row (only when the
   * transition is newer than the row's, so a repeated or late write changes nothing).
   */
  async record(t: JobCaseTransition): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO mentoring.case_events (graduate_id, idempotency_key, at, actor, kind, note) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (idempotency_key) DO NOTHING`,
        [t.graduateId, `${t.workflowId}:${t.seq}`, t.event.at, t.event.by, t.event.kind, t.event.note ?? null],
      );
      const s = t.status;
      const updated = await m.query(
        `UPDATE mentoring.job_cases SET phase = $3, lead_mentor_user_id = $4, mentor_user_ids = $5, cadence_days = $6, next_due_at = $7, check_ins = $8, missed = $9,
           outcome = $10, claimed_outcome = $11, open_task_id = $12, reopened = $13, runs = $14, seq = $2, placed_at = $15,
           closed_at = CASE WHEN $3 = 'closed' THEN coalesce(closed_at, $16::timestamptz) ELSE NULL END, updated_at = now()
         WHERE graduate_id = $1 AND seq < $2 RETURNING graduate_id`,
        [t.graduateId, t.seq, s.phase, s.leadMentorUserId, s.mentorUserIds, s.cadenceDays, s.nextDueAt ?? null, s.checkIns, s.missed, s.outcome ?? null, s.claim?.outcome ?? null,
          s.openTask?.taskId ?? null, s.reopened, s.runs, t.placedAt ? new Date(t.placedAt) : null, t.event.at],
      );
      return (updated[1] ?? updated.length) > 0;
    });
  }

  /** An event logged through the API (a mentor's or graduate's activity), keyed by the request; answers the event. */
  async addEvent(graduateId: string, key: string, actor: string, kind: string, note: string | undefined, detail?: Record<string, unknown>): Promise<EventRow> {
    const rows: EventRow[] = await this.dataSource.query(
      `WITH ins AS (
         INSERT INTO mentoring.case_events (graduate_id, idempotency_key, at, actor, kind, note, detail) VALUES ($1,$2,now(),$3,$4,$5,$6)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, at, actor, kind, note)
       SELECT id::text AS id, at, actor, kind, note FROM ins
       UNION ALL SELECT id::text, at, actor, kind, note FROM mentoring.case_events WHERE idempotency_key = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
      [graduateId, key, actor, kind, note ?? null, detail ? JSON.stringify(detail) : null],
    );
    return rows[0];
  }

  /** The case's last `n` events, oldest first. */
  async latestEvents(graduateId: string, n: number): Promise<EventRow[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT e.id::text AS id, e.at, e.actor, e.kind, e.note, ${ACTOR_NAME} FROM mentoring.case_events e WHERE e.graduate_id = $1 ORDER BY e.id DESC LIMIT $2`,
      [graduateId, n],
    );
    return rows.reverse();
  }

  async find(graduateId: string): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await this.dataSource.query(`${SELECT_CASE} WHERE c.graduate_id = $1`, [graduateId]);
    return rows[0];
  }

  async events(graduateId: string, after: string | undefined, limit: number): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.at, e.actor, e.kind, e.note, ${ACTOR_NAME} FROM mentoring.case_events e WHERE e.graduate_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3`,
      [graduateId, after ?? '0', limit],
    );
  }

  /** A page of cases inside the scope (by graduate id, keyset), filtered. */
  async list(scope: CallerScope | undefined, filter: CaseFilter): Promise<CaseRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (scope) add((p) => scopeCoversSql({ level: scope.level, code: p }, casePlace('c')), scope.code);
    if (filter.phase) add((p) => `c.phase = ${p}`, filter.phase);
    if (filter.countyCode) add((p) => `c.county_code = ${p}`, filter.countyCode);
    if (filter.mentorUserId) add((p) => `c.mentor_user_ids @> ARRAY[${p}::text]`, filter.mentorUserId);
    if (filter.open) where.push(`c.closed_at IS NULL`);
    if (filter.overdue) where.push(`c.closed_at IS NULL AND c.next_due_at < now()`);
    if (filter.after) add((p) => `c.graduate_id > ${p}`, filter.after);
    params.push(filter.limit);
    return this.dataSource.query(`${SELECT_CASE} WHERE ${where.length ? where.join(' AND ') : 'true'} ORDER BY c.graduate_id LIMIT $${params.length}`, params);
  }

  /** A mentor's caseload counts: open cases, overdue, due within a week. */
  async caseloadCounts(mentorUserId: string): Promise<{ open: number; overdue: number; due_this_week: number }> {
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE next_due_at < now())::int AS overdue,
              count(*) FILTER (WHERE next_due_at >= now() AND next_due_at < now() + interval '7 days')::int AS due_this_week
         FROM mentoring.job_cases WHERE mentor_user_ids @> ARRAY[$1::text] AND closed_at IS NULL`,
      [mentorUserId],
    );
    return rows[0];
  }
}
