import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { GRADUATE_FEED_WORKFLOW, GraduateFeedInput, graduateFeedWorkflowId, parseAcademicYear } from '@eduaid/contracts';
import { academicYearOn } from '@eduaid/policy';
import { DomainError, WorkflowStarter } from '@eduaid/platform';
import { GraduateFeedDto, GraduateFeedListDto } from './dto/graduate-feed.dto';
import type { GraduateFeedEntity } from './graduate-feed.entity';
import { GraduateFeedsRepository } from './graduate-feeds.repository';

function toDto(row: GraduateFeedEntity): GraduateFeedDto {
  return {
    feedId: row.id,
    workflowId: graduateFeedWorkflowId(row.id),
    academicYear: row.academicYear,
    state: row.state,
    startedBy: row.startedBy,
    batches: row.batches,
    studentsRead: row.studentsRead,
    created: row.created,
    updated: row.updated,
    failure: row.failure ?? undefined,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString(),
  };
}

/**
 * Starting the registry feed of the graduate base (one at a time) and reading its progress. The API
 * and the Schedule start it the same way: the feed's row first (the one-running index makes a second
 * start a 409), then its workflow; a workflow that cannot start takes its row away again.
 */
@Injectable()
export class GraduateFeedsService {
  private readonly logger = new Logger('GraduateFeeds');

  constructor(
    private readonly feeds: GraduateFeedsRepository,
    private readonly workflows: WorkflowStarter,
  ) {}

  async start(academicYearAsked: string | undefined, startedBy: string, batchSize?: number): Promise<GraduateFeedDto> {
    const academicYear = academicYearAsked ?? academicYearOn(new Date().toISOString().slice(0, 10));
    if (parseAcademicYear(academicYear) === undefined) {
      throw new DomainError('graduate-feed.bad-academic-year', 'invalid', `${academicYear} is not an academic year like 2026-2027.`, [
        { field: 'academicYear', message: 'academicYear must be two consecutive years, like 2026-2027' },
      ]);
    }
    const feedId = randomUUID();
    if (!(await this.feeds.open(feedId, academicYear, startedBy))) {
      // A feed whose workflow ended without ending its row (terminated by an operator) must not hold the feed up for ever.
      if (!(await this.closeAbandoned()) || !(await this.feeds.open(feedId, academicYear, startedBy))) {
        const running = await this.feeds.running();
        throw new DomainError('graduate-feed.already-running', 'conflict', `Graduate feed ${running?.id ?? ''} (${running?.academicYear ?? ''}) is still running: a new one may start when it has ended.`);
      }
    }
    const input: GraduateFeedInput = { feedId, academicYear, ...(batchSize ? { batchSize } : {}) };
    // The workflow's id is the new feed's own, so "once per id" holds by construction.
    await this.workflows.startOnceOrUndo(GRADUATE_FEED_WORKFLOW, { workflowId: graduateFeedWorkflowId(feedId), args: [input] }, () => this.feeds.remove(feedId));
    this.logger.log({ feedId, academicYear, startedBy }, 'graduate feed started');
    return this.show(feedId);
  }

  async show(feedId: string): Promise<GraduateFeedDto> {
    const row = await this.feeds.find(feedId);
    if (!row) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${feedId}.`);
    return toDto(row);
  }

  async list(): Promise<GraduateFeedListDto> {
    return { items: (await this.feeds.latest(20)).map(toDto) };
  }

  /** Marks the running feed failed when its workflow is no longer running; true when it did. */
  private async closeAbandoned(): Promise<boolean> {
    const running = await this.feeds.running();
    if (!running) return true;
    if ((await this.workflows.statusOf(graduateFeedWorkflowId(running.id))) === 'RUNNING') return false;
    await this.feeds.finish(running.id, 'failed', 'its workflow ended without finishing the feed');
    return true;
  }
}
