import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WORKFLOW_BUNDLE_PATH, workflowBundleOptions } from './worker-options';

const ignore = () => undefined;
const quietLogger = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: console.warn, error: console.error };

/** Writes the prebuilt workflow bundle (`npm run build`), so workers start without webpack. */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: quietLogger });
  await mkdir(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
  await writeFile(WORKFLOW_BUNDLE_PATH, code);
  console.log(`workflow bundle written to ${path.relative(process.cwd(), WORKFLOW_BUNDLE_PATH)} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: Error) => {
  console.error(`cannot bundle the workflows: ${error.message}`);
  process.exit(1);
});
