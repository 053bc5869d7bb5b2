import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PaymentCycleState } from '@eduaid/contracts';
import type { CycleCounts } from '../payments/payments.repository';

export interface PaymentCycleRow {
  term: string;
  workflow_id: string;
  state: PaymentCycleState;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  updated_at: Date;
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

const FINISHED = `('completed', 'cancelled')`;

/** The durable record of semester cycles (students.payment_cycles and its counties), written by the cycle's activities. */
@Injectable()
export class PaymentCyclesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The cycle's row as it starts; a retried open leaves a row already written as it is. */
  async open(term: string, workflowId: string, startedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO students.payment_cycles (term, workflow_id, state, started_by) VALUES ($1, $2, 'selecting', $3) ON CONFLICT (term) DO NOTHING`,
      [term, workflowId, startedBy],
    );
  }

  /** One row per county with its due count and sum; counts already written are kept. */
  async addCounties(term: string, counties: { county_code: string; due: number; due_fen: string }[]): Promise<void> {
    if (counties.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO students.payment_cycle_counties (term, county_code, due, due_fen, planned)
       SELECT $1, c, d, f, d FROM unnest($2::text[], $3::int[], $4::bigint[]) AS u(c, d, f)
       ON CONFLICT (term, county_code) DO UPDATE SET due = EXCLUDED.due, due_fen = EXCLUDED.due_fen, updated_at = now()`,
      [term, counties.map((c) => c.county_code), counties.map((c) => c.due), counties.map((c) => c.due_fen)],
    );
  }

  /** A finished cycle's state never changes again (a late or retried write is ignored). */
  async setState(term: string, state: PaymentCycleState): Promise<void> {
    const finished = state === 'completed' || state === 'cancelled';
    await this.dataSource.query(
      `UPDATE students.payment_cycles SET state = $2, updated_at = now()${finished ? ', finished_at = coalesce(finished_at, now())' : ''}
        WHERE term = $1 AND state NOT IN ${FINISHED}`,
      [term, state],
    );
  }

  async setCountyState(term: string, countyCode: string, state: PaymentCycleCountyRow['state'], round?: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET state = $3, rounds = greatest(rounds, coalesce($4, 0)), updated_at = now() WHERE term = $1 AND county_code = $2`,
      [term, countyCode, state, round ?? null],
    );
  }

  /** A county's counts as the ledger has them now (recomputed, so a retried batch never counts twice). */
  async saveCounts(term: string, countyCode: string, counts: CycleCounts, batch: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET due = $3, due_fen = $4, planned = $5, sending = $6, paid = $7, paid_fen = $8, failed = $9, failed_fen = $10,
         cancelled = $11, batches = batches + $12, updated_at = now()
        WHERE term = $1 AND county_code = $2`,
      [term, countyCode, counts.due, counts.dueFen, counts.planned, counts.sending, counts.paid, counts.paidFen, counts.failed, counts.failedFen, counts.cancelled, batch ? 1 : 0],
    );
  }

  async find(term: string): Promise<PaymentCycleRow | undefined> {
    const rows: PaymentCycleRow[] = await this.dataSource.query('SELECT * FROM students.payment_cycles WHERE term = $1', [term]);
    return rows[0];
  }

  /** The counties whose code starts with `prefix` (the caller's jurisdiction), by code. */
  async counties(term: string, prefix: string): Promise<PaymentCycleCountyRow[]> {
    return this.dataSource.query(
      `SELECT * FROM students.payment_cycle_counties WHERE term = $1 AND county_code LIKE $2 || '%' ORDER BY county_code`,
      [term, prefix],
    );
  }
}
