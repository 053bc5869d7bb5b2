import { NativeConnection, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { ConfigurationError, createRootLogger, installServiceTemporalRuntime, loadCommonConfig, startTracing, stopTracing, temporalConnectionOptions, tracingWorkflowSinks, workerOptionsFor } from '@eduaid/platform';
import { TRACED_WORKFLOW_BUNDLE_PATH, tracedWorkflowBundleOptions, WORKFLOW_BUNDLE_PATH, workflowBundleOptions } from './worker-options';

/**
 * The workflow worker: workflow code only, on the `workflows` task queue. In production it loads
 * the bundle `npm run build` wrote; without one (development) it bundles the sources itself.
 * SIGINT/SIGTERM make the worker finish its current tasks and exit.
 */
async function main(): Promise<void> {
  const config = loadCommonConfig(process.env);
  const logger = createRootLogger('workflows', config.logLevel);
  // Here the runtime owns SIGINT/SIGTERM: on either, the worker drains and run() returns.
  // The worker has no HTTP server: the SDK's Prometheus exporter is its /metrics (TEMPORAL_METRICS_PORT).
  installServiceTemporalRuntime(logger, true, config.temporalMetricsPort ? `0.0.0.0:${config.temporalMetricsPort}` : undefined);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config)).catch((error: Error) => {
    throw new Error(`cannot reach Temporal at TEMPORAL_ADDRESS=${config.temporalAddress}: ${error.message}`);
  });
  // EDUAID_WORKFLOW_TRACING picks the bundle (workflow code: fixed for a deployment's life); the
  // OTLP endpoint only decides whether the spans made in workflows are exported or dropped.
  const traced = config.workflowTracing;
  if (config.otlpEndpoint) startTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName ?? 'eduaid-workflows' });
  const bundlePath = traced ? TRACED_WORKFLOW_BUNDLE_PATH : WORKFLOW_BUNDLE_PATH;
  const prebuilt = existsSync(bundlePath);
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, config.taskQueuePrefix),
    // Workflow-task slots and sticky cache from validated configuration (EDUAID_WORKER_*).
    ...workerOptionsFor(config.worker, 'workflows'),
    ...(prebuilt ? { workflowBundle: { codePath: bundlePath } } : traced ? tracedWorkflowBundleOptions : workflowBundleOptions),
    sinks: tracingWorkflowSinks(),
  });
  logger.info({ taskQueue: worker.options.taskQueue, prebuilt, traced, tuning: config.worker }, 'workflow worker polling');
  await worker.run();
  await connection.close();
  // The last spans of workflows (exported through the sink) leave before the process does.
  await stopTracing();
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigurationError ? `workflows: cannot start: ${error.message}` : `workflows: ${error.stack ?? error.message}`);
  process.exit(1);
});
