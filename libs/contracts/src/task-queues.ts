/**
 * Task queues of eduaid's Temporal workers. Each service runs an activity worker on its own queue so
 * that activities run where their data lives; workflow code runs only on the `workflows` queue.
 *
 * A deployment (or a test suite) may prefix every queue, e.g. `suite7-students`, so several
 * independent copies of eduaid can share one Temporal namespace without stealing each other's tasks.
 * Workflows derive the prefix from the queue they run on (see `activityTaskQueue`), which keeps them
 * deterministic: the queue name is part of the workflow's recorded history.
 */
export const SERVICE_NAMES = ['students', 'schools', 'mentoring', 'casework'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const WORKFLOW_TASK_QUEUE = 'workflows';

export function taskQueueName(queue: ServiceName | typeof WORKFLOW_TASK_QUEUE, prefix = ''): string {
  return `${prefix}${queue}`;
}

/** The prefix shared by all queues of one deployment, read back from the workflow queue's name. */
export function taskQueuePrefixOf(workflowTaskQueue: string): string {
  if (!workflowTaskQueue.endsWith(WORKFLOW_TASK_QUEUE)) {
    throw new Error(`'${workflowTaskQueue}' is not a workflow task queue (it must end in '${WORKFLOW_TASK_QUEUE}')`);
  }
  return workflowTaskQueue.slice(0, -WORKFLOW_TASK_QUEUE.length);
}

/** The activity queue of `service` in the same deployment as the given workflow queue. */
export function activityTaskQueue(service: ServiceName, workflowTaskQueue: string): string {
  return taskQueueName(service, taskQueuePrefixOf(workflowTaskQueue));
}
