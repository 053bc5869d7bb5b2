import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { ConfigurationError, createRootLogger, installServiceTemporalRuntime, loadCommonConfig, workerOptionsFor } from '@eduaid/platform';
import { WORKFLOW_BUNDLE_PATH, workflowBundleOptions } from './worker-options';

/**
 * The workflow worker: workflow code only, on the `workflows` task queue. In production it loads
 * the bundle `npm run build` wrote; without one (development) it bundles the sources itself.
 * SIGINT/SIGTERM make the worker finish its current tasks and exit.
 */
async function main(): Promise<void> {
  const config = loadCommonConfig(process.env);
  const logger = createRootLogger('workflows', config.logLevel);
  // Here the runtime owns SIGINT/SIGTERM: on either, the worker drains and run() returns.
  installServiceTemporalRuntime(logger, true);
  const connection = await NativeConnection.connect({ address: config.temporalAddress }).catch((error: Error) => {
    throw new Error(`cannot reach Temporal at TEMPORAL_ADDRESS=${config.temporalAddress}: ${error.message}`);
  });
  const prebuilt = existsSync(WORKFLOW_BUNDLE_PATH);
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, config.taskQueuePrefix),
    // Workflow-task slots and sticky cache from validated configuration (EDUAID_WORKER_*).
    ...workerOptionsFor(config.worker, 'workflows'),
    ...(prebuilt ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } } : workflowBundleOptions),
  });
  logger.info({ taskQueue: worker.options.taskQueue, prebuilt, tuning: config.worker }, 'workflow worker polling');
  await worker.run();
  await connection.close();
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigurationError ? `workflows: cannot start: ${error.message}` : `workflows: ${error.stack ?? error.message}`);
  process.exit(1);
});
