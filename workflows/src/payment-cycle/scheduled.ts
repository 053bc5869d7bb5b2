import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { ScheduledPaymentCycleInput, ScheduledPaymentCycleResult, StudentsPaymentCycleActivities, activityTaskQueue } from '@eduaid/contracts';
import { termOn } from '@eduaid/policy';

/**
 * What the payment cycles' Temporal Schedule starts at each term's start date: the term's next run,
 * started by the students service as the API would (so its record, its 409 and its id are the same).
 * A run of the term still open means nothing to start: the Schedule's firing is skipped.
 */
export async function scheduledPaymentCycleWorkflow(input: ScheduledPaymentCycleInput = {}): Promise<ScheduledPaymentCycleResult> {
  const students = proxyActivities<StudentsPaymentCycleActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 20 },
  });
  // Workflow time: the moment the Schedule fired (replays see the same).
  const term = input.term ?? termOn(new Date(Date.now()).toISOString().slice(0, 10));
  const started = await students.startPaymentCycleRun({ term, requestedBy: `schedule:${workflowInfo().workflowId}` });
  return started.workflowId && started.run ? { term, started: { workflowId: started.workflowId, run: started.run } } : { term, skipped: started.skipped ?? 'not started' };
}
