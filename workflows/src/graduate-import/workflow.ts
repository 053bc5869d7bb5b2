import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  GRADUATE_IMPORT_CHUNK_ROWS,
  GraduateImportInput,
  GraduateImportResult,
  MentoringGraduateImportActivities,
  StudentsGraduateBatchActivities,
  activityTaskQueue,
} from '@eduaid/contracts';

/**
 * Registers a university's graduates list (`graduate-import:<importId>`): mentoring reads the header
 * and where each chunk starts, then for each chunk reads and checks its rows, asks the registry
 * (students' activity) who those students are, and links the ones it vouches for. Each step is an
 * idempotent activity, so a restart anywhere resumes without writing a row twice. Rows that name the
 * student by national ID carry it sealed for the students service, which alone opens it (patch
 * `graduate-import-national-id`; histories from before it never had such rows).
 */
export async function graduateImportWorkflow(input: GraduateImportInput): Promise<GraduateImportResult> {
  const queue = workflowInfo().taskQueue;
  const options = { startToCloseTimeout: '2 minutes', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
  const mentoring = proxyActivities<MentoringGraduateImportActivities>({ taskQueue: activityTaskQueue('mentoring', queue), ...options });
  const students = proxyActivities<StudentsGraduateBatchActivities>({ taskQueue: activityTaskQueue('students', queue), ...options });

  const chunkRows = input.chunkRows ?? GRADUATE_IMPORT_CHUNK_ROWS;
  const inspection = await mentoring.inspectGraduateImport({ importId: input.importId, chunkRows });
  if (!inspection.ok) {
    const failed: GraduateImportResult = { importId: input.importId, status: 'failed', read: 0, accepted: 0, rejected: 0, failure: inspection.reason };
    await mentoring.finishGraduateImport(failed);
    return failed;
  }
  const totals = { read: 0, accepted: 0, rejected: 0 };
  for (const [chunk, start] of inspection.chunks.entries()) {
    const read = await mentoring.readGraduateImportChunk({ importId: input.importId, chunk, layout: inspection.layout, offset: start.offset, firstRow: start.firstRow, maxRows: chunkRows });
    const byId = read.rows.filter((r) => r.studentId !== undefined && r.nationalId === undefined);
    const facts = byId.length > 0 ? await students.readGraduateLinks({ studentIds: byId.map((r) => r.studentId!) }) : [];
    const sealed = read.rows.filter((r) => r.nationalId !== undefined);
    const byNationalId =
      sealed.length > 0 && read.sealing && patched('graduate-import-national-id')
        ? await students.readGraduateLinksByNationalId({ importId: input.importId, chunk, ...read.sealing, sealed: sealed.map((r) => r.nationalId!.sealed) })
        : undefined;
    const counts = await mentoring.applyGraduateImportChunk({ ...read, facts, ...(byNationalId ? { byNationalId } : {}) });
    totals.read += counts.read;
    totals.accepted += counts.accepted;
    totals.rejected += counts.rejected;
  }
  const result: GraduateImportResult = { importId: input.importId, status: 'completed', ...totals };
  await mentoring.finishGraduateImport(result);
  return result;
}
