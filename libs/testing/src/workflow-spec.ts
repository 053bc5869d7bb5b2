// Jest-side helpers for the workflow specs (workflows/src/*/workflow.spec.ts). Not exported from the
// package's index: it uses jest's hooks, and the benchmarks' build (tsconfig.bench.json, no jest types)
// compiles the index.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { testEnv } from './test-env';
import { createTimeSkippingEnv } from './time-skipping';

/**
 * For a workflow spec: starts the time-skipping server before the suite's tests and tears it down
 * after them (jest's beforeAll/afterAll), and answers the environment. Call it in the describe body;
 * use what it answers inside tests and hooks only (it forwards to the environment beforeAll made).
 */
export function timeSkippingEnvForSuite(): TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return new Proxy({} as TestWorkflowEnvironment, {
    get(_target, property) {
      if (!env) throw new Error('the time-skipping environment is used before its beforeAll ran (use it inside a test or hook)');
      const value: unknown = Reflect.get(env, property);
      return typeof value === 'function' ? value.bind(env) : value;
    },
  });
}

/**
 * Runs `body` while workers poll task queues of their own (`<label>-<random>-<queue>`, so tests don't
 * take each other's tasks): one activity worker per entry of `activities` (the queue's name, e.g.
 * `casework`, and the recorders playing that service), and a workflow worker on `<prefix>workflows`
 * with the bundle the global setup built. `body` gets the prefix; the workers stop when it settles.
 */
export async function runWithWorkers<T>(
  env: TestWorkflowEnvironment,
  label: string,
  activities: Record<string, object>,
  body: (prefix: string) => Promise<T>,
): Promise<T> {
  const prefix = `${label}-${Math.random().toString(36).slice(2, 8)}-`;
  const activityWorkers = await Promise.all(
    Object.entries(activities).map(([queue, recorders]) => Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}${queue}`, activities: recorders })),
  );
  const workflowWorker = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}workflows`, workflowBundle: { codePath: testEnv('workflowBundle') } });
  const nested = [workflowWorker, ...activityWorkers].reduceRight<() => Promise<T>>((inner, worker) => () => worker.runUntil(inner), () => body(prefix));
  return nested();
}
