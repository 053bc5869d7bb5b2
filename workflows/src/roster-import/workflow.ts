import { continueAsNew, defineQuery, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
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
/** Patch id: chunks run in a sliding window instead of fixed windows. */
const SLIDING_CHUNK_WINDOW = 'roster-import-sliding-chunk-window';

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
  // A chunk heartbeats as it works: should its worker die mid-chunk (the chunk's transaction then
  // rolls back), the server retries it on another worker after 30 s, not after the 5-minute timeout.
  const chunkWriter = proxyActivities<Pick<StudentsRosterActivities, 'importRosterChunk'>>({
    taskQueue: activityTaskQueue('students', queue),
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
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
  const importChunk = (chunk: (typeof chunks)[number]) =>
    chunkWriter.importRosterChunk({ importId: input.importId, layout, startOffset: chunk.offset, firstRow: chunk.firstRow, maxRows: chunkRows });
  const record = (r: Awaited<ReturnType<typeof importChunk>>) => {
    progress.read += r.read;
    progress.accepted += r.accepted;
    progress.rejected += r.rejected;
    progress.bytesDone = Math.max(progress.bytesDone, r.endOffset);
  };
  let next = input.resume?.nextChunk ?? 0;
  let continuing = false;
  if (patched(SLIDING_CHUNK_WINDOW)) {
    // A new chunk starts as soon as any running one ends, so a slow chunk holds up no others.
    const running = new Set<Promise<void>>();
    while (running.size > 0 || (next < chunks.length && !continuing)) {
      while (!continuing && next < chunks.length && running.size < ROSTER_CHUNK_CONCURRENCY) {
        const started: Promise<void> = importChunk(chunks[next]).then((r) => {
          record(r);
          running.delete(started);
        });
        running.add(started);
        next += 1;
      }
      await Promise.race(running);
      // A long history continues in a new run once the running chunks end: every chunk before
      // `next` is then done, so `next` is where the new run picks up.
      continuing ||= workflowInfo().continueAsNewSuggested && next < chunks.length;
    }
  } else {
    // Histories recorded before the sliding window: fixed windows, each waiting for the last.
    while (next < chunks.length && !continuing) {
      const window = chunks.slice(next, next + ROSTER_CHUNK_CONCURRENCY);
      (await Promise.all(window.map(importChunk))).forEach(record);
      next += window.length;
      continuing = workflowInfo().continueAsNewSuggested && next < chunks.length;
    }
  }
  if (continuing) {
    await continueAsNew<typeof rosterImportWorkflow>({
      importId: input.importId,
      chunkRows: input.chunkRows,
      resume: { nextChunk: next, read: progress.read, accepted: progress.accepted, rejected: progress.rejected },
    });
  }
  const result: RosterImportResult = { importId: input.importId, status: 'completed', read: progress.read, accepted: progress.accepted, rejected: progress.rejected };
  await students.finishRosterImport(result);
  return result;
}
