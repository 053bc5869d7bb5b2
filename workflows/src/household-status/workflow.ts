import { executeChild, getExternalWorkflowHandle, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  AID_CHANGE_SIGNAL,
  AID_CHANGE_WORKFLOW,
  AidChangeInput,
  AidChangeResult,
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
        // The application's workflow has ended. Approved and handed to the payment cycles, its
        // payments not yet paid are cancelled by the aid-change workflow (which does nothing for an
        // application closed otherwise). Runs from before the hand-off skip it, so they replay.
        if (patched('household-status-aid-change')) {
          const input: AidChangeInput = { applicationId: workflowId, change: notice };
          try {
            const result = await executeChild<(i: AidChangeInput) => Promise<AidChangeResult>>(AID_CHANGE_WORKFLOW, { workflowId: `aid-change:${workflowId}:household-${change.changeId}`, args: [input] });
            if (result.outcome !== 'closed') applicationsNotified.push(workflowId);
          } catch {
            // Already applied by an earlier attempt of this change (same child id): nothing more to do.
          }
        }
      }
    }
  }
  return { changed: recorded.changed, applicationsNotified };
}
