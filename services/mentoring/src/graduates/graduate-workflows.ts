import type { Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import type { RecordPlace } from '@eduaid/contracts';

/**
 * Starts the workflow of a graduate's row just written for it (a case opened, a compensation filed):
 * once per graduate (its id is the graduate's, a second start is refused). When the start fails, the
 * row is undone (`forget`), so the request can be sent again; the start's error goes on.
 */
export async function startGraduateWorkflow(
  temporal: Client,
  taskQueuePrefix: string,
  start: { workflowType: string; workflowId: string; input: unknown },
  forget: () => Promise<void>,
): Promise<void> {
  try {
    await temporal.workflow.start(start.workflowType, {
      workflowId: start.workflowId,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, taskQueuePrefix),
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [start.input],
    });
  } catch (error) {
    await forget();
    throw error;
  }
}

/** Where a row that copies the graduate's place (a case, a compensation) sits, for assertInScope. */
export function placeOfRow(row: { village_code: string; university_code: string }): RecordPlace {
  return { divisionCode: row.village_code.trim(), schoolCode: row.university_code };
}

/** A keyset page as the API answers it: the items, and the last one's key as nextCursor when the page is full. */
export function keysetPageOf<T>(items: T[], limit: number, key: (item: T) => string): { items: T[]; nextCursor?: string } {
  return { items, ...(items.length === limit ? { nextCursor: key(items[items.length - 1]) } : {}) };
}
