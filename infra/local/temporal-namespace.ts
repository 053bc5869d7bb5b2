import { Client, Connection } from '@temporalio/client';
import { Duration, msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from './search-attributes';

/** Registers the namespace unless it exists (a concurrent registration that wins is fine). */
export async function registerNamespaceIfMissing(connection: Connection, namespace: string, retention: Duration = '3 days'): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return;
  } catch (error) {
    if ((error as { code?: number }).code !== 5 /* NOT_FOUND */) throw error;
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retention) });
  } catch (error) {
    if ((error as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw error;
  }
}

/**
 * Starts (and at once terminates) a workflow carrying every eduaid search attribute: what eduaid
 * does next. On a cluster a new namespace or attribute reaches the history and matching services
 * through their caches, so a describe that answers is not yet proof.
 */
export async function probeStart(connection: Connection, namespace: string): Promise<void> {
  const client = new Client({ connection, namespace });
  const handle = await client.workflow.start('eduaidNamespaceProbe', {
    workflowId: `eduaid-namespace-probe-${Date.now()}`,
    taskQueue: 'eduaid-namespace-probe',
    searchAttributes: { EduaidStatus: ['probe'], EduaidCounty: ['probe'], EduaidStage: ['probe'], EduaidAssignee: ['probe'] },
  });
  await handle.terminate('namespace readiness probe');
}

/** The namespace registered, eduaid's search attributes on it, and a workflow started in it: retried until `timeoutMs`. */
export async function prepareNamespace(connection: Connection, address: string, namespace: string, options: { retention?: Duration; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      await registerNamespaceIfMissing(connection, namespace, options.retention);
      await ensureSearchAttributes(address, namespace);
      await probeStart(connection, namespace);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Temporal namespace ${namespace} was not usable in time: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
