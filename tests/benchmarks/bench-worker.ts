import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '../../libs/contracts/src';

/**
 * The workflow worker as `workflows/src/main.ts` runs it (same defaults, workflow code only), but
 * loading the bundle a benchmark made from the current sources (BENCH_WORKFLOW_BUNDLE) instead of a
 * prebuilt `dist/workflow-bundle.js` that may be older: `cycle.bench.ts` runs it as its own process
 * so its memory is measured apart. SIGTERM drains it.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const address = process.env.TEMPORAL_ADDRESS as string;
  const codePath = process.env.BENCH_WORKFLOW_BUNDLE as string;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, process.env.TEMPORAL_TASK_QUEUE_PREFIX ?? ''),
    workflowBundle: { codePath },
  });
  const run = worker.run();
  console.log('workflow worker polling');
  await run;
  await connection.close();
}

main().catch((error: Error) => {
  console.error(`bench worker: ${error.stack ?? error.message}`);
  process.exit(1);
});
