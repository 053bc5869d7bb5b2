import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../../../infra/local/embedded-postgres';
import { ensureSearchAttributes } from '../../../infra/local/search-attributes';
import { startTemporalCluster } from '../../../infra/local/temporal-cluster';
import { startTemporalDevServer, temporalBinary } from '../../../infra/local/temporal-dev-server';
import { workflowBundleOptions } from '../../../workflows/src/worker-options';
import { TEST_ENV } from './test-env';

/**
 * Starts what the suites share, once per `npm test`:
 * - PostgreSQL: the server DATABASE_URL points at, or an embedded one on a free port, in a temporary
 *   folder. Each suite then makes its own database in it (see createSuiteDatabase).
 * - Temporal: the server TEMPORAL_ADDRESS points at; with EDUAID_TEMPORAL=cluster (npm run
 *   test:cluster), the Temporal server a cluster runs, as four processes on the PostgreSQL above
 *   (infra/local/temporal-cluster.ts); else a dev server (in-memory) on a free port. Each suite uses
 *   its own task-queue prefix, so suites never take each other's tasks.
 * - the time-skipping test server's path, for workflow specs;
 * - the workflow bundle, built once here instead of once per suite.
 */
export default async function globalSetup(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-test-'));
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to reach its folder (where it
  // cannot, e.g. a TMPDIR in root's home, startEmbeddedPostgres keeps the data in a folder it can reach).
  chmodSync(work, 0o755);

  if (process.env.DATABASE_URL) {
    process.env[TEST_ENV.adminDatabaseUrl] = process.env.DATABASE_URL;
  } else {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(work, 'postgres'),
      database: 'eduaid_test',
      persistent: false,
    });
    stops.push(pg.stop);
    process.env[TEST_ENV.adminDatabaseUrl] = pg.adminUrl;
  }

  if (!process.env.TEMPORAL_ADDRESS && process.env.EDUAID_TEMPORAL === 'cluster') {
    const suffix = path.basename(work).replace(/[^a-z0-9]/gi, '').toLowerCase();
    const cluster = await startTemporalCluster({
      adminDatabaseUrl: process.env[TEST_ENV.adminDatabaseUrl] as string,
      workDir: path.join(work, 'temporal-cluster'),
      databases: { temporal: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` },
    });
    stops.push(cluster.stop);
    process.env.TEMPORAL_ADDRESS = cluster.address;
    console.log(`\nTemporal cluster (frontend, history, matching, worker on PostgreSQL) at ${cluster.address}; logs in ${path.dirname(cluster.logFiles.frontend)}`);
  } else if (!process.env.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({ logFile: path.join(work, 'temporal.log') });
    stops.push(temporal.stop);
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }
  await ensureSearchAttributes(process.env.TEMPORAL_ADDRESS, process.env.TEMPORAL_NAMESPACE || 'default');

  process.env[TEST_ENV.testServerPath] = temporalBinary('test-server');

  const bundlePath = path.join(work, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: quietBundlerLogger });
  writeFileSync(bundlePath, code);
  process.env[TEST_ENV.workflowBundle] = bundlePath;

  (globalThis as Record<string, unknown>).__eduaidStopServers = async () => {
    for (const stop of stops.reverse()) await stop();
  };
}

const ignore = () => undefined;
const quietBundlerLogger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
