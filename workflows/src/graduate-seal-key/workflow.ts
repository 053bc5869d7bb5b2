import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { StudentsGraduateBatchActivities, activityTaskQueue } from '@eduaid/contracts';

/**
 * The students service's public key for sealing national IDs (`graduate-seal-key:<prefix>`): the
 * mentoring service asks for it before it stores a university's list that holds national IDs. Only a
 * public key crosses the history.
 */
export async function graduateSealKeyWorkflow(): Promise<{ publicKey: string }> {
  const students = proxyActivities<StudentsGraduateBatchActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 seconds' },
  });
  return students.graduateSealKey();
}
