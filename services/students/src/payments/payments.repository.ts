import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import type { PaymentPayer, PlanPaymentsInput } from '@eduaid/contracts';
import { AidPaymentEntity } from './aid-payment.entity';

export interface PaymentRow {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  student_id: string;
  semester: string;
  scheme: string;
  rule_id: string;
  standards_version: string;
  amount_fen: string;
  status: 'planned' | 'sending' | 'paid' | 'failed' | 'returned' | 'cancelled';
  bank_reference: string | null;
  failure_reason: string | null;
  cancel_reason: string | null;
  paid_at: Date | null;
  paid_by: 'application' | 'cycle';
}

/** Who pays a planned row: its application's workflow, or the term's semester cycle. */
/** Who pays a planned row (the contracts' PaymentPayer). */
export type PaidBy = PaymentPayer;

/** A row a cycle's chunk pays: what the bank instruction and a failure's task need. */
export interface CycleChunkRow {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  student_id: string;
  scheme: string;
  semester: string;
  amount_fen: string;
  status: 'planned' | 'sending';
}

/** What one marking statement changed: how many rows, and their sum in fen. */
export interface LedgerChange {
  n: number;
  fen: number;
}

/** A cycle's rows of one county, counted by status (the cycle's progress, recomputed from the ledger). */
export interface CycleCounts {
  due: number;
  dueFen: number;
  planned: number;
  sending: number;
  paid: number;
  paidFen: number;
  failed: number;
  failedFen: number;
  cancelled: number;
}

/** The report's grain: a cycle's rows by county, stage, scheme, rule and status. */
export interface CycleTotalsRow {
  county_code: string;
  stage: string | null;
  scheme: string;
  rule_id: string;
  standards_version: string;
  status: string;
  payments: string;
  amount_fen: string;
}

export interface CycleFailureRow {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  student_id: string;
  county_code: string;
  stage: string | null;
  scheme: string;
  amount_fen: string;
  failure_code: string | null;
  failure_reason: string | null;
}

export interface FailureFacts {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  student_id: string;
  village_code: string;
  school_code: string | null;
  submitted_by: string | null;
  scheme: string;
  amount_fen: string;
  failure_code: string;
}

/** The key of one scheme's share of one semester of one application: the ledger's UNIQUE key and the bank's. */
export function paymentKey(workflowId: string, scheme: string, semester: string): string {
  return `${workflowId}:${scheme}:${semester}`;
}

function paymentRow(p: AidPaymentEntity): PaymentRow {
  return {
    id: p.id, idempotency_key: p.idempotencyKey, workflow_id: p.workflowId, student_id: p.studentId, semester: p.semester, scheme: p.scheme, rule_id: p.ruleId,
    standards_version: p.standardsVersion, amount_fen: p.amountFen, status: p.status, bank_reference: p.bankReference, failure_reason: p.failureReason,
    cancel_reason: p.cancelReason, paid_at: p.paidAt, paid_by: p.paidBy,
  };
}

/**
 * The payment ledger (students.aid_payments). An application's own rows are read and moved one at a
 * time through the entity; planning, cycles' claims, bank batches and returns are the ledger's hot,
 * exactly-once paths: multi-row statements (VALUES/unnest, ON CONFLICT, CTEs counting what they
 * changed) that stay SQL, each saying why.
 */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  private get payments(): Repository<AidPaymentEntity> {
    return this.dataSource.getRepository(AidPaymentEntity);
  }

  /** Plans (or, for a re-plan of unpaid ones, revises) the rows; a paid row is never touched. One statement. */
  async plan(input: PlanPaymentsInput, paidBy: PaidBy = 'application'): Promise<number> {
    if (input.lines.length === 0) return 0;
    const params: unknown[] = [];
    const values = input.lines.map((l, line) => {
      params.push(paymentKey(input.workflowId, l.scheme, l.semester), input.workflowId, input.studentId, input.academicYear, l.semester, l.scheme, l.ruleId, input.standardsVersion, l.amountFen, l.startsOn, paidBy);
      const n = params.length;
      return `(${Array.from({ length: 11 }, (_, i) => `$${n - 10 + i}`).join(',')},${line})`;
    });
    // A re-plan keeps the row's payer: a row handed to cycles stays theirs. A scheme's semester that
    // another workflow (a campaign) has planned or paid for the student is left out: a student is
    // planned once (the ledger's partial unique index holds it; a concurrent plan that loses the race
    // fails with a unique violation, and its retry leaves the row out here). New rows take ids in the
    // plan's order (ORDER BY: an anti-join may hand them on in hash order); the check reads `live`,
    // the once index's predicate, so it is an index lookup.
    // SQL: a multi-row INSERT … SELECT with an anti-join on the once index and a guarded ON CONFLICT merge, in one statement.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by)
       SELECT v.k, v.w, v.s::uuid, v.y, v.sem, v.sch, v.r, v.ver, v.a::bigint, v.d::date, v.p
         FROM (VALUES ${values.join(',')}) AS v(k, w, s, y, sem, sch, r, ver, a, d, p, line)
        WHERE NOT EXISTS (SELECT 1 FROM students.aid_payments o WHERE o.student_id = v.s::uuid AND o.semester = v.sem AND o.scheme = v.sch
                            AND o.live AND o.idempotency_key <> v.k)
       -- New rows take ids in the plan's order: the anti-join above may hand them on in hash order.
        ORDER BY v.line
       ON CONFLICT (idempotency_key) DO UPDATE SET amount_fen = EXCLUDED.amount_fen, rule_id = EXCLUDED.rule_id, status = 'planned', cancel_reason = NULL, updated_at = now()
       WHERE students.aid_payments.status IN ('planned', 'cancelled')
       RETURNING id`,
      params,
    );
    return rows.length;
  }

  async cancel(workflowId: string, semesters: string[] | undefined, reason: string): Promise<number> {
    // Counted through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], whose length is always 2.
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH cancelled AS (UPDATE students.aid_payments SET status = 'cancelled', cancel_reason = $3, updated_at = now()
        WHERE workflow_id = $1 AND status = 'planned' AND ($2::text[] IS NULL OR semester = ANY($2)) RETURNING id)
       SELECT count(*)::int AS n FROM cancelled`,
      [workflowId, semesters ?? null, reason],
    );
    return n;
  }

  /** The rows an application's workflow pays itself (rows handed to cycles are the cycle's). */
  async ofSemester(workflowId: string, semester: string): Promise<PaymentRow[]> {
    return (await this.payments.find({ where: { workflowId, semester, paidBy: 'application' }, order: { id: 'ASC' } })).map(paymentRow);
  }

  async ofApplication(workflowId: string): Promise<PaymentRow[]> {
    return (await this.payments.find({ where: { workflowId }, order: { semester: 'ASC', id: 'ASC' } })).map(paymentRow);
  }

  /** planned → sending, counting the attempt; answers the row as it was (a row already 'sending' had an unknown outcome). */
  async markSending(id: string): Promise<void> {
    // Guarded by the status it moves from, in the UPDATE's WHERE (checked under the row's lock).
    await this.payments.update({ id, status: In(['planned', 'sending']) }, { status: 'sending', attempts: () => 'attempts + 1', updatedAt: () => 'now()' });
  }

  async markPaid(id: string, bankReference: string): Promise<void> {
    await this.payments.update({ id, status: 'sending' }, { status: 'paid', bankReference, paidAt: () => 'now()', updatedAt: () => 'now()' });
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.payments.update({ id, status: In(['planned', 'sending']) }, { status: 'failed', failureReason: reason, updatedAt: () => 'now()' });
  }

  /** Schemes and semesters of a student planned or paid by any other application. */
  async takenByOthers(studentId: string, academicYear: string, workflowId: string): Promise<{ scheme: string; semester: string; workflow_id: string }[]> {
    // SQL: a join of the ledger on itself (the live rows of other workflows for the student).
    return this.dataSource.query(
      `SELECT scheme, semester, workflow_id FROM students.aid_payments
        WHERE student_id = $1 AND academic_year = $2 AND workflow_id <> $3 AND status IN ('planned', 'sending', 'paid')`,
      [studentId, academicYear, workflowId],
    );
  }

  /**
   * Hands an application's planned rows to the semester cycles (its workflow stops paying them): the
   * way an application started before cycles gives its payments up. Answers how many changed hands.
   */
  async handToCycles(workflowId: string, semesters?: string[]): Promise<number> {
    // SQL: a bulk UPDATE counted through a CTE, in one statement.
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH handed AS (UPDATE students.aid_payments SET paid_by = 'cycle', updated_at = now()
        WHERE workflow_id = $1 AND paid_by = 'application' AND status = 'planned' AND ($2::text[] IS NULL OR semester = ANY($2)) RETURNING id)
       SELECT count(*)::int AS n FROM handed`,
      [workflowId, semesters ?? null],
    );
    return n;
  }

  // ——— semester cycles: bulk selection and marking, by key (never OFFSET), a statement per batch ———

  /**
   * Claims up to `limit` rows due in the term (planned, left to cycles, not claimed) after `afterId`,
   * recording the county and stage of the student they are paid under, and lists each in
   * `payment_cycle_rows` (term, run, county, id) in the same statement. Answers the last id looked at
   * (undefined when none was left) and how many were claimed. Idempotent: a claimed row is not
   * claimed again (the stamp is the guard, so the listing needs no conflict check). The ledger row's
   * update is heap-only (no indexed column changes); the listing is a narrow row in one index.
   * Shaped so no statistics make it scan a table: the student and the ledger row are each looked up
   * on their primary key (LATERAL; ANY(ARRAY(…))), where a hash join walked the whole ledger and
   * every student for each batch. (Raw SQL: an UPDATE … FROM over a keyset selection, feeding an INSERT.)
   */
  async claimForCycle(term: string, afterId: string, limit: number, run = 1): Promise<{ lastId?: string; claimed: number }> {
    const [row]: { last_id: string | null; claimed: number }[] = await this.dataSource.query(
      `WITH batch AS MATERIALIZED (
         SELECT p.id, s.county_code, s.stage FROM students.aid_payments p,
           LATERAL (SELECT county_code, stage FROM students.students WHERE id = p.student_id LIMIT 1) s
          WHERE p.paid_by = 'cycle' AND p.semester = $1 AND p.id > $2
          ORDER BY p.id LIMIT $3),
       claimed AS (
         UPDATE students.aid_payments p SET cycle_term = $1, cycle_run = $4, cycle_county_code = b.county_code, cycle_stage = b.stage, updated_at = now()
           FROM batch b
          WHERE p.id = ANY (ARRAY(SELECT id FROM batch)) AND p.id = b.id AND p.cycle_term IS NULL AND p.status = 'planned'
          RETURNING p.id, p.cycle_county_code),
       -- A plain INSERT, no ON CONFLICT: only the statement that stamps a row (cycle_term NULL → the
       -- term, under the row's lock; a stamp is never cleared) lists it for the run, so the listing
       -- cannot hold it yet. With ON CONFLICT DO NOTHING (a speculative insertion per row) the listing
       -- took 223 ms of a 20,000-row batch's 790 ms (EXPLAIN ANALYZE, one connection).
       listed AS (
         INSERT INTO students.payment_cycle_rows (term, run, county_code, ledger_id)
         SELECT $1, $4, cycle_county_code, id FROM claimed)
       SELECT (SELECT max(id) FROM batch)::text AS last_id, (SELECT count(*) FROM claimed)::int AS claimed`,
      [term, afterId, limit, run],
    );
    return { ...(row.last_id ? { lastId: row.last_id } : {}), claimed: row.claimed };
  }

  /**
   * What a follow-up run takes besides its own semester's rows (claimForCycle): rows of earlier
   * semesters planned after their own term's runs (an application approved late, a payment paid
   * again after a fix), claimed under this run; and the rows earlier runs ended with still planned
   * or sending (a cancelled run, a batch never answered), taken over by this run (a 'sending' row
   * is sent again with the same key: the bank pays each key once). Small sets (the province's bulk
   * is claimed by claimForCycle), so one statement each. Answers how many rows it took.
   */
  async claimEarlierDue(term: string, run: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE students.aid_payments p SET cycle_term = $1, cycle_run = $2, cycle_county_code = s.county_code, cycle_stage = s.stage, updated_at = now()
           FROM students.students s
          WHERE s.id = p.student_id AND p.paid_by = 'cycle' AND p.cycle_term IS NULL AND p.status = 'planned' AND p.semester < $1
          RETURNING p.id, p.cycle_county_code),
       listed AS (
         INSERT INTO students.payment_cycle_rows (term, run, county_code, ledger_id)
         SELECT $1, $2, cycle_county_code, id FROM claimed ON CONFLICT DO NOTHING)
       SELECT count(*)::int AS n FROM claimed`,
      [term, run],
    );
    return n;
  }

  /**
   * Takes over an earlier, finished run's rows still planned or sending (see claimEarlierDue): found
   * through that run's listing, moved to this run (a heap-only update) and listed for it in the same
   * statement. The earlier run's listing keeps them, but its reads skip a row the ledger says is now
   * another run's.
   */
  async takeOverUnsettled(from: { term: string; run: number }, term: string, run: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH taken AS (
         UPDATE students.aid_payments p SET cycle_term = $3, cycle_run = $4, updated_at = now()
           FROM students.payment_cycle_rows r
          WHERE r.term = $1 AND r.run = $2 AND p.id = r.ledger_id
            AND p.cycle_term = $1 AND p.cycle_run = $2 AND p.paid_by = 'cycle' AND p.status IN ('planned', 'sending')
          RETURNING p.id, p.cycle_county_code),
       listed AS (
         INSERT INTO students.payment_cycle_rows (term, run, county_code, ledger_id)
         SELECT $3, $4, cycle_county_code, id FROM taken ON CONFLICT DO NOTHING)
       SELECT count(*)::int AS n FROM taken`,
      [from.term, from.run, term, run],
    );
    return n;
  }

  /** The counties a run's claimed rows lie in, with their counts and sums. */
  async cycleCounties(term: string, run = 1): Promise<{ county_code: string; due: number; due_fen: string }[]> {
    // SQL: an aggregate over the run's claimed rows joined to the ledger.
    return this.dataSource.query(
      `SELECT r.county_code, count(*)::int AS due, sum(p.amount_fen)::text AS due_fen
         FROM students.payment_cycle_rows r JOIN students.aid_payments p ON p.id = r.ledger_id AND p.cycle_term = r.term AND p.cycle_run = r.run
        WHERE r.term = $1 AND r.run = $2 GROUP BY r.county_code ORDER BY r.county_code`,
      [term, run],
    );
  }

  /** The next chunk of a county's rows still to pay (planned, or sending with an unknown outcome), by key. */
  async cycleChunk(term: string, countyCode: string, afterId: string, limit: number, run = 1): Promise<CycleChunkRow[]> {
    return this.dataSource.query(
      // The county's listing walked in key order; each row looked up on the ledger's primary key
      // (LATERAL … LIMIT 1, which the planner cannot flatten into a hash join that reads the whole
      // ledger: index lookups whatever the statistics), paid ones skipped. Ordered by the column,
      // not by the text alias: the keyset is numeric.
      `SELECT p.id::text AS id, p.idempotency_key, p.workflow_id, p.student_id, p.scheme, p.semester, p.amount_fen, p.status
         FROM students.payment_cycle_rows r,
         LATERAL (SELECT * FROM students.aid_payments WHERE id = r.ledger_id AND cycle_term = $1 AND cycle_run = $5 AND status IN ('planned', 'sending') LIMIT 1) p
        WHERE r.term = $1 AND r.run = $5 AND r.county_code = $2 AND r.ledger_id > $3
        ORDER BY r.ledger_id LIMIT $4`,
      [term, countyCode, afterId, limit, run],
    );
  }

  /**
   * planned/sending → sending, counting the attempt, before the batch goes to the bank; answers the
   * ids marked, the only ones that may be sent (a row cancelled since the chunk was read is not).
   * A heap-only update (no indexed column changes, pages keep room): it writes no index.
   */
  async markSendingMany(term: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH sending AS (UPDATE students.aid_payments SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = ANY($2::bigint[]) AND cycle_term = $1 AND status IN ('planned', 'sending') RETURNING id)
       SELECT id::text AS id FROM sending`,
      [term, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * sending → paid with the bank's reference, by idempotency key; a row already paid is left alone.
   * Shaped so no statistics can make it scan: each key is looked up on its unique index (the LIMIT 1
   * keeps that lookup a lateral subquery), then the rows are updated by primary key. Joined
   * directly, the planner believed the statistics: taken before the claim (no row in the term) or
   * while all rows were planned (none 'sending'), it estimated one row and walked the whole term,
   * or the whole table, for every chunk: 3-8 s a chunk of 2,700 rows instead of 0.1 s.
   */
  async markPaidByKeys(term: string, lines: { key: string; reference: string }[]): Promise<LedgerChange> {
    if (lines.length === 0) return { n: 0, fen: 0 };
    return this.markPaidFrom(
      `SELECT x.id, l.reference FROM unnest($2::text[], $3::text[]) AS l(key, reference),
         LATERAL (SELECT id FROM students.aid_payments WHERE idempotency_key = l.key LIMIT 1) x`,
      [term, lines.map((l) => l.key), lines.map((l) => l.reference)],
    );
  }

  /**
   * sending → paid with the bank's reference, by ledger id (the chunk's own rows: the activity knows
   * each line's id from its key). A heap-only update, looked up on the primary key; the ids are
   * walked through ANY(ARRAY(…)) so the plan is index lookups whatever the statistics (see
   * markPaidByKeys). A row already paid, or no longer the cycle's, is left alone. Answers how many
   * rows it changed and their sum (the county's progress counts add them).
   */
  async markPaidByIds(term: string, lines: { id: string; reference: string }[]): Promise<LedgerChange> {
    if (lines.length === 0) return { n: 0, fen: 0 };
    return this.markPaidFrom(`SELECT * FROM unnest($2::bigint[], $3::text[]) AS l(id, reference)`, [term, lines.map((l) => l.id), lines.map((l) => l.reference)]);
  }

  /**
   * sending → paid for the lines `lineSql` answers (id, reference; $1 is the term): the rows are
   * updated by primary key through ANY(ARRAY(…)), so the plan is index lookups whatever the
   * statistics. Counted through a CTE (TypeORM answers a bare UPDATE … RETURNING with [rows, count]).
   */
  private async markPaidFrom(lineSql: string, params: unknown[]): Promise<LedgerChange> {
    const [row]: { n: number; fen: string }[] = await this.dataSource.query(
      `WITH line AS MATERIALIZED (${lineSql}),
       paid AS (UPDATE students.aid_payments p SET status = 'paid', bank_reference = l.reference, paid_at = now(), updated_at = now()
         FROM line l
        WHERE p.id = ANY (ARRAY(SELECT id FROM line)) AND p.id = l.id AND p.cycle_term = $1 AND p.status = 'sending' RETURNING p.amount_fen)
       SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::text AS fen FROM paid`,
      params,
    );
    return { n: row.n, fen: Number(row.fen) };
  }

  /** planned/sending → failed with the bank's code, by idempotency key; answers the rows that changed (id and amount). */
  async markFailedByKeys(term: string, lines: { key: string; code: string; reason: string }[]): Promise<{ id: string; fen: number }[]> {
    if (lines.length === 0) return [];
    const rows: { id: string; fen: string }[] = await this.dataSource.query(
      `WITH failed AS (UPDATE students.aid_payments p SET status = 'failed', failure_code = l.code, failure_reason = l.reason, updated_at = now()
         FROM unnest($2::text[], $3::text[], $4::text[]) AS l(key, code, reason)
        WHERE p.idempotency_key = l.key AND p.cycle_term = $1 AND p.status IN ('planned', 'sending') RETURNING p.id, p.amount_fen)
       SELECT id::text AS id, amount_fen::text AS fen FROM failed`,
      [term, lines.map((l) => l.key), lines.map((l) => l.code), lines.map((l) => l.reason)],
    );
    return rows.map((r) => ({ id: r.id, fen: Number(r.fen) }));
  }

  /**
   * The failed rows of a county's key range whose casework task is not made yet, with what the task
   * needs (the student's place, the application's submitter). Read from the ledger, not from what
   * one attempt changed: rows an earlier, failed attempt marked are reported too.
   */
  async failuresToReport(term: string, countyCode: string, afterId: string, lastId: string, run = 1): Promise<FailureFacts[]> {
    return this.dataSource.query(
      `SELECT p.id::text AS id, p.idempotency_key, p.workflow_id, p.student_id, s.village_code, s.school_code, a.submitted_by, p.scheme, p.amount_fen, p.failure_code
         FROM students.payment_cycle_rows r,
         LATERAL (SELECT * FROM students.aid_payments WHERE id = r.ledger_id AND cycle_term = $1 AND cycle_run = $5 AND status = 'failed' AND failure_task_at IS NULL LIMIT 1) p
         JOIN students.students s ON s.id = p.student_id
         LEFT JOIN students.aid_applications a ON a.workflow_id = p.workflow_id
        WHERE r.term = $1 AND r.run = $5 AND r.county_code = $2 AND r.ledger_id > $3 AND r.ledger_id <= $4
        ORDER BY r.ledger_id`,
      [term, countyCode, afterId, lastId, run],
    );
  }

  /** The failures' casework tasks exist: they are not reported again. */
  async markFailureTasksMade(term: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // SQL: one UPDATE for the whole batch of ids (= ANY).
    await this.dataSource.query(
      `UPDATE students.aid_payments SET failure_task_at = now() WHERE cycle_term = $1 AND id = ANY($2::bigint[]) AND failure_task_at IS NULL`,
      [term, ids],
    );
  }

  /** A county's rows of a run by status (its listing, each row looked up on the primary key: LATERAL … LIMIT 1, see cycleChunk). */
  async cycleCounts(term: string, countyCode: string, run = 1): Promise<CycleCounts> {
    const rows: { status: string; n: number; fen: string }[] = await this.dataSource.query(
      `SELECT p.status, count(*)::int AS n, sum(p.amount_fen)::text AS fen
         FROM students.payment_cycle_rows r,
         LATERAL (SELECT status, amount_fen FROM students.aid_payments WHERE id = r.ledger_id AND cycle_term = r.term AND cycle_run = r.run LIMIT 1) p
        WHERE r.term = $1 AND r.run = $3 AND r.county_code = $2 GROUP BY p.status`,
      [term, countyCode, run],
    );
    const of = (status: string) => rows.find((r) => r.status === status);
    return {
      due: rows.reduce((a, r) => a + r.n, 0),
      dueFen: rows.reduce((a, r) => a + Number(r.fen), 0),
      planned: of('planned')?.n ?? 0,
      sending: of('sending')?.n ?? 0,
      paid: of('paid')?.n ?? 0,
      paidFen: Number(of('paid')?.fen ?? 0),
      failed: of('failed')?.n ?? 0,
      failedFen: Number(of('failed')?.fen ?? 0),
      cancelled: of('cancelled')?.n ?? 0,
    };
  }

  /** A run's rows at the report's grain. */
  async cycleTotals(term: string, run = 1): Promise<CycleTotalsRow[]> {
    // SQL: the report's aggregate (GROUP BY, sums).
    return this.dataSource.query(
      `SELECT p.cycle_county_code AS county_code, p.cycle_stage AS stage, p.scheme, p.rule_id, p.standards_version, p.status, count(*)::text AS payments, sum(p.amount_fen)::text AS amount_fen
         FROM students.payment_cycle_rows r JOIN students.aid_payments p ON p.id = r.ledger_id AND p.cycle_term = r.term AND p.cycle_run = r.run
        WHERE r.term = $1 AND r.run = $2
        GROUP BY p.cycle_county_code, p.cycle_stage, p.scheme, p.rule_id, p.standards_version, p.status
        ORDER BY 1, 2, 3, 4, 5, 6`,
      [term, run],
    );
  }

  /** A run's failed (and later returned) payments, by key. */
  async cycleFailures(term: string, run = 1): Promise<CycleFailureRow[]> {
    // SQL: a keyed listing joined to the ledger.
    return this.dataSource.query(
      `SELECT p.id::text AS id, p.idempotency_key, p.workflow_id, p.student_id, p.cycle_county_code AS county_code, p.cycle_stage AS stage, p.scheme, p.amount_fen, p.failure_code, p.failure_reason
         FROM students.payment_cycle_rows r JOIN students.aid_payments p ON p.id = r.ledger_id AND p.cycle_term = r.term AND p.cycle_run = r.run
        WHERE r.term = $1 AND r.run = $2 AND p.status IN ('failed', 'returned') ORDER BY p.id`,
      [term, run],
    );
  }

  // ——— paying again: returns, and the next attempt after a fix ———

  /**
   * paid → returned, by idempotency key, for payments the receiving bank sent back; answers what a
   * repair task needs of each row of those keys that is returned now.
   */
  async markReturnedByKeys(lines: { key: string; code: string; returnedAt: string }[]): Promise<FailureFacts[]> {
    if (lines.length === 0) return [];
    await this.dataSource.query(
      `UPDATE students.aid_payments p SET status = 'returned', failure_code = l.code, failure_reason = 'returned by the receiving bank: ' || l.code,
              returned_at = l.at::timestamptz, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS l(key, code, at)
        WHERE p.idempotency_key = l.key AND p.status = 'paid'`,
      [lines.map((l) => l.key), lines.map((l) => l.code), lines.map((l) => l.returnedAt)],
    );
    // Every row of these keys now returned, whether this call or an earlier, interrupted one marked it: its repair is started (once, by workflow id).
    return this.dataSource.query(
      `SELECT r.id::text AS id, r.idempotency_key, r.workflow_id, r.student_id, s.village_code, s.school_code, a.submitted_by, r.scheme, r.amount_fen, r.failure_code
         FROM students.aid_payments r JOIN students.students s ON s.id = r.student_id
         LEFT JOIN students.aid_applications a ON a.workflow_id = r.workflow_id
        WHERE r.idempotency_key = ANY($1::text[]) AND r.status = 'returned'
        ORDER BY r.id`,
      [lines.map((l) => l.key)],
    );
  }

  /**
   * The next attempt of a failed or returned payment: a new planned row for the cycles, with the
   * same application, scheme, semester and amount, attempt n+1 and its own key (the bank keeps the
   * old key's result for ever). Once per row (unique retry_of): a repeat answers the row made first.
   */
  async planNextAttempt(ledgerId: string): Promise<string | undefined> {
    // SQL: INSERT … SELECT from the failed row, ON CONFLICT DO NOTHING on the unique retry_of (once per row).
    const made: { id: string }[] = await this.dataSource.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by, attempt, retry_of)
       SELECT p.workflow_id || ':' || p.scheme || ':' || p.semester || ':attempt-' || (p.attempt + 1), p.workflow_id, p.student_id, p.academic_year, p.semester, p.scheme, p.rule_id,
              p.standards_version, p.amount_fen, p.starts_on, 'cycle', p.attempt + 1, p.id
         FROM students.aid_payments p WHERE p.id = $1 AND p.status IN ('failed', 'returned')
       ON CONFLICT DO NOTHING
       RETURNING id::text AS id`,
      [ledgerId],
    );
    if (made[0]) return made[0].id;
    const earlier = await this.payments.findOne({ select: { id: true }, where: { retryOf: ledgerId } });
    return earlier?.id;
  }
}
