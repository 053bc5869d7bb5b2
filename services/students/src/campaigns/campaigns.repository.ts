import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope, CampaignListLevel, CampaignListOutcome, CampaignState, CloseCampaignListInput, OpenCampaignListInput, OpenCampaignListsInput } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { studentPlace } from '../students/students.repository';
import type { CampaignAssessment, CampaignRegistryRow } from './campaign-assessment';

export interface CampaignRow {
  id: string;
  workflow_id: string;
  academic_year: string;
  scope_level: string;
  scope_code: string;
  state: CampaignState;
  started_by: string;
  assess_after: string | null;
  assessed: number;
  eligible: number;
  started_at: Date;
  assessed_at: Date | null;
  finished_at: Date | null;
}

export interface CampaignCountyCounts {
  county_code: string;
  assessed: number;
  eligible: number;
  listed: number;
  confirmed: number;
  approved: number;
  planned: number;
  already_planned: number;
  excluded: number;
}

export interface CampaignListRow {
  level: CampaignListLevel;
  code: string;
  county_code: string;
  state: 'open' | 'decided';
  task_id: string | null;
  decision: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  comment: string | null;
  kept: number | null;
  excluded: number | null;
  need_sign_off: number | null;
  opened_at: Date;
}

export interface CampaignResultRow {
  student_id: string;
  county_code: string;
  school_code: string;
  village_code: string;
  stage: string;
  grade: number;
  standards_version: string;
  eligible: boolean;
  reasons: string[];
  lines: { scheme: string; ruleId: string; fund: string; disbursement: string; amountFen: number }[];
  total_fen: string;
  cash_fen: string;
  needs_sign_off: boolean;
  status: string;
  exclusion_reason: string | null;
  exclusion_note: string | null;
  excluded_by: string | null;
  excluded_level: string | null;
  /** Joined from students.students on the results page (a reviewer reads names, not ids). */
  name?: string | null;
  national_id_masked?: string | null;
}

export interface CampaignDecisionRow {
  campaign_id: string;
  academic_year: string;
  at: Date;
  level: string;
  list_code: string;
  action: string;
  reason: string | null;
  actor: string;
}

/** A report's grain: per county, counts by status and exclusion reason, amounts by scheme, fund and status. */
export interface CampaignStatusCount { county_code: string; status: string; exclusion_reason: string | null; students: string }
export interface CampaignAmountRow { county_code: string; status: string; scheme: string; fund: string; disbursement: string; students: string; amount_fen: string }

/** What the statuses of a list's level move: from → to when kept, and the status its exclusions leave. */
/**
 * A campaign result keeps one county code (the student's, listed by it) and no school county: a
 * county scope compares it for both of the student's places, as the list was drawn up by county.
 */
export const RESULT_COUNTY = { division: 'r.county_code', school: 'r.county_code' };

const KEEP: Record<CampaignListLevel, { from: string; to: string }> = {
  school: { from: 'listed', to: 'confirmed' },
  county: { from: 'confirmed', to: 'approved' },
  prefecture: { from: 'approved', to: 'approved' },
};

/** The campaigns' tables (students.campaigns, campaign_results, campaign_lists, campaign_decisions). */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The campaign's row, unless one exists for the year whose scope overlaps (the same, wider or
   * narrower): answers the one in the way. Serialised per year by an advisory lock, so two concurrent
   * openings cannot both pass the check.
   */
  async create(row: { id: string; workflowId: string; academicYear: string; scopeLevel: string; scopeCode: string; startedBy: string }): Promise<CampaignRow | undefined> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('campaign:' || $1))`, [row.academicYear]);
      const [clash]: CampaignRow[] = await m.query(
        `SELECT * FROM students.campaigns WHERE academic_year = $1 AND (scope_code LIKE $2 || '%' OR $2 LIKE scope_code || '%') ORDER BY started_at LIMIT 1`,
        [row.academicYear, row.scopeCode],
      );
      if (clash) return clash;
      await m.query(
        `INSERT INTO students.campaigns (id, workflow_id, academic_year, scope_level, scope_code, started_by) VALUES ($1,$2,$3,$4,$5,$6)`,
        [row.id, row.workflowId, row.academicYear, row.scopeLevel, row.scopeCode, row.startedBy],
      );
      return undefined;
    });
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM students.campaigns WHERE id = $1', [id]);
  }

  async find(id: string): Promise<CampaignRow | undefined> {
    const rows: CampaignRow[] = await this.dataSource.query('SELECT * FROM students.campaigns WHERE id = $1', [id]);
    return rows[0];
  }

  /** Campaigns whose scope overlaps the caller's (theirs lies inside it, or it inside theirs), newest first. */
  async list(scope: CallerScope, academicYear: string | undefined): Promise<CampaignRow[]> {
    return this.dataSource.query(
      `SELECT * FROM students.campaigns WHERE ($1 LIKE scope_code || '%' OR scope_code LIKE $1 || '%') AND ($2::text IS NULL OR academic_year = $2) ORDER BY started_at DESC LIMIT 200`,
      [scope.level === 'school' ? scope.code.slice(0, 6) : scope.code, academicYear ?? null],
    );
  }

  async setState(id: string, state: CampaignState): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.campaigns SET state = $2, updated_at = now(),
         assessed_at = CASE WHEN $2 <> 'assessing' THEN coalesce(assessed_at, now()) ELSE assessed_at END,
         finished_at = CASE WHEN $2 = 'completed' THEN coalesce(finished_at, now()) ELSE finished_at END
       WHERE id = $1`,
      [id, state],
    );
  }

  /** The next chunk of students to assess: enrolled for the year in a school of the scope, by id after the position. */
  async registryChunk(m: EntityManager, academicYear: string, scopeCode: string, after: string | null, limit: number): Promise<CampaignRegistryRow[]> {
    return m.query(
      `SELECT s.id, s.school_county_code AS county_code, s.school_code, s.village_code, s.stage, s.grade, s.boarding, s.special_hardship, h.status AS household_status
         FROM students.students s JOIN students.households h ON h.id = s.household_id
        WHERE s.academic_year = $1 AND s.school_county_code LIKE $2 || '%' AND ($3::uuid IS NULL OR s.id > $3) AND s.school_code IS NOT NULL
        ORDER BY s.id LIMIT $4`,
      [academicYear, scopeCode, after, limit],
    );
  }

  /**
   * Writes a chunk's results and moves the campaign's position past it, in the caller's transaction:
   * a chunk is written once (a retry starts from the saved position; ON CONFLICT covers the rest).
   * One multi-row statement (unnest of arrays).
   */
  async saveChunk(m: EntityManager, campaign: CampaignRow, rows: CampaignRegistryRow[], results: CampaignAssessment[]): Promise<{ inserted: number; eligible: number }> {
    const col = <T>(f: (r: CampaignRegistryRow, a: CampaignAssessment) => T) => rows.map((r, i) => f(r, results[i]));
    const [written]: { inserted: number; eligible: number }[] = await m.query(
      `WITH ins AS (
         INSERT INTO students.campaign_results (campaign_id, student_id, academic_year, county_code, school_code, village_code, stage, grade, standards_version,
           eligible, reasons, lines, total_fen, cash_fen, needs_sign_off, status)
         SELECT $1, u.student_id, $2, u.county_code, u.school_code, u.village_code, u.stage, u.grade, u.version, u.eligible, u.reasons::jsonb, u.lines::jsonb,
                u.total_fen, u.cash_fen, u.sign_off, CASE WHEN u.eligible THEN 'listed' ELSE 'ineligible' END
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::bigint[], $14::bigint[], $15::boolean[])
             AS u(student_id, county_code, school_code, village_code, stage, grade, version, eligible, reasons, lines, total_fen, cash_fen, sign_off)
         ON CONFLICT DO NOTHING
         RETURNING eligible)
       SELECT count(*)::int AS inserted, count(*) FILTER (WHERE eligible)::int AS eligible FROM ins`,
      [
        campaign.id, campaign.academic_year, col((r) => r.id), col((r) => r.county_code), col((r) => r.school_code), col((r) => r.village_code), col((r) => r.stage),
        col((r) => r.grade), col((_r, a) => a.standardsVersion), col((_r, a) => a.eligible), col((_r, a) => JSON.stringify(a.reasons)), col((_r, a) => JSON.stringify(a.lines)),
        col((_r, a) => a.totalFen), col((_r, a) => a.cashFen), col((_r, a) => a.needsSignOff),
      ],
    );
    await m.query(
      `UPDATE students.campaigns SET assess_after = $2, assessed = assessed + $3, eligible = eligible + $4, updated_at = now() WHERE id = $1`,
      [campaign.id, rows[rows.length - 1].id, written.inserted, written.eligible],
    );
    return written;
  }

  async counties(campaignId: string): Promise<{ countyCode: string; listed: number }[]> {
    const rows: { county_code: string; listed: number }[] = await this.dataSource.query(
      `SELECT county_code, count(*)::int AS listed FROM students.campaign_results WHERE campaign_id = $1 AND status = 'listed' GROUP BY county_code ORDER BY county_code`,
      [campaignId],
    );
    return rows.map((r) => ({ countyCode: r.county_code, listed: r.listed }));
  }

  async schools(campaignId: string, countyCode: string): Promise<{ schoolCode: string; listed: number }[]> {
    const rows: { school_code: string; listed: number }[] = await this.dataSource.query(
      `SELECT school_code, count(*)::int AS listed FROM students.campaign_results WHERE campaign_id = $1 AND county_code = $2 AND status = 'listed' GROUP BY school_code ORDER BY school_code`,
      [campaignId, countyCode],
    );
    return rows.map((r) => ({ schoolCode: r.school_code, listed: r.listed }));
  }

  async openList(input: OpenCampaignListInput): Promise<void> {
    // A retried open changes nothing; a closed list stays closed.
    await this.dataSource.query(
      `INSERT INTO students.campaign_lists (campaign_id, level, code, county_code, state, workflow_id) VALUES ($1,$2,$3,$4,'open',$5)
       ON CONFLICT (campaign_id, level, code) DO NOTHING`,
      [input.campaignId, input.level, input.code, input.countyCode, input.workflowId],
    );
  }

  /** Opens many lists of a county in one statement (a retried open changes nothing; a closed list stays closed). */
  async openLists(input: OpenCampaignListsInput): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO students.campaign_lists (campaign_id, level, code, county_code, state, workflow_id)
       SELECT $1, $2, code, $3, 'open', $4 FROM unnest($5::text[]) AS code
       ON CONFLICT (campaign_id, level, code) DO NOTHING`,
      [input.campaignId, input.level, input.countyCode, input.workflowId, input.codes],
    );
  }

  /**
   * Closes a list with its decision, in one transaction under the list's row lock (an exclusion made
   * at the same moment either lands before or is refused): its students move on, or off the list
   * when it is rejected, and each gets a decision row. A list already closed answers what it did.
   */
  async closeList(input: CloseCampaignListInput): Promise<CampaignListOutcome> {
    return this.dataSource.transaction(async (m) => {
      const [list]: CampaignListRow[] = await m.query(
        `SELECT * FROM students.campaign_lists WHERE campaign_id = $1 AND level = $2 AND code = $3 FOR UPDATE`,
        [input.campaignId, input.level, input.code],
      );
      if (list?.state === 'decided') return this.outcome(input.level, list);
      const keep = KEEP[input.level];
      const within = input.level === 'school' ? 'AND r.school_code = $3' : '';
      const params = [input.campaignId, input.countyCode, input.code, input.decidedBy, input.level];
      if (input.decision === 'approve') {
        if (keep.from !== keep.to) {
          await m.query(
            `WITH moved AS (UPDATE students.campaign_results r SET status = '${keep.to}', updated_at = now()
               WHERE r.campaign_id = $1 AND r.county_code = $2 ${within} AND r.status = '${keep.from}' AND $3::text IS NOT NULL RETURNING r.student_id)
             INSERT INTO students.campaign_decisions (campaign_id, student_id, level, list_code, action, actor) SELECT $1, student_id, $5, $3, '${keep.to}', $4 FROM moved`,
            params,
          );
        }
      } else {
        // Rejected: the list's students leave it (a sign-off refused: only those who needed it).
        const reason = input.level === 'prefecture' ? 'sign-off-refused' : 'list-rejected';
        const only = input.level === 'prefecture' ? 'AND r.needs_sign_off' : '';
        await m.query(
          `WITH moved AS (UPDATE students.campaign_results r SET status = 'excluded', exclusion_reason = '${reason}', exclusion_note = $6, excluded_by = $4, excluded_level = $5, updated_at = now()
             WHERE r.campaign_id = $1 AND r.county_code = $2 ${within} ${only} AND r.status = '${keep.from}' AND $3::text IS NOT NULL RETURNING r.student_id)
           INSERT INTO students.campaign_decisions (campaign_id, student_id, level, list_code, action, reason, actor) SELECT $1, student_id, $5, $3, 'excluded', '${reason}', $4 FROM moved`,
          [...params, input.comment ?? null],
        );
      }
      const [counts]: { kept: number; excluded: number; need_sign_off: number }[] = await m.query(
        `SELECT count(*) FILTER (WHERE r.status = '${keep.to}')::int AS kept,
                count(*) FILTER (WHERE r.status = 'excluded' AND r.excluded_level = $4)::int AS excluded,
                count(*) FILTER (WHERE r.status = '${keep.to}' AND r.needs_sign_off)::int AS need_sign_off
           FROM students.campaign_results r WHERE r.campaign_id = $1 AND r.county_code = $2 ${within} AND $3::text IS NOT NULL`,
        [input.campaignId, input.countyCode, input.code, input.level],
      );
      const [closed]: CampaignListRow[] = await m.query(
        `INSERT INTO students.campaign_lists AS l (campaign_id, level, code, county_code, state, task_id, workflow_id, decision, decided_by, decided_at, comment, kept, excluded, need_sign_off)
         VALUES ($1,$2,$3,$4,'decided',$5,'',$6,$7,now(),$8,$9,$10,$11)
         ON CONFLICT (campaign_id, level, code) DO UPDATE SET state = 'decided', task_id = EXCLUDED.task_id, decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by,
           decided_at = now(), comment = EXCLUDED.comment, kept = EXCLUDED.kept, excluded = EXCLUDED.excluded, need_sign_off = EXCLUDED.need_sign_off
         RETURNING *`,
        [input.campaignId, input.level, input.code, input.countyCode, input.taskId, input.decision, input.decidedBy, input.comment ?? null, counts.kept, counts.excluded, counts.need_sign_off],
      );
      return this.outcome(input.level, closed);
    });
  }

  private outcome(level: CampaignListLevel, list: CampaignListRow): CampaignListOutcome {
    return { level, code: list.code, decision: list.decision as CampaignListOutcome['decision'], decidedBy: list.decided_by ?? '', kept: list.kept ?? 0, excluded: list.excluded ?? 0, needSignOff: list.need_sign_off ?? 0 };
  }

  /**
   * Takes a student off an open list with a reason, under the list's row lock (see closeList):
   * 'closed' when the list is not open, 'not-on-list' when the student is not on it (any more).
   */
  async exclude(input: { campaignId: string; studentId: string; level: 'school' | 'county'; reason: string; note?: string; by: string }): Promise<'excluded' | 'closed' | 'not-on-list' | 'unknown'> {
    return this.dataSource.transaction(async (m) => {
      const [result]: CampaignResultRow[] = await m.query('SELECT * FROM students.campaign_results WHERE campaign_id = $1 AND student_id = $2', [input.campaignId, input.studentId]);
      if (!result) return 'unknown';
      const code = input.level === 'school' ? result.school_code : result.county_code;
      const [list]: CampaignListRow[] = await m.query(`SELECT * FROM students.campaign_lists WHERE campaign_id = $1 AND level = $2 AND code = $3 FOR UPDATE`, [input.campaignId, input.level, code]);
      if (list?.state !== 'open') return 'closed';
      const from = KEEP[input.level].from;
      const moved: { student_id: string }[] = await m.query(
        `UPDATE students.campaign_results SET status = 'excluded', exclusion_reason = $3, exclusion_note = $4, excluded_by = $5, excluded_level = $6, updated_at = now()
          WHERE campaign_id = $1 AND student_id = $2 AND status = $7 RETURNING student_id`,
        [input.campaignId, input.studentId, input.reason, input.note ?? null, input.by, input.level, from],
      );
      // TypeORM answers UPDATE … RETURNING as [rows, count].
      const rows = Array.isArray(moved[0]) ? (moved[0] as unknown as { student_id: string }[]) : moved;
      if (rows.length === 0) return 'not-on-list';
      await m.query(
        `INSERT INTO students.campaign_decisions (campaign_id, student_id, level, list_code, action, reason, actor) VALUES ($1,$2,$3,$4,'excluded',$5,$6)`,
        [input.campaignId, input.studentId, input.level, code, input.note ? `${input.reason}: ${input.note}` : input.reason, input.by],
      );
      return 'excluded';
    });
  }

  /**
   * Plans the next chunk of a county's approved students in the ledger: one statement expands their
   * cash lines into a row per semester and inserts them ON CONFLICT DO NOTHING, so a row the
   * application path planned for the same student, scheme and semester (the ledger's partial unique
   * index) or a retried chunk (the idempotency key) is not planned again; each student is marked
   * planned, or already-planned when every one of their rows was there, with a decision row.
   * Only a student still 'approved' is marked: two attempts of the same county at once (a timed-out
   * attempt still running beside its retry) read the same chunk, and the second's insert waits for
   * the first's rows and skips them; without the status check its update then re-marked the first's
   * students 'already-planned' (PostgreSQL re-checks an updated row's conditions, so it now skips them).
   */
  async planChunk(campaign: CampaignRow, countyCode: string, after: string | null, limit: number): Promise<{ last: string | null; planned: number; alreadyPlanned: number }> {
    const [r]: { last: string | null; planned: number; already: number }[] = await this.dataSource.query(
      `WITH chunk AS (
         SELECT student_id, academic_year, standards_version, lines FROM students.campaign_results
          WHERE campaign_id = $1 AND county_code = $2 AND status = 'approved' AND ($3::uuid IS NULL OR student_id > $3) ORDER BY student_id LIMIT $4),
       lines AS (
         SELECT c.student_id, c.academic_year, c.standards_version, l->>'scheme' AS scheme, l->>'ruleId' AS rule_id, s->>'semester' AS semester,
                (s->>'startsOn')::date AS starts_on, (s->>'amountFen')::bigint AS amount_fen
           FROM chunk c, jsonb_array_elements(c.lines) l, jsonb_array_elements(l->'semesters') s
          WHERE l->>'disbursement' = 'bank-transfer'),
       ins AS (
         INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by)
         SELECT $5 || ':' || student_id || ':' || scheme || ':' || semester, $5, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, 'cycle'
           FROM lines ORDER BY student_id, semester, scheme
         ON CONFLICT DO NOTHING
         RETURNING student_id),
       marked AS (
         UPDATE students.campaign_results r SET status = CASE WHEN r.student_id IN (SELECT student_id FROM ins) THEN 'planned' ELSE 'already-planned' END, updated_at = now()
           FROM chunk c WHERE r.campaign_id = $1 AND r.student_id = c.student_id AND r.status = 'approved' RETURNING r.student_id, r.status),
       audited AS (
         INSERT INTO students.campaign_decisions (campaign_id, student_id, level, list_code, action, actor)
         SELECT $1, student_id, 'county', $2, status, 'campaign' FROM marked RETURNING 1)
       SELECT (SELECT student_id FROM chunk ORDER BY student_id DESC LIMIT 1)::text AS last,
              (SELECT count(*) FROM marked WHERE status = 'planned')::int AS planned,
              (SELECT count(*) FROM marked WHERE status = 'already-planned')::int AS already,
              (SELECT count(*) FROM audited)::int AS audited`,
      [campaign.id, countyCode, after, limit, campaign.workflow_id],
    );
    return { last: r.last, planned: r.planned, alreadyPlanned: r.already };
  }

  async countyTotals(campaignId: string, countyCode: string): Promise<{ planned: number; alreadyPlanned: number }> {
    const [r]: { planned: number; already: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'planned')::int AS planned, count(*) FILTER (WHERE status = 'already-planned')::int AS already
         FROM students.campaign_results WHERE campaign_id = $1 AND county_code = $2`,
      [campaignId, countyCode],
    );
    return { planned: r.planned, alreadyPlanned: r.already };
  }

  /** Per county (within the prefix): students by status. */
  async countyCounts(campaignId: string, prefix: string): Promise<CampaignCountyCounts[]> {
    return this.dataSource.query(
      `SELECT county_code, count(*)::int AS assessed, count(*) FILTER (WHERE eligible)::int AS eligible,
              count(*) FILTER (WHERE status = 'listed')::int AS listed, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE status = 'approved')::int AS approved, count(*) FILTER (WHERE status = 'planned')::int AS planned,
              count(*) FILTER (WHERE status = 'already-planned')::int AS already_planned, count(*) FILTER (WHERE status = 'excluded')::int AS excluded
         FROM students.campaign_results WHERE campaign_id = $1 AND county_code LIKE $2 || '%' GROUP BY county_code ORDER BY county_code`,
      [campaignId, prefix],
    );
  }

  async lists(campaignId: string, prefix: string, countyCode?: string): Promise<CampaignListRow[]> {
    return this.dataSource.query(
      `SELECT * FROM students.campaign_lists WHERE campaign_id = $1 AND county_code LIKE $2 || '%' AND ($3::text IS NULL OR county_code = $3) ORDER BY county_code, level DESC, code`,
      [campaignId, prefix, countyCode ?? null],
    );
  }

  /** A page of result rows inside the caller's jurisdiction, by student id (keyset). */
  async results(campaignId: string, scope: CallerScope, filter: { schoolCode?: string; countyCode?: string; status?: string; after?: string; limit: number }): Promise<CampaignResultRow[]> {
    const params: unknown[] = [scope.code, campaignId];
    const where = [scopeCoversSql({ level: scope.level, code: '$1' }, studentPlace('r', RESULT_COUNTY)), 'r.campaign_id = $2'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.schoolCode) add((p) => `r.school_code = ${p}`, filter.schoolCode);
    if (filter.countyCode) add((p) => `r.county_code = ${p}`, filter.countyCode);
    if (filter.status) add((p) => `r.status = ${p}`, filter.status);
    if (filter.after) add((p) => `r.student_id > ${p}::uuid`, filter.after);
    params.push(filter.limit);
    // The student's name and masked ID for the reviewer: one primary-key join per row of the page.
    return this.dataSource.query(
      `SELECT r.*, s.name, s.national_id_masked FROM students.campaign_results r LEFT JOIN students.students s ON s.id = r.student_id
        WHERE ${where.join(' AND ')} ORDER BY r.student_id LIMIT $${params.length}`,
      params,
    );
  }

  async result(campaignId: string, studentId: string): Promise<CampaignResultRow | undefined> {
    const rows: CampaignResultRow[] = await this.dataSource.query('SELECT * FROM students.campaign_results WHERE campaign_id = $1 AND student_id = $2', [campaignId, studentId]);
    return rows[0];
  }

  async statusCounts(campaignId: string, prefix: string): Promise<CampaignStatusCount[]> {
    return this.dataSource.query(
      `SELECT county_code, status, exclusion_reason, count(*) AS students FROM students.campaign_results WHERE campaign_id = $1 AND county_code LIKE $2 || '%'
        GROUP BY county_code, status, exclusion_reason ORDER BY county_code, status, exclusion_reason`,
      [campaignId, prefix],
    );
  }

  async amounts(campaignId: string, prefix: string): Promise<CampaignAmountRow[]> {
    return this.dataSource.query(
      `SELECT r.county_code, r.status, l->>'scheme' AS scheme, l->>'fund' AS fund, l->>'disbursement' AS disbursement, count(*) AS students, sum((l->>'amountFen')::bigint) AS amount_fen
         FROM students.campaign_results r, jsonb_array_elements(r.lines) l
        WHERE r.campaign_id = $1 AND r.county_code LIKE $2 || '%' AND r.eligible
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4`,
      [campaignId, prefix],
    );
  }

  /** A student's campaign results and decisions, newest campaign first. */
  async studentTimeline(studentId: string): Promise<{ results: (CampaignResultRow & { academic_year: string; campaign_id: string })[]; decisions: CampaignDecisionRow[] }> {
    const results = await this.dataSource.query('SELECT * FROM students.campaign_results WHERE student_id = $1 ORDER BY academic_year DESC', [studentId]);
    const decisions = await this.dataSource.query(
      `SELECT d.campaign_id, c.academic_year, d.at, d.level, d.list_code, d.action, d.reason, d.actor FROM students.campaign_decisions d JOIN students.campaigns c ON c.id = d.campaign_id
        WHERE d.student_id = $1 ORDER BY d.id`,
      [studentId],
    );
    return { results, decisions };
  }

  /** Where a student is now (for the scope check of their timeline). */
  async studentPlace(studentId: string): Promise<{ village_code: string; school_code: string | null } | undefined> {
    const rows: { village_code: string; school_code: string | null }[] = await this.dataSource.query('SELECT village_code, school_code FROM students.students WHERE id = $1', [studentId]);
    return rows[0];
  }

  get transaction(): DataSource['transaction'] {
    return this.dataSource.transaction.bind(this.dataSource);
  }
}
