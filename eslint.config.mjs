// ESLint with type information (typescript-eslint), run by `npm run lint` and in CI before the tests.
// A small rule set on purpose: what the code must never do (a promise nobody waits for or whose
// failure nobody sees; Node or service code inside the workflow sandbox), not a style guide.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * Workflow code runs in Temporal's deterministic sandbox (bundled from workflows/src/index.ts): it
 * may import only @temporalio/workflow, @eduaid/contracts, @eduaid/policy and files of its own
 * tree. These files of workflows/src run in Node instead and are not bundled.
 */
const WORKFLOW_NODE_FILES = [
  'workflows/src/**/*.spec.ts',
  'workflows/src/main.ts',
  'workflows/src/worker-options.ts',
  'workflows/src/build-bundle.ts',
];
const ALLOWED_IN_WORKFLOWS = String.raw`@temporalio/workflow$|@eduaid/(contracts|policy)(/|$)|\.{1,2}(/|$)`;
const WORKFLOW_IMPORT_MESSAGE =
  'Workflow code runs in the Temporal sandbox: it may import only @temporalio/workflow, @eduaid/contracts, ' +
  '@eduaid/policy and files under workflows/src (no Node built-ins, no @eduaid/platform, no other packages). ' +
  'Reach services and I/O through activities.';

/** For a file `depth` folders below workflows/src, a relative path that climbs out of workflows/src. */
const workflowImportRules = (depth) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { regex: `^(?!${ALLOWED_IN_WORKFLOWS})`, message: WORKFLOW_IMPORT_MESSAGE },
        { regex: String.raw`^(\.\.(/|$)){${depth + 1}}`, message: WORKFLOW_IMPORT_MESSAGE },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.name='require']", message: WORKFLOW_IMPORT_MESSAGE },
    { selector: 'ImportExpression', message: WORKFLOW_IMPORT_MESSAGE },
  ],
});

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', '.data/', '.cache/', 'coverage/', 'tmp/', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.mts', 'services/console/web/src/api/generated/'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise is awaited, returned, or marked `void` with a comment saying who sees its failure.
      '@typescript-eslint/no-floating-promises': 'error',
      // No promise where a plain value or a void callback is expected (an `if (promise)`, an async
      // event handler whose rejection nobody catches).
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      // `Function` as a type accepts anything callable and checks nothing.
      '@typescript-eslint/no-unsafe-function-type': 'error',
    },
  },
  // One block per depth below workflows/src, so that a relative import may not leave the tree.
  ...[0, 1, 2, 3, 4].map((depth) => ({
    files: [`workflows/src/${'*/'.repeat(depth)}*.ts`],
    ignores: WORKFLOW_NODE_FILES,
    rules: workflowImportRules(depth),
  })),
);
