import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** The root of the source tree (works from both `workflows/src` and `dist/workflows/src`). */
const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/** Entry file of the workflow code: TypeScript sources, bundled by Temporal's webpack. */
export const WORKFLOWS_SOURCE = path.join(repoRoot, 'workflows', 'src', 'index.ts');

/** Where `npm run build` writes the prebuilt bundle that production workers load. */
export const WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle.js');

/**
 * The same workflows with Temporal's OpenTelemetry workflow interceptors (a RunWorkflow span, and
 * a StartActivity span whose context travels to the activity). The worker loads it only with
 * EDUAID_WORKFLOW_TRACING=on. The interceptors add yields around update handlers, so histories made
 * with one bundle do not all replay with the other: the choice is made once per deployment.
 */
export const TRACED_WORKFLOW_BUNDLE_PATH = path.join(repoRoot, 'dist', 'workflow-bundle-traced.js');

/** The workflow-side interceptor module of `@temporalio/interceptors-opentelemetry`. */
export const TRACING_WORKFLOW_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

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

/** Bundler settings of the traced bundle. */
export const tracedWorkflowBundleOptions: Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook' | 'workflowInterceptorModules'> = {
  ...workflowBundleOptions,
  workflowInterceptorModules: [TRACING_WORKFLOW_INTERCEPTORS],
};
