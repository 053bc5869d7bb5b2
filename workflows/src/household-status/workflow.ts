import { getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  AID_CHANGE_SIGNAL,
  ChangeNotice,
  HouseholdStatusChange,
  HouseholdStatusChangeResult,
  StudentsHouseholdActivities,
  activityTaskQueue,
} from '@eduaid/contracts';

/**
 * A household's status change and what follows from it, as one durable step: the change is
 * recorded (once, by its id), and when the household has left poverty every open aid application
 * of its students is told, so they re-check and cancel future payments. A crash between the two
 * cannot lose the notice: the workflow resumes and sends it.
 */
export async function householdStatusChangeWorkflow(change: HouseholdStatusChange): Promise<HouseholdStatusChangeResult> {
  const students = proxyActivities<StudentsHouseholdActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const recorded = await students.recordHouseholdStatus(change);
  const applicationsNotified: string[] = [];
  if (recorded.changed && change.status === 'lifted-out') {
    const notice: ChangeNotice = { kind: 'household-left-poverty', reason: change.reason, reportedBy: change.by };
    for (const workflowId of recorded.applicationWorkflowIds) {
      try {
        await getExternalWorkflowHandle(workflowId).signal(AID_CHANGE_SIGNAL, notice);
        applicationsNotified.push(workflowId);
      } catch {
        // The application has closed meanwhile: nothing left to change.
      }
    }
  }
  return { changed: recorded.changed, applicationsNotified };
}
