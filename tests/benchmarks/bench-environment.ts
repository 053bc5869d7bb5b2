import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../../infra/local/embedded-postgres';
import { ensureSearchAttributes } from '../../infra/local/search-attributes';
import { startTemporalCluster } from '../../infra/local/temporal-cluster';
import { startTemporalDevServer } from '../../infra/local/temporal-dev-server';
import { TEST_ENV } from '../../libs/testing/src/test-env';
import { workflowBundleOptions } from '../../workflows/src/worker-options';

/**
 * What jest's global setup gives the suites, for a benchmark script: a PostgreSQL and a Temporal
 * dev server (SQLite file with the WAL journal, as `npm start` runs it) of its own, or with
 * EDUAID_TEMPORAL=cluster the Temporal server a cluster runs (four processes on that PostgreSQL),
 * unless DATABASE_URL / TEMPORAL_ADDRESS are set, and the workflow bundle.
 */
export async function startBenchEnvironment(options: { postgresSettings?: Record<string, string> } = {}): Promise<{ work: string; bundlePath: string; stop(): Promise<void> }> {
  // The SDK's own INFO lines (every worker start and stop) would bury the figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stops: (() => Promise<void>)[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-bench-'));
  chmodSync(work, 0o755);
  if (process.env.DATABASE_URL) {
    process.env[TEST_ENV.adminDatabaseUrl] = process.env.DATABASE_URL;
  } else {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'postgres'), database: 'eduaid_bench', persistent: false, settings: options.postgresSettings });
    stops.push(pg.stop);
    process.env[TEST_ENV.adminDatabaseUrl] = pg.adminUrl;
  }
  if (!process.env.TEMPORAL_ADDRESS && process.env.EDUAID_TEMPORAL === 'cluster') {
    const cluster = await startTemporalCluster({ adminDatabaseUrl: process.env[TEST_ENV.adminDatabaseUrl] as string, workDir: path.join(work, 'temporal-cluster') });
    stops.push(cluster.stop);
    process.env.TEMPORAL_ADDRESS = cluster.address;
  } else if (!process.env.TEMPORAL_ADDRESS) {
    const temporal = await startTemporalDevServer({ dbFile: path.join(work, 'temporal.sqlite'), logFile: path.join(work, 'temporal.log') });
    stops.push(temporal.stop);
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }
  await ensureSearchAttributes(process.env.TEMPORAL_ADDRESS, process.env.TEMPORAL_NAMESPACE || 'default');
  const bundlePath = path.join(work, 'workflow-bundle.js');
  const quiet = () => undefined;
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error } });
  writeFileSync(bundlePath, code);
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  process.env.LOG_LEVEL ??= 'error';
  return {
    work,
    bundlePath,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** Samples this process's resident memory while work runs. */
export class MemorySampler {
  private timer?: NodeJS.Timeout;
  peak = 0;
  readonly samples: { at: number; rss: number }[] = [];

  start(progress: () => number): void {
    this.timer = setInterval(() => {
      const rss = process.memoryUsage().rss;
      this.peak = Math.max(this.peak, rss);
      this.samples.push({ at: progress(), rss });
    }, 200);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Peak RSS within each quarter of the work (0–25 %, …, 75–100 %). */
  quarters(): number[] {
    return [0, 1, 2, 3].map((q) => Math.max(0, ...this.samples.filter((s) => s.at >= q / 4 && s.at <= (q + 1) / 4).map((s) => s.rss)));
  }
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
