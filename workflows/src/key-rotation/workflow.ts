import { continueAsNew, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { KeyRotationInput, KeyRotationProgress, StudentsKeyRotationActivities, activityTaskQueue } from '@eduaid/contracts';

export const keyRotationProgressQuery = defineQuery<KeyRotationProgress>('progress');

/**
 * Re-encrypts every national ID under the current data key, a batch at a time in key order, while
 * the service keeps serving (reads decrypt with each row's own key version). A batch is idempotent:
 * rows already under the target key are left alone, so a retry or restart simply walks on.
 */
export async function keyRotationWorkflow(input: KeyRotationInput): Promise<KeyRotationProgress> {
  const students = proxyActivities<StudentsKeyRotationActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const progress: KeyRotationProgress = {
    toVersion: input.toVersion,
    scanned: input.resume?.scanned ?? 0,
    reencrypted: input.resume?.reencrypted ?? 0,
    done: false,
  };
  setHandler(keyRotationProgressQuery, () => progress);
  let afterId = input.resume?.afterId;
  for (;;) {
    const batch = await students.reencryptNationalIds({ toVersion: input.toVersion, afterId, batchSize: input.batchSize });
    progress.scanned += batch.scanned;
    progress.reencrypted += batch.reencrypted;
    if (!batch.lastId) break;
    afterId = batch.lastId;
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof keyRotationWorkflow>({ ...input, resume: { afterId, scanned: progress.scanned, reencrypted: progress.reencrypted } });
    }
  }
  progress.done = true;
  return progress;
}
