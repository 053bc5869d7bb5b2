import type { GraduateLinkFacts } from './job-assistance';

/**
 * The graduate base fed from the students registry: students in the final year of higher vocational
 * or undergraduate study become graduates (`graduate-feed:<feedId>`), run by a Temporal Schedule of
 * the mentoring service and on demand by a programme admin. Plain types only: workflow code imports this file.
 */
export const GRADUATE_FEED_WORKFLOW = 'graduateFeedWorkflow';
export const SCHEDULED_GRADUATE_FEED_WORKFLOW = 'scheduledGraduateFeedWorkflow';
export function graduateFeedWorkflowId(feedId: string): string {
  return `graduate-feed:${feedId}`;
}

/** Students per page read from the registry and upserted in one transaction. */
export const GRADUATE_FEED_BATCH = 500;
/** Pages per workflow run before it continues as new (or sooner when Temporal suggests it). */
export const GRADUATE_FEED_PAGES_PER_RUN = 40;

export interface GraduateFeedTotals {
  batches: number;
  read: number;
  created: number;
  updated: number;
}

export interface GraduateFeedInput {
  feedId: string;
  academicYear: string;
  batchSize?: number;
  /** Pages per run before continuing as new (GRADUATE_FEED_PAGES_PER_RUN by default; tests make it small). */
  pagesPerRun?: number;
  /** Carried across continue-as-new: the last student id done and the next batch's number. */
  after?: string;
  batch?: number;
}

export interface GraduateFeedResult extends GraduateFeedTotals {
  feedId: string;
  academicYear: string;
}

/** A final-year student as the registry holds them (no national ID), with the academic year of the enrolment. */
export interface FinalYearStudent extends GraduateLinkFacts {
  academicYear: string;
}

/** The registry's side (queue `students`): final-year students by id, one page at a time. */
export interface StudentsGraduateFeedActivities {
  listFinalYearStudents(input: { academicYear: string; after?: string; limit: number }): Promise<{ students: FinalYearStudent[]; last?: string }>;
}

/** The mentoring service's side (queue `mentoring`). All idempotent. */
export interface MentoringGraduateFeedActivities {
  /** Upserts one page of graduates keyed by student id; the feed's counters move once per batch number. */
  upsertFedGraduates(input: { feedId: string; batch: number; students: FinalYearStudent[] }): Promise<GraduateFeedTotals>;
  /** Ends the feed's record (once) and answers its totals. */
  finishGraduateFeed(input: { feedId: string; state: 'completed' | 'failed'; failure?: string }): Promise<GraduateFeedTotals>;
  /** What the Schedule starts: a feed as the API would start it, or nothing while one runs. */
  startGraduateFeed(input: { academicYear: string; requestedBy: string }): Promise<{ feedId?: string; workflowId?: string; skipped?: string }>;
}

export interface ScheduledGraduateFeedInput {
  /** Pin the academic year (else the one under way on the day the Schedule fires). */
  academicYear?: string;
}
