import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { CallerScope, CampaignListLevel, CampaignListOutcome, CampaignState, CloseCampaignListInput, OpenCampaignListInput, OpenCampaignListsInput } from '@eduaid/contracts';
import { keysetPage, Transaction, whereAfterKeyset, whereInScope, selectColumns } from '@eduaid/platform';
import { StudentEntity } from '../students/student.entity';
import { studentPlace } from '../students/students.repository';
import type { CampaignAssessment, CampaignRegistryRow } from './campaign-assessment';
import { CampaignDecisionEntity } from './campaign-decision.entity';
import { CampaignListEntity } from './campaign-list.entity';
import { CampaignResultEntity } from './campaign-result.entity';
import { CampaignEntity } from './campaign.entity';

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

/** The columns of a result row (CampaignResultRow) the results page reads. */
const RESULT_COLUMNS: readonly (keyof CampaignResultRow)[] = [
  'student_id', 'county_code', 'school_code', 'village_code', 'stage', 'grade', 'standards_version', 'eligible', 'reasons', 'lines', 'total_fen', 'cash_fen',
  'needs_sign_off', 'status', 'exclusion_reason', 'exclusion_note', 'excluded_by', 'excluded_level',
];

const KEEP: Record<CampaignListLevel, { from: string; to: string }> = {
  school: { from: 'listed', to: 'confirmed' },
  county: { from: 'confirmed', to: 'approved' },
  prefecture: { from: 'approved', to: 'approved' },
};

/** The rows this repository answers keep the columns' names (the service and the ledger statements read them so). */
function campaignRow(c: CampaignEntity): CampaignRow {
  return {
    id: c.id, workflow_id: c.workflowId, academic_year: c.academicYear, scope_level: c.scopeLevel, scope_code: c.scopeCode, state: c.state, started_by: c.startedBy,
    assess_after: c.assessAfter, assessed: c.assessed, eligible: c.eligible, started_at: c.startedAt, assessed_at: c.assessedAt, finished_at: c.finishedAt,
  };
}

function listRow(l: CampaignListEntity): CampaignListRow {
  return {
    level: l.level, code: l.code, county_code: l.countyCode, state: l.state, task_id: l.taskId, decision: l.decision, decided_by: l.decidedBy, decided_at: l.decidedAt,
    comment: l.comment, kept: l.kept, excluded: l.excluded, need_sign_off: l.needSignOff, opened_at: l.openedAt,
  };
}

function resultRow(r: CampaignResultEntity): CampaignResultRow & { campaign_id: string; academic_year: string } {
  return {
    campaign_id: r.campaignId, student_id: r.studentId, academic_year: r.academicYear, county_code: r.countyCode, school_code: r.schoolCode, village_code: r.villageCode,
    stage: r.stage, grade: r.grade, standards_version: r.standardsVersion, eligible: r.eligible, reasons: r.reasons, lines: r.lines, total_fen: r.totalFen, cash_fen: r.cashFen,
    needs_sign_off: r.needsSignOff, status: r.status, exclusion_reason: r.exclusionReason, exclusion_note: r.exclusionNote, excluded_by: r.excludedBy, excluded_level: r.excludedLevel,
  };
}

/**
 * The campaigns' tables (students.campaigns, campaign_results, campaign_lists, campaign_decisions).
 * Plain reads and writes go through the entities; the bulk statements (a chunk's results, a list's
 * decision, a county's ledger plan) and the reports' aggregates stay SQL, each saying why.
 */
@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get campaigns(): Repository<CampaignEntity> {
    return this.dataSource.getRepository(CampaignEntity);
  }

  private get resultRows(): Repository<CampaignResultEntity> {
    return this.dataSource.getRepository(CampaignResultEntity);
  }

  /**
   * The campaign's row, unless one exists for the year whose scope overlaps (the same, wider or
   * narrower): answers the one in the way. Serialised per year by an advisory lock, so two concurrent
   * openings cannot both pass the check. In the caller's unit of work (the lock lasts until it ends).
   */
  async create(row: { id: string; workflowId: string; academicYear: string; scopeLevel: string; scopeCode: string; startedBy: string }, tx: Transaction): Promise<CampaignRow | undefined> {
    // A transaction-scoped advisory lock: the ORM has no word for it.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('campaign:' || $1))`, [row.academicYear]);
    const clash = await tx.getRepository(CampaignEntity).createQueryBuilder('c')
      .where('c.academicYear = :year', { year: row.academicYear })
      .andWhere(`(c.scopeCode LIKE :code || '%' OR :code LIKE c.scopeCode || '%')`, { code: row.scopeCode })
      .orderBy('c.startedAt').limit(1).getOne();
    if (clash) return campaignRow(clash);
    await tx.getRepository(CampaignEntity).insert({
      id: row.id, workflowId: row.workflowId, academicYear: row.academicYear, scopeLevel: row.scopeLevel, scopeCode: row.scopeCode, startedBy: row.startedBy,
    });
    return undefined;
  }

  async remove(id: string): Promise<void> {
    await this.campaigns.delete({ id });
  }

  async find(id: string): Promise<CampaignRow | undefined> {
    const found = await this.campaigns.findOneBy({ id });
    return found ? campaignRow(found) : undefined;
  }

  /** The campaign's row under a row lock in the caller's unit of work: its assessment position, read again before a chunk is written. */
  async lockForAssessment(tx: Transaction, id: string): Promise<CampaignRow> {
    return campaignRow(await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } }));
  }

  /** Campaigns whose scope overlaps the caller's (theirs lies inside it, or it inside theirs), newest first. */
  async list(scope: CallerScope, academicYear: string | undefined): Promise<CampaignRow[]> {
    const query = this.campaigns.createQueryBuilder('c')
      .where(`(:code LIKE c.scopeCode || '%' OR c.scopeCode LIKE :code || '%')`, { code: scope.level === 'school' ? scope.code.slice(0, 6) : scope.code });
    if (academicYear !== undefined) query.andWhere('c.academicYear = :year', { year: academicYear });
    return (await query.orderBy('c.startedAt', 'DESC').limit(200).getMany()).map(campaignRow);
  }

  /** Moves the campaign's state; the first move out of 'assessing' stamps assessed_at, the move to 'completed' finished_at (once each). */
  async setState(id: string, state: CampaignState): Promise<void> {
    await this.campaigns.createQueryBuilder().update().set({
      state,
      updatedAt: () => 'now()',
      assessedAt: () => (state !== 'assessing' ? 'coalesce(assessed_at, now())' : 'assessed_at'),
      finishedAt: () => (state === 'completed' ? 'coalesce(finished_at, now())' : 'finished_at'),
    }).where('id = :id', { id }).execute();
  }

  /** The next chunk of students to assess: enrolled for the year in a school of the scope, by id after the position. */
  async registryChunk(m: Transaction, academicYear: string, scopeCode: string, after: string | null, limit: number): Promise<CampaignRegistryRow[]> {
    // The registry's keyset chunk over students joined with households (another feature's tables), on the hot
    // path of a province's assessment: one plain statement, read as rows, no entity hydration.
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
  async saveChunk(m: Transaction, campaign: CampaignRow, rows: CampaignRegistryRow[], results: CampaignAssessment[]): Promise<{ inserted: number; eligible: number }> {
    const col = <T>(f: (r: CampaignRegistryRow, a: CampaignAssessment) => T) => rows.map((r, i) => f(r, results[i]));
    // A bulk insert of thousands of rows (unnest of arrays) ON CONFLICT DO NOTHING, counting what it wrote: SQL.
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
    await m.getRepository(CampaignEntity).createQueryBuilder().update().set({
      assessAfter: rows[rows.length - 1].id,
      assessed: () => 'assessed + :inserted',
      eligible: () => 'eligible + :eligible',
      updatedAt: () => 'now()',
    }).where('id = :id', { id: campaign.id }).setParameters({ inserted: written.inserted, eligible: written.eligible }).execute();
    return written;
  }

  async counties(campaignId: string): Promise<{ countyCode: string; listed: number }[]> {
    const rows: { county_code: string; listed: number }[] = await this.resultRows.createQueryBuilder('r')
      .select('r.countyCode', 'county_code').addSelect('count(*)::int', 'listed')
      .where('r.campaignId = :campaignId', { campaignId }).andWhere(`r.status = 'listed'`)
      .groupBy('r.countyCode').orderBy('r.countyCode').getRawMany();
    return rows.map((r) => ({ countyCode: r.county_code, listed: r.listed }));
  }

  async schools(campaignId: string, countyCode: string): Promise<{ schoolCode: string; listed: number }[]> {
    const rows: { school_code: string; listed: number }[] = await this.resultRows.createQueryBuilder('r')
      .select('r.schoolCode', 'school_code').addSelect('count(*)::int', 'listed')
      .where('r.campaignId = :campaignId AND r.countyCode = :countyCode', { campaignId, countyCode }).andWhere(`r.status = 'listed'`)
      .groupBy('r.schoolCode').orderBy('r.schoolCode').getRawMany();
    return rows.map((r) => ({ schoolCode: r.school_code, listed: r.listed }));
  }

  async openList(input: OpenCampaignListInput): Promise<void> {
    // A retried open changes nothing (ON CONFLICT DO NOTHING on the list's key); a closed list stays closed.
    await this.dataSource.getRepository(CampaignListEntity).createQueryBuilder().insert()
      .values({ campaignId: input.campaignId, level: input.level, code: input.code, countyCode: input.countyCode, state: 'open', workflowId: input.workflowId })
      .orIgnore().updateEntity(false).execute();
  }

  /** Opens many lists of a county in one statement (a retried open changes nothing; a closed list stays closed). */
  async openLists(input: OpenCampaignListsInput): Promise<void> {
    // Up to a county's hundreds of schools in one statement (unnest of the codes), ON CONFLICT DO NOTHING: SQL.
    await this.dataSource.query(
      `INSERT INTO students.campaign_lists (campaign_id, level, code, county_code, state, workflow_id)
       SELECT $1, $2, code, $3, 'open', $4 FROM unnest($5::text[]) AS code
       ON CONFLICT (campaign_id, level, code) DO NOTHING`,
      [input.campaignId, input.level, input.countyCode, input.workflowId, input.codes],
    );
  }

  /**
   * Closes a list with its decision, in the caller's unit of work under the list's row lock (an
   * exclusion made at the same moment either lands before or is refused): its students move on, or off the list
   * when it is rejected, and each gets a decision row. A list already closed answers what it did.
   */
  async closeList(input: CloseCampaignListInput, m: Transaction): Promise<CampaignListOutcome> {
    const list = await m.getRepository(CampaignListEntity).findOne({
      where: { campaignId: input.campaignId, level: input.level, code: input.code },
      lock: { mode: 'pessimistic_write' },
    });
    if (list?.state === 'decided') return this.outcome(input.level, listRow(list));
    const keep = KEEP[input.level];
    // The list's students move in one UPDATE … RETURNING feeding the INSERT of their decision rows (a
    // county's thousands at once): SQL; so are the FILTER counts and the list's upsert below.
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
  }

  private outcome(level: CampaignListLevel, list: CampaignListRow): CampaignListOutcome {
    return { level, code: list.code, decision: list.decision as CampaignListOutcome['decision'], decidedBy: list.decided_by ?? '', kept: list.kept ?? 0, excluded: list.excluded ?? 0, needSignOff: list.need_sign_off ?? 0 };
  }

  /**
   * Takes a student off an open list with a reason, in the caller's unit of work under the list's
   * row lock (see closeList):
   * 'closed' when the list is not open, 'not-on-list' when the student is not on it (any more).
   */
  async exclude(input: { campaignId: string; studentId: string; level: 'school' | 'county'; reason: string; note?: string; by: string }, m: Transaction): Promise<'excluded' | 'closed' | 'not-on-list' | 'unknown'> {
    const result = await m.getRepository(CampaignResultEntity).findOneBy({ campaignId: input.campaignId, studentId: input.studentId });
    if (!result) return 'unknown';
    const code = input.level === 'school' ? result.schoolCode : result.countyCode;
    const list = await m.getRepository(CampaignListEntity).findOne({ where: { campaignId: input.campaignId, level: input.level, code }, lock: { mode: 'pessimistic_write' } });
    if (list?.state !== 'open') return 'closed';
    // Only a student still at the list's status moves (the condition is re-checked under the row's lock).
    const moved = await m.getRepository(CampaignResultEntity).createQueryBuilder().update()
      .set({ status: 'excluded', exclusionReason: input.reason, exclusionNote: input.note ?? null, excludedBy: input.by, excludedLevel: input.level, updatedAt: () => 'now()' })
      .where('campaign_id = :campaignId AND student_id = :studentId AND status = :from', { campaignId: input.campaignId, studentId: input.studentId, from: KEEP[input.level].from })
      .execute();
    if (!moved.affected) return 'not-on-list';
    await m.getRepository(CampaignDecisionEntity).insert({
      campaignId: input.campaignId, studentId: input.studentId, level: input.level, listCode: code, action: 'excluded',
      reason: input.note ? `${input.reason}: ${input.note}` : input.reason, actor: input.by,
    });
    return 'excluded';
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
    // The ledger's hot path, exactly once: one statement of CTEs (chunk, expand, INSERT … ON CONFLICT DO
    // NOTHING, mark, audit) so the insert and the marks agree under concurrent planners. Stays SQL.
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

  // The counts and reports below are aggregates with FILTER clauses and jsonb expansions: SQL.
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
    const query = this.dataSource.getRepository(CampaignListEntity).createQueryBuilder('l')
      .where('l.campaignId = :campaignId', { campaignId }).andWhere(`l.countyCode LIKE :prefix || '%'`, { prefix });
    if (countyCode !== undefined) query.andWhere('l.countyCode = :countyCode', { countyCode });
    return (await query.orderBy('l.countyCode').addOrderBy('l.level', 'DESC').addOrderBy('l.code').getMany()).map(listRow);
  }

  /** A page of result rows inside the caller's jurisdiction, by student id (keyset), each with the student's name and masked ID. */
  async results(campaignId: string, scope: CallerScope, filter: { schoolCode?: string; countyCode?: string; status?: string; after?: string; limit: number }): Promise<CampaignResultRow[]> {
    const q = whereInScope(this.resultRows.createQueryBuilder('r'), scope, studentPlace('r', RESULT_COUNTY))
      .andWhere('r.campaign_id = :campaignId', { campaignId })
      // The reviewer reads names, not ids: one primary-key join per row of the page.
      .leftJoin(StudentEntity, 's', 's.id = r.student_id');
    selectColumns(q, 'r', RESULT_COLUMNS).addSelect('s.name', 'name').addSelect('s.national_id_masked', 'national_id_masked');
    if (filter.schoolCode) q.andWhere('r.school_code = :schoolCode', { schoolCode: filter.schoolCode });
    if (filter.countyCode) q.andWhere('r.county_code = :countyCode', { countyCode: filter.countyCode });
    if (filter.status) q.andWhere('r.status = :status', { status: filter.status });
    const key = [{ column: 'r.student_id', cast: 'uuid' as const }];
    return keysetPage(whereAfterKeyset(q, key, filter.after ? [filter.after] : undefined), key, filter.limit).getRawMany<CampaignResultRow>();
  }

  async result(campaignId: string, studentId: string): Promise<CampaignResultRow | undefined> {
    const found = await this.resultRows.findOneBy({ campaignId, studentId });
    return found ? resultRow(found) : undefined;
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
    const results = (await this.resultRows.find({ where: { studentId }, order: { academicYear: 'DESC' } })).map(resultRow);
    const decisions: CampaignDecisionRow[] = await this.dataSource.getRepository(CampaignDecisionEntity).createQueryBuilder('d')
      .innerJoin(CampaignEntity, 'c', 'c.id = d.campaignId')
      .select(['d.campaign_id AS campaign_id', 'c.academic_year AS academic_year', 'd.at AS at', 'd.level AS level', 'd.list_code AS list_code', 'd.action AS action', 'd.reason AS reason', 'd.actor AS actor'])
      .where('d.studentId = :studentId', { studentId }).orderBy('d.id').getRawMany();
    return { results, decisions };
  }

  /** Where a student is now (for the scope check of their timeline). */
  async studentPlace(studentId: string): Promise<{ village_code: string; school_code: string | null } | undefined> {
    const row = await this.dataSource.getRepository(StudentEntity).findOne({ select: { id: true, villageCode: true, schoolCode: true }, where: { id: studentId } });
    return row ? { village_code: row.villageCode, school_code: row.schoolCode } : undefined;
  }
}
