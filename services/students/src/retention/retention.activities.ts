import { Injectable } from '@nestjs/common';
import type { PurgeBatchResult, StudentsRetentionActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { RetentionRepository } from './retention.repository';

/** Batched deletions for retention; each call removes at most one batch and is safe to repeat. */
@Activities()
@Injectable()
export class RetentionActivities implements StudentsRetentionActivities {
  constructor(private readonly retention: RetentionRepository) {}

  /** Students none of whose enrolments started in or after the cutoff year (or with none at all, made before it). */
  async purgeClosedStudents({ cutoffYear, batchSize }: { cutoffYear: number; batchSize: number }): Promise<PurgeBatchResult> {
    const n = await this.retention.deleteClosedStudents(cutoffYear, batchSize);
    return { purged: n, more: n === batchSize };
  }

  async purgeOrphanHouseholds({ batchSize }: { batchSize: number }): Promise<PurgeBatchResult> {
    const n = await this.retention.deleteOrphanHouseholds(batchSize);
    return { purged: n, more: n === batchSize };
  }

  async purgeOldRosterImports({ before, batchSize }: { before: string; batchSize: number }): Promise<PurgeBatchResult> {
    const n = await this.retention.deleteOldRosterImports(before, batchSize);
    return { purged: n, more: n === batchSize };
  }
}
