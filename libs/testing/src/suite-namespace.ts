import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes } from '../../../infra/local/search-attributes';
import { SEARCH_ATTRIBUTES } from '@eduaid/contracts';

/**
 * A Temporal namespace of the suite's own, as each suite has a database of its own.
 *
 * Suites share one Temporal server. Workflow ids are made from what the data names (a term's
 * payment cycle, `payment-repair:<ledger row id>`, a campaign's year), and every suite's database
 * numbers its rows from 1: in one namespace, a suite's `payment-repair:8` was another suite's, its
 * start was taken for a repeat and no task was made; a term another suite had paid was refused
 * with 409. A namespace per suite keeps the ids apart without changing what production names.
 */
export async function createSuiteNamespace(connection: Connection, address: string, name: string): Promise<string> {
  try {
    await connection.workflowService.registerNamespace({ namespace: name, workflowExecutionRetentionPeriod: msToTs('1 day') });
  } catch (error) {
    // A retry of this call after a lost answer finds it made.
    if (!/already exists/i.test((error as Error).message)) throw error;
  }
  // A cluster's services learn of a new namespace from their caches: wait until it answers, with
  // the search attributes the workflows set (registered per namespace).
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.workflowService.describeNamespace({ namespace: name });
      await ensureSearchAttributes(address, name);
      const listed = await connection.operatorService.listSearchAttributes({ namespace: name });
      const known = new Set(Object.keys(listed.customAttributes ?? {}));
      if (Object.values(SEARCH_ATTRIBUTES).every((a) => known.has(a.name))) return name;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`namespace ${name} did not become usable: ${(error as Error).message}`);
    }
    if (Date.now() > deadline) throw new Error(`namespace ${name}: search attributes not listed after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
