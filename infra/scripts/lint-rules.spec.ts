import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The guard rails eslint.config.mjs sets, shown on snippets linted as if they were files of the repo
 * (ESLint's Node API, in a child process: the config is an ES module, which jest's runtime cannot load).
 */
const repoRoot = path.resolve(__dirname, '..', '..');

interface Finding {
  ruleId: string | null;
  line: number;
  message: string;
}

function lint(snippets: { filePath: string; code: string }[]): Finding[][] {
  const script = `
    import { ESLint } from 'eslint';
    const snippets = JSON.parse(await new Promise((resolve) => {
      let input = '';
      process.stdin.on('data', (chunk) => (input += chunk)).on('end', () => resolve(input));
    }));
    const eslint = new ESLint({ cwd: process.cwd() });
    const results = [];
    for (const { filePath, code } of snippets) {
      const [result] = await eslint.lintText(code, { filePath });
      results.push(result.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message })));
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`ESLint failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Finding[][];
}

const rules = (findings: Finding[]) => findings.map((f) => `${f.line}:${f.ruleId}`);

// An existing file's path, so the type-aware parser finds it in the project.
const WORKFLOW = 'workflows/src/case-review/workflow.ts';

describe('ESLint guard rails', () => {
  let results: Finding[][];
  beforeAll(() => {
    results = lint([
      {
        filePath: WORKFLOW,
        code: [
          "import fs from 'node:fs';",
          "import { join } from 'path';",
          "import { createRootLogger } from '@eduaid/platform';",
          "import { Connection } from '@temporalio/client';",
          "import { loadCommonConfig } from '../../../libs/platform/src';",
          "const crypto = require('crypto');",
          'export const used = [fs, join, createRootLogger, Connection, loadCommonConfig, crypto];',
        ].join('\n'),
      },
      {
        filePath: WORKFLOW,
        code: [
          "import { proxyActivities } from '@temporalio/workflow';",
          "import type { CaseworkActivities } from '@eduaid/contracts';",
          "import { HumanTasks } from '../human-task';",
          "import * as messages from './workflow';",
          'export const used = [proxyActivities, HumanTasks, messages];',
          'export type Used = CaseworkActivities;',
        ].join('\n'),
      },
      {
        // Runs in Node (the worker's entry point), not in the sandbox.
        filePath: 'workflows/src/main.ts',
        code: "import fs from 'node:fs';\nexport const used = fs;\n",
      },
      {
        filePath: 'services/casework/src/main.ts',
        code: [
          'async function work(): Promise<void> {}',
          'work();',
          '// fire-and-forget: work() reports its own failures',
          'void work();',
          'export async function awaited(): Promise<void> { await work(); }',
          "setTimeout(async () => { await work(); }, 1);",
          'export const checked = work() ? 1 : 2;',
        ].join('\n'),
      },
    ]);
  }, 120_000);

  it('refuses Node built-ins, other packages, @eduaid/platform and paths out of workflows/src in workflow code', () => {
    expect(rules(results[0])).toEqual([
      '1:no-restricted-imports',
      '2:no-restricted-imports',
      '3:no-restricted-imports',
      '4:no-restricted-imports',
      '5:no-restricted-imports',
      '6:no-restricted-syntax',
    ]);
    expect(results[0][0].message).toMatch(/may import only @temporalio\/workflow, @eduaid\/contracts, @eduaid\/policy and files under workflows\/src/);
  });

  it('lets workflow code import @temporalio/workflow, @eduaid/contracts and its own files', () => {
    expect(rules(results[1])).toEqual([]);
  });

  it('lets the Node side of workflows/src (the worker, its options, the bundler, specs) import Node built-ins', () => {
    expect(rules(results[2])).toEqual([]);
  });

  it('refuses a floating promise and a promise where a plain value or a void callback is expected', () => {
    expect(rules(results[3])).toEqual([
      '2:@typescript-eslint/no-floating-promises',
      '6:@typescript-eslint/no-misused-promises',
      '7:@typescript-eslint/no-misused-promises',
    ]);
  });
});
