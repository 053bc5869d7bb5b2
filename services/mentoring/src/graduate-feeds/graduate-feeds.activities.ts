import { Injectable } from '@nestjs/common';
import type { FinalYearStudent, GraduateFeedTotals, MentoringGraduateFeedActivities } from '@eduaid/contracts';
import { expectedGraduationOf, isFinalYear } from '@eduaid/policy';
import { Activities, DomainError } from '@eduaid/platform';
import { FedGraduate, GraduatesRepository } from '../graduates/graduates.repository';
import { GraduateFeedsRepository } from './graduate-feeds.repository';
import { GraduateFeedsService } from './graduate-feeds.service';

/** The mentoring service's side of the registry feed (queue `mentoring`). Safe to retry. */
@Activities()
@Injectable()
export class GraduateFeedActivities implements MentoringGraduateFeedActivities {
  constructor(
    private readonly feeds: GraduateFeedsRepository,
    private readonly graduates: GraduatesRepository,
    private readonly service: GraduateFeedsService,
  ) {}

  async upsertFedGraduates(input: { feedId: string; batch: number; students: FinalYearStudent[] }): Promise<GraduateFeedTotals> {
    const feed = await this.feeds.find(input.feedId);
    if (!feed) throw new DomainError('graduate-feed.not-found', 'not-found', `No graduate feed ${input.feedId}.`);
    const rows: FedGraduate[] = [];
    for (const s of input.students) {
      // The registry's page holds only final-year students of higher education; anything else is a broken answer.
      if (!s.found || !s.name || !s.schoolCode || !s.villageCode || !s.countyCode || !isFinalYear(s.stage, s.grade)) {
        throw new DomainError('graduate-feed.bad-registry-row', 'unprocessable', `The registry's row for student ${s.studentId} is not a final-year student of higher education.`);
      }
      rows.push({
        studentId: s.studentId,
        name: s.name,
        universityCode: s.schoolCode,
        universityCountyCode: s.schoolCountyCode ?? s.schoolCode.slice(0, 6),
        villageCode: s.villageCode,
        countyCode: s.countyCode,
        degreeLevel: s.stage as FedGraduate['degreeLevel'],
        expectedGraduation: expectedGraduationOf(s.academicYear),
      });
    }
    return this.feeds.countBatch(input.feedId, input.batch, async (manager) => ({
      read: rows.length,
      ...(await this.graduates.upsertFed(manager, rows, `graduate-feed:${input.feedId}`)),
    }));
  }

  async finishGraduateFeed(input: { feedId: string; state: 'completed' | 'failed'; failure?: string }): Promise<GraduateFeedTotals> {
    return this.feeds.finish(input.feedId, input.state, input.failure);
  }

  async startGraduateFeed(input: { academicYear: string; requestedBy: string }): Promise<{ feedId?: string; workflowId?: string; skipped?: string }> {
    try {
      const feed = await this.service.start(input.academicYear, input.requestedBy);
      return { feedId: feed.feedId, workflowId: feed.workflowId };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'graduate-feed.already-running') return { skipped: error.message };
      throw error;
    }
  }
}
