import { continueAsNew, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
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
 * students service (so every row can be checked against it), reads the header, then works through
 * the file chunk by chunk. Each chunk is one idempotent activity and one transaction, so a crash or
 * restart anywhere resumes at the first unwritten chunk with nothing written twice.
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
    bytesDone: input.resume?.offset ?? 0,
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

  const inspection = await students.inspectRosterFile({ importId: input.importId });
  if (!inspection.ok) {
    const failed: RosterImportResult = { importId: input.importId, status: 'failed', read: 0, accepted: 0, rejected: 0, failure: inspection.reason };
    await students.finishRosterImport(failed);
    return failed;
  }
  const { layout } = inspection;
  progress.totalBytes = layout.totalBytes;
  let offset = input.resume?.offset ?? layout.dataOffset;
  let nextRow = input.resume?.nextRow ?? 2;
  while (offset < layout.totalBytes) {
    const chunk = await students.importRosterChunk({ importId: input.importId, layout, startOffset: offset, firstRow: nextRow, maxRows: ROSTER_CHUNK_ROWS });
    offset = chunk.endOffset;
    nextRow = chunk.nextRow;
    progress.bytesDone = offset;
    progress.read += chunk.read;
    progress.accepted += chunk.accepted;
    progress.rejected += chunk.rejected;
    if (workflowInfo().continueAsNewSuggested && offset < layout.totalBytes) {
      await continueAsNew<typeof rosterImportWorkflow>({
        importId: input.importId,
        resume: { offset, nextRow, read: progress.read, accepted: progress.accepted, rejected: progress.rejected },
      });
    }
  }
  const result: RosterImportResult = { importId: input.importId, status: 'completed', read: progress.read, accepted: progress.accepted, rejected: progress.rejected };
  await students.finishRosterImport(result);
  return result;
}
