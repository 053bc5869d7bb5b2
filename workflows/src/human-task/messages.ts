import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { DECIDE_TASK_UPDATE, PENDING_TASK_QUERY, TaskDecision, TaskDecisionAck } from '@eduaid/contracts';

/** The decision casework delivers; its validator refuses a stale or out-of-order one. */
export const decideTaskUpdate = defineUpdate<TaskDecisionAck, [TaskDecision]>(DECIDE_TASK_UPDATE);

export interface PendingTask {
  taskId: string;
  step: string;
  dueAt: string;
}

export const pendingTaskQuery = defineQuery<PendingTask | null>(PENDING_TASK_QUERY);
