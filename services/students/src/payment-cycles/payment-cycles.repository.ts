import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import type { PaymentCycleState } from '@eduaid/contracts';
import type { CycleCounts } from '../payments/payments.repository';
import { BankReturnFeedEntity } from './bank-return-feed.entity';
import { PaymentCycleCountyEntity } from './payment-cycle-county.entity';
import { PaymentCycleEntity } from './payment-cycle.entity';

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
const FINISHED_STATES: PaymentCycleState[] = ['completed', 'cancelled'];

function cycleRow(c: PaymentCycleEntity): PaymentCycleRow {
  return {
    term: c.term, run: c.run, workflow_id: c.workflowId, state: c.state, started_by: c.startedBy, started_at: c.startedAt, finished_at: c.finishedAt,
    updated_at: c.updatedAt, unsettled: c.unsettled, handed_to: c.handedTo,
  };
}

function countyRow(k: PaymentCycleCountyEntity): PaymentCycleCountyRow {
  return {
    county_code: k.countyCode, state: k.state, due: k.due, due_fen: k.dueFen, planned: k.planned, sending: k.sending, paid: k.paid, paid_fen: k.paidFen,
    failed: k.failed, failed_fen: k.failedFen, cancelled: k.cancelled, batches: k.batches, rounds: k.rounds, updated_at: k.updatedAt,
  };
}

/** The durable record of semester cycles (students.payment_cycles and its counties), written by the cycle's activities. */
@Injectable()
export class PaymentCyclesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get cycles(): Repository<PaymentCycleEntity> {
    return this.dataSource.getRepository(PaymentCycleEntity);
  }

  private get countyRows(): Repository<PaymentCycleCountyEntity> {
    return this.dataSource.getRepository(PaymentCycleCountyEntity);
  }

  /** A run's row as its workflow opens it; a retried open (or a row the API wrote first) is left as it is. */
  async open(term: string, run: number, workflowId: string, startedBy: string): Promise<void> {
    // ON CONFLICT on the key (term, run) only: a clash with another open run of the term must still fail,
    // which the ORM's orIgnore() (a conflict on any unique index) would swallow. SQL.
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
      await this.cycles.insert({ term, run, workflowId, state: 'selecting', startedBy });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  /** Removes a run's row that never got its workflow (the start failed), so it does not block the term. */
  async forget(term: string, run: number): Promise<void> {
    await this.cycles.delete({ term, run, state: 'selecting' });
  }

  /** One row per county with its due count and sum; counts already written are kept. */
  async addCounties(term: string, run: number, counties: { county_code: string; due: number; due_fen: string }[]): Promise<void> {
    if (counties.length === 0) return;
    // Every county of the run in one statement (unnest), merged ON CONFLICT: SQL.
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
    // Guarded by the state and summing the counties in a correlated subquery, in one statement: SQL.
    await this.dataSource.query(
      `UPDATE students.payment_cycles c SET state = $2, updated_at = now()${
        finished ? `, finished_at = coalesce(finished_at, now()), unsettled = coalesce((SELECT sum(planned + sending) FROM students.payment_cycle_counties k WHERE k.term = c.term AND k.run = c.run), 0)` : ''
      }
        WHERE term = $1 AND run = $3 AND state NOT IN ${FINISHED}`,
      [term, state, run],
    );
  }

  async setCountyState(term: string, run: number, countyCode: string, state: PaymentCycleCountyRow['state'], round?: number): Promise<void> {
    // rounds only grows: a late write of an earlier round leaves it.
    await this.countyRows.createQueryBuilder().update()
      .set({ state, rounds: () => 'greatest(rounds, :round)', updatedAt: () => 'now()' })
      .where('term = :term AND county_code = :countyCode AND run = :run', { term, countyCode, run })
      .setParameter('round', round ?? 0)
      .execute();
  }

  /** A county's counts as the ledger has them now (recomputed, so a retried batch never counts twice). */
  async saveCounts(term: string, run: number, countyCode: string, counts: CycleCounts, batch: boolean): Promise<void> {
    await this.countyRows.createQueryBuilder().update()
      .set({
        due: counts.due, dueFen: String(counts.dueFen), planned: counts.planned, sending: counts.sending, paid: counts.paid, paidFen: String(counts.paidFen),
        failed: counts.failed, failedFen: String(counts.failedFen), cancelled: counts.cancelled, batches: () => (batch ? 'batches + 1' : 'batches'), updatedAt: () => 'now()',
      })
      .where('term = :term AND county_code = :countyCode AND run = :run', { term, countyCode, run })
      .execute();
  }

  /**
   * Adds one batch's changes to a county's counts (planned → sending, sending → paid, → failed), as
   * the batch's own statements answered them: no recount of the county after each batch. Counts
   * never go below zero. A batch whose attempt failed after marking rows and before this write
   * leaves the counts short until the county's recount as it ends (saveCounts), which is exact.
   */
  async addCounts(term: string, run: number, countyCode: string, delta: CountyDelta): Promise<void> {
    // After every bank batch (the cycle's hot path): one relative UPDATE, left as SQL.
    await this.dataSource.query(
      `UPDATE students.payment_cycle_counties SET planned = greatest(0, planned + $3), sending = greatest(0, sending + $4), paid = paid + $5, paid_fen = paid_fen + $6,
         failed = failed + $7, failed_fen = failed_fen + $8, batches = batches + 1, updated_at = now()
        WHERE term = $1 AND county_code = $2 AND run = $9`,
      [term, countyCode, delta.planned, delta.sending, delta.paid, delta.paidFen, delta.failed, delta.failedFen, run],
    );
  }

  /** A run of the term; without a run number, the latest. */
  async find(term: string, run?: number): Promise<PaymentCycleRow | undefined> {
    const found = run ? await this.cycles.findOneBy({ term, run }) : await this.cycles.findOne({ where: { term }, order: { run: 'DESC' } });
    return found ? cycleRow(found) : undefined;
  }

  /** Every run of the term, first to last. */
  async runs(term: string): Promise<PaymentCycleRow[]> {
    return (await this.cycles.find({ where: { term }, order: { run: 'ASC' } })).map(cycleRow);
  }

  /** Finished runs of this term or earlier ones that left rows unpaid and handed them to no later run yet. */
  async withLeftovers(term: string): Promise<{ term: string; run: number }[]> {
    return this.cycles.find({
      select: { term: true, run: true },
      where: { term: LessThanOrEqual(term), state: In(FINISHED_STATES), unsettled: MoreThan(0), handedTo: IsNull() },
      order: { term: 'ASC', run: 'ASC' },
    }).then((rows) => rows.map((r) => ({ term: r.term, run: r.run })));
  }

  /** The run's unpaid rows now belong to a later run. */
  async markHandedOn(from: { term: string; run: number }, toRun: number): Promise<void> {
    await this.cycles.update({ term: from.term, run: from.run }, { handedTo: toRun, updatedAt: () => 'now()' });
  }

  /** The counties whose code starts with `prefix` (the caller's jurisdiction), by code. */
  async counties(term: string, run: number, prefix: string): Promise<PaymentCycleCountyRow[]> {
    const rows = await this.countyRows.createQueryBuilder('k')
      .where('k.term = :term AND k.run = :run', { term, run })
      .andWhere(`k.countyCode LIKE :prefix || '%'`, { prefix })
      .orderBy('k.countyCode').getMany();
    return rows.map(countyRow);
  }

  /** The feed's position: how far the bank's returns have been read. */
  async returnsPosition(feed: string): Promise<number> {
    const row = await this.dataSource.getRepository(BankReturnFeedEntity).findOneBy({ feed });
    return Number(row?.position ?? 0);
  }

  /** Moves the feed's position on (never back: a slower, retried reader does not undo a faster one). */
  async saveReturnsPosition(feed: string, position: number): Promise<void> {
    // An upsert guarded by greatest() so the position never moves back: SQL.
    await this.dataSource.query(
      `INSERT INTO students.bank_return_feed (feed, position) VALUES ($1, $2)
       ON CONFLICT (feed) DO UPDATE SET position = greatest(students.bank_return_feed.position, EXCLUDED.position), updated_at = now()`,
      [feed, position],
    );
  }
}
