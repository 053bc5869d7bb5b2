import { Connection } from '@temporalio/client';
import { prepareNamespace } from '../../../infra/local/temporal-namespace';

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
  await prepareNamespace(connection, address, name, { retention: '1 day' });
  return name;
}
