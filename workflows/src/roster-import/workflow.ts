import { continueAsNew, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  ROSTER_CHUNK_CONCURRENCY,
  ROSTER_CHUNK_ROWS,
  RosterImportInput,
  RosterImportProgress,
  RosterImportResult,
  SchoolsActivities,
  StudentsRosterActivities,
  activityTaskQueue,
} from '@eduaid/contracts';

export const rosterImportProgressQuery = defineQuery<RosterImportProgress>('progress');

const SCHOOL_PAGE = 1000;

/**
 * Imports one uploaded roster: copies the school directory from the schools service into the
 * students service (so every row can be checked against it), reads the header and where each chunk
 * of lines starts, then works through the chunks, a few at a time. Each chunk is one idempotent
 * activity and one transaction, so a crash or restart anywhere resumes with the chunks not yet
 * written, and nothing is written twice.
 */
export async function rosterImportWorkflow(input: RosterImportInput): Promise<RosterImportResult> {
  const queue = workflowInfo().taskQueue;
  const students = proxyActivities<StudentsRosterActivities>({
    taskQueue: activityTaskQueue('students', queue),
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const schools = proxyActivities<SchoolsActivities>({
    taskQueue: activityTaskQueue('schools', queue),
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

  const progress: RosterImportProgress = {
    bytesDone: 0,
    totalBytes: 0,
    read: input.resume?.read ?? 0,
    accepted: input.resume?.accepted ?? 0,
    rejected: input.resume?.rejected ?? 0,
  };
  setHandler(rosterImportProgressQuery, () => progress);

  if (!input.resume) {
    await students.markRosterImportStarted({ importId: input.importId });
    let afterCode: string | undefined;
    do {
      const page = await schools.exportSchoolDirectory({ afterCode, limit: SCHOOL_PAGE });
      await students.storeSchoolDirectory({ schools: page.schools });
      afterCode = page.nextAfterCode;
    } while (afterCode);
  }

  const chunkRows = input.chunkRows ?? ROSTER_CHUNK_ROWS;
  const inspection = await students.inspectRosterFile({ importId: input.importId, chunkRows });
  if (!inspection.ok) {
    const failed: RosterImportResult = { importId: input.importId, status: 'failed', read: 0, accepted: 0, rejected: 0, failure: inspection.reason };
    await students.finishRosterImport(failed);
    return failed;
  }
  const { layout, chunks } = inspection;
  progress.totalBytes = layout.totalBytes;
  let next = input.resume?.nextChunk ?? 0;
  while (next < chunks.length) {
    // A window of chunks at once; the next window starts when this one is done.
    const window = chunks.slice(next, next + ROSTER_CHUNK_CONCURRENCY);
    const results = await Promise.all(
      window.map((chunk) =>
        students.importRosterChunk({ importId: input.importId, layout, startOffset: chunk.offset, firstRow: chunk.firstRow, maxRows: chunkRows }),
      ),
    );
    for (const r of results) {
      progress.read += r.read;
      progress.accepted += r.accepted;
      progress.rejected += r.rejected;
      progress.bytesDone = Math.max(progress.bytesDone, r.endOffset);
    }
    next += window.length;
    if (workflowInfo().continueAsNewSuggested && next < chunks.length) {
      await continueAsNew<typeof rosterImportWorkflow>({
        importId: input.importId,
        chunkRows: input.chunkRows,
        resume: { nextChunk: next, read: progress.read, accepted: progress.accepted, rejected: progress.rejected },
      });
    }
  }
  const result: RosterImportResult = { importId: input.importId, status: 'completed', read: progress.read, accepted: progress.accepted, rejected: progress.rejected };
  await students.finishRosterImport(result);
  return result;
}
