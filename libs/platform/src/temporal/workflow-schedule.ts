import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduleSpec } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';

/** A Schedule that starts one workflow on the workflows' task queue. */
export interface WorkflowSchedule {
  scheduleId: string;
  spec: ScheduleSpec;
  /** How late a missed firing may still start (the server was down): '1 day', '7 days'. */
  catchupWindow: Duration;
  workflowType: string;
  args: unknown[];
  /** Shown in the Temporal UI beside the Schedule. */
  description?: string;
}

/**
 * Makes sure the Schedule exists: created once, a firing while the previous run still goes is
 * skipped. A later start, or replicas starting together and racing on the id, find it made
 * (ScheduleAlreadyRunning) and leave it as it is. Answers whether this call created it.
 */
export async function ensureWorkflowSchedule(temporal: Client, taskQueuePrefix: string, schedule: WorkflowSchedule): Promise<boolean> {
  try {
    await temporal.schedule.create({
      scheduleId: schedule.scheduleId,
      spec: schedule.spec,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: schedule.catchupWindow },
      action: {
        type: 'startWorkflow',
        workflowType: schedule.workflowType,
        taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, taskQueuePrefix),
        args: schedule.args,
      },
      ...(schedule.description ? { memo: { description: schedule.description } } : {}),
    });
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw error;
  }
}
