import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** The root of the source tree (works from both `workflows/src` and `dist/workflows/src`). */
const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/** Entry file of the workflow code: TypeScript sources, bundled by Temporal's webpack. */
export const WORKFLOWS_SOURCE = path.join(repoRoot, 'workflows', 'src', 'index.ts');

/** Where `npm run build` writes the prebuilt bundle that production workers load. */
export const WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle.js');

/**
 * Bundler settings shared by the production bundle and the tests: the `@eduaid/*` path aliases
 * resolve to the libraries' sources, as in tsconfig.json.
 */
export const workflowBundleOptions: Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> = {
  workflowsPath: WORKFLOWS_SOURCE,
  webpackConfigHook: (config) => {
    const libs = path.join(repoRoot, 'libs');
    config.resolve = {
      ...config.resolve,
      alias: {
        ...(config.resolve?.alias as Record<string, string>),
        '@eduaid/contracts': path.join(libs, 'contracts', 'src'),
        '@eduaid/policy': path.join(libs, 'policy', 'src'),
      },
    };
    return config;
  },
};
