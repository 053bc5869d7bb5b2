import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GraduateFeedTotals } from '@eduaid/contracts';
import { DomainError } from '@eduaid/platform';

export interface GraduateFeedRow {
  id: string;
  academic_year: string;
  state: 'running' | 'completed' | 'failed';
  started_by: string;
  batches: number;
  students_read: number;
  created: number;
  updated: number;
  failure: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const totalsOf = (r: Pick<GraduateFeedRow, 'batches' | 'students_read' | 'created' | 'updated'>): GraduateFeedTotals => ({ batches: r.batches, read: r.students_read, created: r.created, updated: r.updated });

/** mentoring.graduate_feeds: one row per feed; at most one running (a partial unique index). */
@Injectable()
export class GraduateFeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens a feed; false when one is running already. */
  async open(id: string, academicYear: string, startedBy: string): Promise<boolean> {
    try {
      await this.dataSource.query(`INSERT INTO mentoring.graduate_feeds (id, academic_year, state, started_by) VALUES ($1, $2, 'running', $3)`, [id, academicYear, startedBy]);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM mentoring.graduate_feeds WHERE id = $1`, [id]);
  }

  async find(id: string): Promise<GraduateFeedRow | undefined> {
    const rows: GraduateFeedRow[] = await this.dataSource.query(`SELECT * FROM mentoring.graduate_feeds WHERE id = $1`, [id]);
    return rows[0];
  }

  async running(): Promise<GraduateFeedRow | undefined> {
    const rows: GraduateFeedRow[] = await this.dataSource.query(`SELECT * FROM mentoring.graduate_feeds WHERE state = 'running'`);
    return rows[0];
  }

  async latest(limit: number): Promise<GraduateFeedRow[]> {
    return this.dataSource.query(`SELECT * FROM mentoring.graduate_feeds ORDER BY started_at DESC, id LIMIT $1`, [limit]);
  }

  /**
   * Runs `work` for batch `batch` of the feed and adds its counts, once: the feed's row is locked and
   * its batch counter says whether this batch was done already (a retried activity), in which case
   * `work` is not run again and the totals so far are answered.
   */
  async countBatch(feedId: string, batch: number, work: (manager: EntityManager) => Promise<{ read: number; created: number; updated: number }>): Promise<GraduateFeedTotals> {
    return this.dataSource.transaction(async (manager) => {
      const [feed]: GraduateFeedRow[] = await manager.query(`SELECT * FROM mentoring.graduate_feeds WHERE id = $1 FOR UPDATE`, [feedId]);
      if (!feed) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${feedId}.`);
      if (feed.batches > batch) return totalsOf(feed);
      const counts = await work(manager);
      const [updated]: GraduateFeedRow[] = await manager.query(
        `UPDATE mentoring.graduate_feeds SET batches = $2 + 1, students_read = students_read + $3, created = created + $4, updated = updated + $5 WHERE id = $1 RETURNING *`,
        [feedId, batch, counts.read, counts.created, counts.updated],
      );
      return totalsOf(updated);
    });
  }

  /** Ends a running feed (a finished one keeps its first ending) and answers its totals. */
  async finish(id: string, state: 'completed' | 'failed', failure?: string): Promise<GraduateFeedTotals> {
    await this.dataSource.query(
      `UPDATE mentoring.graduate_feeds SET state = $2, failure = $3, finished_at = now() WHERE id = $1 AND state = 'running'`,
      [id, state, failure ?? null],
    );
    const row = await this.find(id);
    if (!row) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${id}.`);
    return totalsOf(row);
  }
}
