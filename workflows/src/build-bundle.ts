import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TRACED_WORKFLOW_BUNDLE_PATH, tracedWorkflowBundleOptions, WORKFLOW_BUNDLE_PATH, workflowBundleOptions } from './worker-options';

const ignore = () => undefined;
const quietLogger = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error };

/** Writes the prebuilt workflow bundle (`npm run build`), so workers start without webpack. */
async function main(): Promise<void> {
  for (const [target, options] of [
    [WORKFLOW_BUNDLE_PATH, workflowBundleOptions],
    [TRACED_WORKFLOW_BUNDLE_PATH, tracedWorkflowBundleOptions],
  ] as const) {
    const { code } = await bundleWorkflowCode({ ...options, logger: quietLogger });
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, code);
    console.log(`workflow bundle written to ${path.relative(process.cwd(), target)} (${Math.round(code.length / 1024)} KiB)`);
  }
}

main().catch((error: Error) => {
  console.error(`cannot bundle the workflows: ${error.message}`);
  process.exit(1);
});
