import { ActivityFailure, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  GRADUATE_FEED_BATCH,
  GRADUATE_FEED_PAGES_PER_RUN,
  GraduateFeedInput,
  GraduateFeedResult,
  MentoringGraduateFeedActivities,
  ScheduledGraduateFeedInput,
  StudentsGraduateFeedActivities,
  activityTaskQueue,
} from '@eduaid/contracts';
import { academicYearOn } from '@eduaid/policy';

function activities() {
  const queue = workflowInfo().taskQueue;
  const options = { startToCloseTimeout: '2 minutes', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
  return {
    students: proxyActivities<StudentsGraduateFeedActivities>({ taskQueue: activityTaskQueue('students', queue), ...options }),
    mentoring: proxyActivities<MentoringGraduateFeedActivities>({ taskQueue: activityTaskQueue('mentoring', queue), ...options }),
  };
}

/**
 * Feeds the graduate base from the registry (`graduate-feed:<feedId>`): pages through the students in
 * the final year of higher vocational or undergraduate study of the academic year, by student id, and
 * upserts each page as graduates (keyed by student id: a repeated page changes nothing). Only a page
 * of facts (no national ID) and a cursor cross the history; the run continues as new every
 * GRADUATE_FEED_PAGES_PER_RUN pages or when Temporal suggests it. The feed's row in the mentoring
 * schema holds its progress.
 */
export async function graduateFeedWorkflow(input: GraduateFeedInput): Promise<GraduateFeedResult> {
  const { students, mentoring } = activities();
  const limit = input.batchSize ?? GRADUATE_FEED_BATCH;
  let after = input.after;
  let batch = input.batch ?? 0;
  try {
    for (let pages = 0; ; pages += 1) {
      if (pages >= (input.pagesPerRun ?? GRADUATE_FEED_PAGES_PER_RUN) || workflowInfo().continueAsNewSuggested) {
        return await continueAsNew<typeof graduateFeedWorkflow>({ ...input, after, batch });
      }
      const page = await students.listFinalYearStudents({ academicYear: input.academicYear, after, limit });
      if (page.students.length > 0) {
        await mentoring.upsertFedGraduates({ feedId: input.feedId, batch, students: page.students });
        batch += 1;
      }
      if (!page.last) break;
      after = page.last;
    }
  } catch (error) {
    // Only an activity failure that can never succeed ends here (activities retry the rest): the record says why.
    if (!(error instanceof ActivityFailure)) throw error;
    const failure = error.cause?.message ?? error.message;
    await mentoring.finishGraduateFeed({ feedId: input.feedId, state: 'failed', failure });
    throw error;
  }
  const totals = await mentoring.finishGraduateFeed({ feedId: input.feedId, state: 'completed' });
  return { feedId: input.feedId, academicYear: input.academicYear, ...totals };
}

/**
 * What the graduate feed's Temporal Schedule starts (daily): a feed of the academic year under way,
 * started by the mentoring service as the API would; a feed still running makes it skip.
 */
export async function scheduledGraduateFeedWorkflow(input: ScheduledGraduateFeedInput = {}): Promise<{ academicYear: string; feedId?: string; skipped?: string }> {
  const mentoring = proxyActivities<MentoringGraduateFeedActivities>({
    taskQueue: activityTaskQueue('mentoring', workflowInfo().taskQueue),
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
  });
  // Workflow time: the moment the Schedule fired (replays see the same).
  const academicYear = input.academicYear ?? academicYearOn(new Date(Date.now()).toISOString().slice(0, 10));
  const started = await mentoring.startGraduateFeed({ academicYear, requestedBy: `schedule:${workflowInfo().workflowId}` });
  return { academicYear, ...(started.feedId ? { feedId: started.feedId } : { skipped: started.skipped ?? 'not started' }) };
}
