import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { GraduateFeedTotals } from '@eduaid/contracts';
import { DomainError } from '@eduaid/platform';
import { GraduateFeedEntity } from './graduate-feed.entity';

const totalsOf = (r: Pick<GraduateFeedEntity, 'batches' | 'studentsRead' | 'created' | 'updated'>): GraduateFeedTotals => ({ batches: r.batches, read: r.studentsRead, created: r.created, updated: r.updated });

/** mentoring.graduate_feeds: one row per feed; at most one running (a partial unique index). */
@Injectable()
export class GraduateFeedsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private feeds(manager?: EntityManager): Repository<GraduateFeedEntity> {
    return (manager ?? this.dataSource.manager).getRepository(GraduateFeedEntity);
  }

  /** Opens a feed; false when one is running already. */
  async open(id: string, academicYear: string, startedBy: string): Promise<boolean> {
    try {
      await this.feeds().insert({ id, academicYear, state: 'running', startedBy });
      return true;
    } catch (error) {
      // The partial unique index on the running feed: another one holds it.
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    await this.feeds().delete({ id });
  }

  async find(id: string): Promise<GraduateFeedEntity | undefined> {
    return (await this.feeds().findOneBy({ id })) ?? undefined;
  }

  async running(): Promise<GraduateFeedEntity | undefined> {
    return (await this.feeds().findOneBy({ state: 'running' })) ?? undefined;
  }

  async latest(limit: number): Promise<GraduateFeedEntity[]> {
    return this.feeds().find({ order: { startedAt: 'DESC', id: 'ASC' }, take: limit });
  }

  /**
   * Runs `work` for batch `batch` of the feed and adds its counts, once: the feed's row is locked and
   * its batch counter says whether this batch was done already (a retried activity), in which case
   * `work` is not run again and the totals so far are answered.
   */
  async countBatch(feedId: string, batch: number, work: (manager: EntityManager) => Promise<{ read: number; created: number; updated: number }>): Promise<GraduateFeedTotals> {
    return this.dataSource.transaction(async (manager) => {
      const feed = await this.feeds(manager).findOne({ where: { id: feedId }, lock: { mode: 'pessimistic_write' } });
      if (!feed) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${feedId}.`);
      if (feed.batches > batch) return totalsOf(feed);
      const counts = await work(manager);
      // The row is locked until the transaction ends: adding to what was read is adding to what is stored.
      const totals = { batches: batch + 1, studentsRead: feed.studentsRead + counts.read, created: feed.created + counts.created, updated: feed.updated + counts.updated };
      await this.feeds(manager).update({ id: feedId }, totals);
      return totalsOf(totals);
    });
  }

  /** Ends a running feed (a finished one keeps its first ending) and answers its totals. */
  async finish(id: string, state: 'completed' | 'failed', failure?: string): Promise<GraduateFeedTotals> {
    await this.feeds().update({ id, state: 'running' }, { state, failure: failure ?? null, finishedAt: () => 'now()' });
    const row = await this.find(id);
    if (!row) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${id}.`);
    return totalsOf(row);
  }
}
