import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run bench:workflows:compare [N]`: runs `bench:workflows` twice, on the Temporal dev server
 * (one process, SQLite with the WAL journal, as `npm start` runs it) and on the Temporal server a
 * cluster runs (frontend, history, matching and worker as four processes on PostgreSQL), one after
 * the other on this machine, and prints the figures side by side. A figure, not a test.
 */
const N = process.argv[2] ?? process.env.BENCH_N ?? '200';
const bench = path.join(__dirname, 'workflows.bench.js');

interface Figures { aid: number; bare: number; aidEvents: number; bareEvents: number; raw: string }

function run(label: string, temporal: 'dev' | 'cluster'): Figures {
  console.log(`== ${label}`);
  const env: NodeJS.ProcessEnv = { ...process.env, EDUAID_TEMPORAL: temporal === 'cluster' ? 'cluster' : '' };
  delete env.TEMPORAL_ADDRESS;
  const result = spawnSync(process.execPath, [bench, N], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(result.stdout);
  if (result.status !== 0) throw new Error(`bench:workflows on the ${label} failed (exit ${result.status})`);
  const line = (name: string) => {
    const match = new RegExp(`^${name}\\s.*: ([\\d.]+) workflows/s, (\\d+) state transitions`, 'm').exec(result.stdout);
    if (!match) throw new Error(`no '${name}' figure in the output of the ${label} run`);
    return [Number(match[1]), Number(match[2])];
  };
  const [aid, aidEvents] = line('aid application');
  const [bare, bareEvents] = line('bare workflow');
  return { aid, bare, aidEvents, bareEvents, raw: result.stdout };
}

const dev = run('Temporal dev server (SQLite, one process)', 'dev');
const cluster = run('Temporal cluster (4 processes, PostgreSQL)', 'cluster');
const row = (name: string, a: number, b: number, unit: string) => `${name.padEnd(34)} ${a.toFixed(1).padStart(10)} ${b.toFixed(1).padStart(10)} ${(b / a).toFixed(2).padStart(8)}  ${unit}`;
console.log(`\n${N} workflows each                    dev server    cluster  cluster/dev`);
console.log(row('aid application', dev.aid, cluster.aid, 'workflows/s'));
console.log(row('bare workflow', dev.bare, cluster.bare, 'workflows/s'));
console.log(row('aid application, history events', dev.aidEvents, cluster.aidEvents, 'events/s'));
console.log(row('aid / bare on the same server', dev.aid / dev.bare, cluster.aid / cluster.bare, 'ratio'));
