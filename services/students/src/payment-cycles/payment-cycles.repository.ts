import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PaymentCycleState } from '@eduaid/contracts';
import type { CycleCounts } from '../payments/payments.repository';

export interface PaymentCycleRow {
  term: string;
  run: number;
  workflow_id: string;
  state: PaymentCycleState;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  updated_at: Date;
  unsettled: number;
  handed_to: number | null;
}

export interface PaymentCycleCountyRow {
  county_code: string;
  state: 'waiting' | 'running' | 'done' | 'cancelled';
  due: number;
  due_fen: string;
  planned: number;
  sending: number;
  paid: number;
  paid_fen: string;
  failed: number;
  failed_fen: string;
  cancelled: number;
  batches: number;
  rounds: number;
  updated_at: Date;
}

/** One batch's changes to its county's counts (see PaymentCyclesRepository.addCounts). */
export type CountyDelta = Pick<CycleCounts, 'planned' | 'sending' | 'paid' | 'paidFen' | 'failed' | 'failedFen'>;

const FINISHED = `('completed', 'cancelled')`;

/** The durable record of semester cycles (students.payment_cycles and its counties), written by the cycle's activities. */
@Injectable()
export class PaymentCyclesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A run's row as its workflow opens it; a retried open (or a row the API wrote first) is left as it is. */
  async open(term: string, run: number, workflowId: string, startedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO students.payment_cycles (term, run, workflow_id, state, started_by) VALUES ($1, $2, $3, 'selecting', $4) ON CONFLICT (term, run) DO NOTHING`,
      [term, run, workflowId, startedBy],
    );
  }

  /**
   * The API's claim on a new run: answers false when the run exists already or another run of the
   * term is open (the primary key, or the partial unique index on open runs): of two racing starts one wins.
   */
  async create(term: string, run: number, workflowId: string, startedBy: string): Promise<boolean> {
    try {
      await this.dataSource.query(`INSERT INTO students.payment_cycles (term, run, workflow_id, state, started_by) VALUES ($1, $2, $3, 'selecting', $4)`, [term, run, workflowId, startedBy]);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  /** Removes a run's row that never got its workflow (the start failed), so it does not block the term. */
  async forget(term: string, run: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM students.payment_cycles WHERE term = $1 AND run = $2 AND state = 'selecting'`, [term, run]);
  }

  /** One row per county with its due count and sum; counts already written are kept. */
  async addCounties(term: string, run: number, counties: { county_code: string; due: number; due_fen: string }[]): Promise<void> {
    if (counties.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO students.payment_cycle_counties (term, run, county_code, due, due_fen, planned)
       SELECT $1, $5, c, d, f, d FROM unnest($2::text[], $3::int[], $4::bigint[]) AS u(c, d, f)
       ON CONFLICT (term, run, county_code) DO UPDATE SET due = EXCLUDED.due, due_fen = EXCLUDED.due_fen, updated_at = now()`,
      [term, counties.map((c) => c.county_code), counties.map((c) => c.due), counties.map((c) => c.due_fen), run],
    );
  }

  /**
   * A finished run's state never changes again (a late or retried write is ignored). As it ends, the
   * run records what it left planned or sending (its counties' last counts): the next run takes those rows over.
   */
  async setState(term: string, run: number, state: PaymentCycleState): Promise<void> {
    const finished = state === 'completed' || state === 'cancelled';
    await this.dataSource.query(
      `UPDATE students.payment_cycles c SET state = $2, updated_at = now()${
        finished ? `, finished_at = coalesce(finished_at, now()), unsettled = coalesce((SELECT sum(planned + sending) FROM students.payment_cycle_counties k WHERE k.term = c.term AND k.run = c.run), 0)` : ''
      }
        WHERE term = $1 AND run = $3 AND state NOT IN ${FINISHED}`,
      [term, state, run],
    );
  }

  async setCountyState(term: string, run: number, countyCode: string, state: PaymentCycleCountyRow['state'], round?: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET state = $3, rounds = greatest(rounds, coalesce($4, 0)), updated_at = now() WHERE term = $1 AND county_code = $2 AND run = $5`,
      [term, countyCode, state, round ?? null, run],
    );
  }

  /** A county's counts as the ledger has them now (recomputed, so a retried batch never counts twice). */
  async saveCounts(term: string, run: number, countyCode: string, counts: CycleCounts, batch: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET due = $3, due_fen = $4, planned = $5, sending = $6, paid = $7, paid_fen = $8, failed = $9, failed_fen = $10,
         cancelled = $11, batches = batches + $12, updated_at = now()
        WHERE term = $1 AND county_code = $2 AND run = $13`,
      [term, countyCode, counts.due, counts.dueFen, counts.planned, counts.sending, counts.paid, counts.paidFen, counts.failed, counts.failedFen, counts.cancelled, batch ? 1 : 0, run],
    );
  }

  /**
   * Adds one batch's changes to a county's counts (planned → sending, sending → paid, → failed), as
   * the batch's own statements answered them: no recount of the county after each batch. Counts
   * never go below zero. A batch whose attempt failed after marking rows and before this write
   * leaves the counts short until the county's recount as it ends (saveCounts), which is exact.
   */
  async addCounts(term: string, run: number, countyCode: string, delta: CountyDelta): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET planned = greatest(0, planned + $3), sending = greatest(0, sending + $4), paid = paid + $5, paid_fen = paid_fen + $6,
         failed = failed + $7, failed_fen = failed_fen + $8, batches = batches + 1, updated_at = now()
        WHERE term = $1 AND county_code = $2 AND run = $9`,
      [term, countyCode, delta.planned, delta.sending, delta.paid, delta.paidFen, delta.failed, delta.failedFen, run],
    );
  }

  /** A run of the term; without a run number, the latest. */
  async find(term: string, run?: number): Promise<PaymentCycleRow | undefined> {
    const rows: PaymentCycleRow[] = run
      ? await this.dataSource.query('SELECT * FROM students.payment_cycles WHERE term = $1 AND run = $2', [term, run])
      : await this.dataSource.query('SELECT * FROM students.payment_cycles WHERE term = $1 ORDER BY run DESC LIMIT 1', [term]);
    return rows[0];
  }

  /** Every run of the term, first to last. */
  async runs(term: string): Promise<PaymentCycleRow[]> {
    return this.dataSource.query('SELECT * FROM students.payment_cycles WHERE term = $1 ORDER BY run', [term]);
  }

  /** Finished runs of this term or earlier ones that left rows unpaid and handed them to no later run yet. */
  async withLeftovers(term: string): Promise<{ term: string; run: number }[]> {
    return this.dataSource.query(
      `SELECT term, run FROM students.payment_cycles WHERE term <= $1 AND state IN ${FINISHED} AND unsettled > 0 AND handed_to IS NULL ORDER BY term, run`,
      [term],
    );
  }

  /** The run's unpaid rows now belong to a later run. */
  async markHandedOn(from: { term: string; run: number }, toRun: number): Promise<void> {
    await this.dataSource.query(`UPDATE students.payment_cycles SET handed_to = $3, updated_at = now() WHERE term = $1 AND run = $2`, [from.term, from.run, toRun]);
  }

  /** The counties whose code starts with `prefix` (the caller's jurisdiction), by code. */
  async counties(term: string, run: number, prefix: string): Promise<PaymentCycleCountyRow[]> {
    return this.dataSource.query(
      `SELECT * FROM students.payment_cycle_counties WHERE term = $1 AND run = $3 AND county_code LIKE $2 || '%' ORDER BY county_code`,
      [term, prefix, run],
    );
  }

  /** The feed's position: how far the bank's returns have been read. */
  async returnsPosition(feed: string): Promise<number> {
    const rows: { position: string }[] = await this.dataSource.query(`SELECT position::text FROM students.bank_return_feed WHERE feed = $1`, [feed]);
    return Number(rows[0]?.position ?? 0);
  }

  /** Moves the feed's position on (never back: a slower, retried reader does not undo a faster one). */
  async saveReturnsPosition(feed: string, position: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO students.bank_return_feed (feed, position) VALUES ($1, $2)
       ON CONFLICT (feed) DO UPDATE SET position = greatest(students.bank_return_feed.position, EXCLUDED.position), updated_at = now()`,
      [feed, position],
    );
  }
}
