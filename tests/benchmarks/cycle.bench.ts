import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { FINISHED_CYCLE_STATES } from '../../libs/contracts/src';
import { signCallerToken } from '../../libs/platform/src/auth/token-verifier';
import { FieldCipher } from '../../libs/platform/src/privacy/field-cipher';
import { keyRingFrom } from '../../libs/platform/src/privacy/key-ring';
import { HttpClient } from '../../libs/testing/src/http-client';
import { createSuiteDatabase } from '../../libs/testing/src/suite-database';
import { freePort } from '../../infra/local/ports';
import { mib, startBenchEnvironment } from './bench-environment';
import { CYCLE_COUNTIES, LedgerOrder, planCyclePayments, seedCycleStudents } from './cycle-seed';

/**
 * `npm run bench:cycle`: semester payment cycles of each size in CYCLE_SIZES (default 10000,100000;
 * the province is 766000) through the real path, each part in its own process as deployed: the
 * students service (`dist/services/students/src/main.js`: HTTP, its activity worker), the workflow
 * worker (`bench-worker.js`: the production worker's settings, on the bundle of the current
 * sources) and the bank sandbox (`dist/infra/bank-sandbox/bank-sandbox.js`, faults off), against a
 * PostgreSQL and a Temporal dev server of the bench's own. Ledger rows are planned by SQL as the
 * annual campaign plans them (county by county, both semesters of the year), students with
 * encrypted bank accounts loaded by COPY; each cycle is started by HTTP and waited for.
 *
 * For each size it prints: the whole cycle (wall time, payments/s); where PostgreSQL spent its time
 * (pg_stat_statements, by statement kind: claim, sending, paid, reads), the ledger-writing rate (the
 * cycle's rows / PostgreSQL time of the statements that write them) and the share of heap-only
 * updates; in the same run, a raw COPY of the same ledger rows (new keys) into the same table,
 * students.aid_payments, with both ratios; the CPU seconds each process used while the cycle ran;
 * and the peak RSS of each process (and by quarter of the cycle), PostgreSQL as summed PSS.
 * CYCLE_CHUNK / CYCLE_CONCURRENCY override the cycle's chunk size and lanes; BANK_POLL_MS the
 * longest wait between polls of a batch (the deployed default, 2000 ms, unless set);
 * STUDENTS_NODE_OPTIONS the students service's NODE_OPTIONS (e.g. a smaller heap); BENCH_PROFILE_DIR a folder
 * where each process writes a V8 CPU profile as it stops; CYCLE_LEDGER_ORDER=interleaved plans the
 * ledger with counties alternating row by row instead of as the campaign plans it (cycle-seed.ts).
 */
/** Ids of the COPY baseline's rows: far above any the cycle's rows have, removed after each size. */
const COPY_ID_OFFSET = 1_000_000_000_000;
const exec = promisify(execFile);
const distRoot = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One process of the system under test, its output in a log file of the bench's work folder. */
interface Part {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startPart(name: string, script: string, env: Record<string, string>, work: string, ready: (output: string) => boolean | Promise<boolean>, timeoutMs = 180_000): Promise<Part> {
  // BENCH_PROFILE_DIR: each process writes a V8 CPU profile there as it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, path.join(distRoot, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(path.join(work, `${name}.log`));
  let output = '';
  const take = (chunk: Buffer) => {
    log.write(chunk);
    if (output.length < 64_000) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!(await ready(output))) {
    if (gone) throw new Error(`${name} ended before it was ready:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
    }
    await sleep(200);
  }
  return {
    name,
    child,
    stop: async () => {
      if (!gone) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/** Resident memory of a process (VmRSS), 0 once it is gone. */
async function rssOf(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Memory of the PostgreSQL server: the postmaster and its children, as PSS summed (shared buffers
 * shared out between the processes that touched them, so the sum is the server's real footprint;
 * summed RSS would count them once per process).
 */
async function postgresPss(postmasterPid: number | undefined): Promise<number> {
  if (!postmasterPid) return 0;
  try {
    const { stdout } = await exec('ps', ['-o', 'pid=', '--ppid', String(postmasterPid), '-p', String(postmasterPid)]);
    let pss = 0;
    for (const pid of stdout.split('\n').map((l) => Number(l.trim())).filter(Boolean)) {
      try {
        const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
        pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      } catch {
        // the process ended between ps and the read
      }
    }
    return pss;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds (user + system, Linux's USER_HZ of 100) used so far by each of the cycle's processes:
 * the Node processes by pid, PostgreSQL as the postmaster and every process under it (with the
 * backends that have already exited, which Linux adds to their parent's children times), the Temporal
 * server by its command name. Read before and after a cycle, the difference says which process the
 * two cores went to while it ran.
 */
async function cpuSecondsByProcess(pids: Record<string, number | undefined>, postmasterPid: number | undefined): Promise<Record<string, number>> {
  const ticks = (stat: string, withChildren: boolean) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0)) / 100;
  };
  const read = (pid: number) => readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    const stat = pid ? await read(pid) : '';
    out[name] = stat ? ticks(stat, false) : 0;
  }
  out.postgres = 0;
  out.temporal = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await read(Number(entry));
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (postmasterPid && (Number(entry) === postmasterPid || ppid === postmasterPid)) out.postgres += ticks(stat, Number(entry) === postmasterPid);
    else if (/^temporal/.test(comm)) out.temporal += ticks(stat, false);
  }
  return out;
}

/** A probe that reads anew on every nth call and answers its last reading in between. */
function everyNth(n: number, probe: () => Promise<number>): () => Promise<number> {
  let calls = 0;
  let last = 0;
  return async () => (calls++ % n === 0 ? (last = await probe()) : last);
}

/** Samples each process's memory while a cycle runs: the peak, and the peak within each quarter of the cycle's progress. */
class MemoryByProcess {
  private timer?: NodeJS.Timeout;
  private busy = false;
  readonly samples = new Map<string, { at: number; bytes: number }[]>();

  constructor(private readonly probes: Record<string, () => Promise<number>>) {
    for (const name of Object.keys(probes)) this.samples.set(name, []);
  }

  start(progress: () => number): void {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      const at = progress();
      void Promise.all(Object.entries(this.probes).map(async ([name, probe]) => this.samples.get(name)?.push({ at, bytes: await probe() }))).finally(() => (this.busy = false));
    }, 250);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  peak(name: string): number {
    return Math.max(0, ...(this.samples.get(name) ?? []).map((s) => s.bytes));
  }

  quarters(name: string): number[] {
    const samples = this.samples.get(name) ?? [];
    return [0, 1, 2, 3].map((q) => Math.max(0, ...samples.filter((s) => s.at >= q / 4 && s.at <= (q + 1) / 4).map((s) => s.bytes)));
  }
}

/** PostgreSQL time by kind of statement, from pg_stat_statements (reset before each cycle). */
interface StatementTimes {
  claim: number;
  sending: number;
  paid: number;
  failed: number;
  ledgerReads: number;
  other: number;
  total: number;
  /** The statements that took longest, for a profile. */
  top: { query: string; seconds: number; calls: number }[];
}

/** Statements as pg_stat_statements shows them (constants replaced by $n), told apart by what they set. */
function kindOf(query: string): keyof Omit<StatementTimes, 'top' | 'total'> {
  if (/UPDATE students\.aid_payments p SET cycle_term/.test(query)) return 'claim';
  if (/UPDATE students\.aid_payments\b.*SET status = \$\d+, attempts = attempts/s.test(query)) return 'sending';
  if (/UPDATE students\.aid_payments\b.*SET status = \$\d+, bank_reference/s.test(query)) return 'paid';
  if (/UPDATE students\.aid_payments\b.*SET status = \$\d+, failure_code/s.test(query)) return 'failed';
  if (/students\.aid_payments/.test(query)) return 'ledgerReads';
  return 'other';
}

async function statementTimes(db: Client): Promise<StatementTimes | undefined> {
  try {
    const { rows } = await db.query<{ query: string; ms: number; calls: string }>(
      `SELECT query, total_exec_time AS ms, calls::text AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC`,
    );
    const times: StatementTimes = { claim: 0, sending: 0, paid: 0, failed: 0, ledgerReads: 0, other: 0, total: 0, top: [] };
    for (const r of rows) {
      if (/pg_stat_statements|pg_stat_user_tables/.test(r.query)) continue; // the bench's own
      const kind = kindOf(r.query);
      times[kind] += r.ms / 1000;
      times.total += r.ms / 1000;
      if (times.top.length < 6) times.top.push({ query: r.query.replace(/\s+/g, ' ').slice(0, 110), seconds: r.ms / 1000, calls: Number(r.calls) });
    }
    return times;
  } catch {
    return undefined; // no pg_stat_statements (an external server without it)
  }
}

/** The ledger's row updates (all, heap-only) and how often autovacuum has vacuumed or analysed it. */
async function updateCounts(db: Client): Promise<{ upd: number; hot: number; vacuums: number; analyzes: number }> {
  const [row] = (
    await db.query<{ upd: string; hot: string; vacuums: string; analyzes: string }>(
      `SELECT n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot, autovacuum_count::text AS vacuums, autoanalyze_count::text AS analyzes FROM pg_stat_user_tables WHERE relid = 'students.aid_payments'::regclass`,
    )
  ).rows;
  return { upd: Number(row.upd), hot: Number(row.hot), vacuums: Number(row.vacuums), analyzes: Number(row.analyzes) };
}

const num = (n: number) => Math.round(n).toLocaleString('en');
const seconds = (s: number) => `${s.toFixed(s < 10 ? 2 : 1)} s`;

async function main(): Promise<void> {
  const sizes = (process.env.CYCLE_SIZES ?? '10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  const largest = Math.max(...sizes);
  // As the campaign plans the province's year, unless CYCLE_LEDGER_ORDER=interleaved (see LedgerOrder).
  const ledgerOrder: LedgerOrder = process.env.CYCLE_LEDGER_ORDER === 'interleaved' ? 'interleaved' : 'campaign';
  const env = await startBenchEnvironment({ postgresSettings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'top' } });
  const parts: Part[] = [];
  const suiteDb = await createSuiteDatabase('bench-cycle');
  const db = new Client({ connectionString: suiteDb.url });
  await db.connect();
  const results: string[] = [];
  const table: string[] = [];
  // Ctrl-C or a kill: stop the processes and servers this bench started before leaving.
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    console.error('stopping: the processes and servers of this bench are stopped first');
    void (async () => {
      for (const part of [...parts].reverse()) await part.stop().catch(() => undefined);
      await env.stop().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const withStatements = await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').then(() => true, () => false);
    const dataKey = randomBytes(32).toString('base64');
    const blindIndexKey = randomBytes(32).toString('base64');
    const tokenSecret = randomBytes(32).toString('hex');
    const pollMs = process.env.BANK_POLL_MS ?? '2000';
    const common = {
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS as string,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE || 'default',
      TEMPORAL_TASK_QUEUE_PREFIX: `bench-cycle-${randomBytes(3).toString('hex')}-`,
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
    };

    // The three processes, as deployed.
    const bankPort = await freePort();
    const bank = await startPart('bank-sandbox', 'infra/bank-sandbox/bank-sandbox.js', { BANK_SANDBOX_PORT: String(bankPort), HOST: '127.0.0.1' }, env.work, (o) => o.includes('bank sandbox on'));
    parts.push(bank);
    const studentsPort = await freePort();
    const api = new HttpClient(`http://127.0.0.1:${studentsPort}`);
    const studentsEnv = {
      ...common,
      DATABASE_URL: suiteDb.url,
      AUTH_TOKEN_SECRET: tokenSecret,
      STUDENTS_PORT: String(studentsPort),
      EDUAID_DATA_KEYS: `1:${dataKey}`,
      EDUAID_BLIND_INDEX_KEY: blindIndexKey,
      EDUAID_BANK_API_URL: `http://127.0.0.1:${bankPort}`,
      EDUAID_BANK_BATCH_POLL_MS: pollMs,
      // e.g. --max-old-space-size=128: does the students service run the cycle in a small heap (no leak), or run out?
      ...(process.env.STUDENTS_NODE_OPTIONS ? { NODE_OPTIONS: process.env.STUDENTS_NODE_OPTIONS } : {}),
    };
    const students = await startPart('students', 'services/students/src/main.js', studentsEnv, env.work, async () => (await api.get('/health/ready').catch(() => ({ status: 0 }))).status === 200);
    parts.push(students);
    const worker = await startPart('workflow-worker', 'tests/benchmarks/bench-worker.js', { ...common, BENCH_WORKFLOW_BUNDLE: env.bundlePath }, env.work, (o) => o.includes('workflow worker polling'));
    parts.push(worker);
    const admin = { authorization: `Bearer ${(await signCallerToken(tokenSecret, { userId: 'bench-cycle', displayName: 'bench', roles: ['programme-admin'], scope: { level: 'province', code: '42' } })).token}` };

    const [{ setting: dataDir }] = (await db.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows;
    let postmasterPid: number | undefined;
    try {
      postmasterPid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    } catch {
      postmasterPid = undefined; // a server elsewhere (DATABASE_URL): its memory is not ours to read
    }

    // Students (one household per county, spread over the 37 counties) and their bank accounts, by COPY.
    const loadStarted = performance.now();
    const cipher = new FieldCipher(keyRingFrom({ dataKeys: { '1': dataKey }, blindIndexKey }, 'bench'));
    await seedCycleStudents(db, env.work, largest, (account) => cipher.encrypt('bank-account', account));
    console.log(`${largest.toLocaleString('en')} students with encrypted bank accounts in ${CYCLE_COUNTIES.length} counties loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s; work folder ${env.work} (each process's log)`);
    const columns = (await db.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'students' AND table_name = 'aid_payments' AND is_generated = 'NEVER' ORDER BY ordinal_position`)).rows.map((r) => r.name);

    for (const [k, size] of sizes.entries()) {
      // Later sizes pay earlier years: a year's other semester, planned with it as the campaign plans,
      // is then never an earlier semester's row left planned, which a later term's run would claim too.
      const first = 2031 + sizes.length - 1 - k;
      const year = `${first}-${first + 1}`;
      const term = `${year}:S1`;
      // The ledger rows, as the campaign (or, interleaved, single approvals) plans them, for the first `size` students.
      await planCyclePayments(db, { year, term, size, startsOn: `${first}-09-01`, order: ledgerOrder });
      await db.query('CHECKPOINT');
      if (withStatements) await db.query('SELECT pg_stat_statements_reset()');
      const updatesBefore = await updateCounts(db);

      // 1. The cycle, end to end.
      let fractionDone = 0;
      const memory = new MemoryByProcess({
        students: () => rssOf(students.child.pid),
        worker: () => rssOf(worker.child.pid),
        bank: () => rssOf(bank.child.pid),
        bench: () => Promise.resolve(process.memoryUsage().rss),
        // Every 2 s, not every 250 ms: summing PSS walks each server process's page tables (1 GB of
        // shared buffers), CPU taken from the cycle it measures (2.5 s of a 100,000 cycle's 11 s at 250 ms).
        postgres: everyNth(8, () => postgresPss(postmasterPid)),
      });
      memory.start(() => fractionDone);
      const settings = {
        ...(process.env.CYCLE_CHUNK ? { chunkSize: Number(process.env.CYCLE_CHUNK) } : {}),
        ...(process.env.CYCLE_CONCURRENCY ? { concurrency: Number(process.env.CYCLE_CONCURRENCY) } : {}),
      };
      const cpuPids = { students: students.child.pid, worker: worker.child.pid, bank: bank.child.pid, bench: process.pid };
      const cpuBefore = await cpuSecondsByProcess(cpuPids, postmasterPid);
      const started = performance.now();
      const start = await api.post<unknown>('/payment-cycles', { term, ...settings }, admin);
      if (start.status !== 202) throw new Error(`starting the cycle failed: ${start.status} ${JSON.stringify(start.body)}`);
      let cycle: { state: string; totals: { due: number; paid: number; failed: number } };
      for (;;) {
        await sleep(250);
        const res = await api.get<typeof cycle>(`/payment-cycles/${encodeURIComponent(term)}`, admin);
        if (res.status !== 200) continue; // its row is written by the workflow's first activity
        cycle = res.body;
        fractionDone = cycle.totals.due > 0 ? cycle.totals.paid / cycle.totals.due : 0;
        if ((FINISHED_CYCLE_STATES as readonly string[]).includes(cycle.state)) break;
      }
      const cycleSeconds = (performance.now() - started) / 1000;
      const cpuAfter = await cpuSecondsByProcess(cpuPids, postmasterPid);
      const cpuUsed = Object.fromEntries(Object.keys(cpuAfter).map((name) => [name, cpuAfter[name] - (cpuBefore[name] ?? 0)]));
      memory.stop();
      if (cycle.state !== 'completed' || cycle.totals.paid !== size) throw new Error(`cycle ended ${cycle.state} with ${cycle.totals.paid} of ${size} paid (${cycle.totals.failed} failed)`);
      const times = withStatements ? await statementTimes(db) : undefined;
      await sleep(1500); // table statistics reach pg_stat_user_tables up to a second after a transaction
      const updatesAfter = await updateCounts(db);
      const [{ pay }] = (await db.query<{ pay: number }>(`SELECT extract(epoch FROM max(paid_at) - min(paid_at)) AS pay FROM students.aid_payments WHERE cycle_term = $1`, [term])).rows;

      // 2. Baseline: a raw COPY of the same ledger rows (as the cycle left them, under new keys and ids) into the same table.
      const ledgerPath = path.join(env.work, `ledger-${size}.copy`);
      // New ids, keys and semester names: the ledger's unique indexes (key; one live row per student, scheme and semester) take them as new rows.
      const renamed: Record<string, string> = { id: `id + ${COPY_ID_OFFSET}`, idempotency_key: `'copy:' || idempotency_key`, semester: `'copy:' || semester` };
      const select = columns.map((c) => renamed[c] ?? c).join(', ');
      await pipeline(db.query(copyTo(`COPY (SELECT ${select} FROM students.aid_payments WHERE cycle_term = '${term}') TO STDOUT`)), createWriteStream(ledgerPath));
      await db.query('CHECKPOINT');
      const copyStarted = performance.now();
      await pipeline(createReadStream(ledgerPath), db.query(copyFrom(`COPY students.aid_payments (${columns.join(', ')}) FROM STDIN`)));
      const copySeconds = (performance.now() - copyStarted) / 1000;
      await db.query(`DELETE FROM students.aid_payments WHERE id >= ${COPY_ID_OFFSET}`);
      await db.query('VACUUM ANALYZE students.aid_payments');

      const rate = size / cycleSeconds;
      const copyRate = size / copySeconds;
      const upd = updatesAfter.upd - updatesBefore.upd;
      const hot = updatesAfter.hot - updatesBefore.hot;
      const writeSeconds = times ? times.claim + times.sending + times.paid + times.failed : 0;
      const writeRate = writeSeconds > 0 ? size / writeSeconds : 0;
      const quarters = (name: string) => memory.quarters(name).map(mib).join(' / ');
      const lines = [
        `\npayment cycle benchmark: ${size.toLocaleString('en')} payments, ${CYCLE_COUNTIES.length} counties (chunk ${settings.chunkSize ?? 'default 5000'}, lanes ${settings.concurrency ?? 'default 4'}, bank polls from 50 ms doubling to ${pollMs} ms, faults off; ledger planned ${ledgerOrder === 'campaign' ? 'as the campaign plans it: county by county, both semesters' : 'interleaved: counties alternating row by row, the term alone'})`,
        `  whole cycle               ${seconds(cycleSeconds)} wall, ${num(rate)} payments/s, ${((cycleSeconds / size) * 1000).toFixed(2)} s per 1,000 (first to last paid_at ${Number(pay ?? 0).toFixed(1)} s)`,
        ...(times
          ? [
              `  PostgreSQL time           ${seconds(times.total)} in all statements (summed over connections; lanes overlap): ledger writes ${seconds(writeSeconds)} (claim ${seconds(times.claim)}, sending ${seconds(times.sending)}, paid ${seconds(times.paid)}, failed ${seconds(times.failed)}), ledger reads ${seconds(times.ledgerReads)}, other ${seconds(times.other)}`,
              `  ledger row updates        ${num(upd)} (${(upd / size).toFixed(2)} a payment), ${upd > 0 ? ((hot / upd) * 100).toFixed(0) : 0} % heap-only (no index written); autovacuum vacuumed the ledger ${updatesAfter.vacuums - updatesBefore.vacuums}×, analysed it ${updatesAfter.analyzes - updatesBefore.analyzes}× meanwhile`,
              `  ledger-writing rate       ${num(writeRate)} payments/s (the cycle's rows / PostgreSQL time of the statements that write them, summed over lanes)`,
              `  longest statements        ${times.top.map((t) => `\n    ${seconds(t.seconds).padStart(8)} ${String(t.calls).padStart(6)} calls  ${t.query}`).join('')}`,
            ]
          : ['  PostgreSQL time           n/a (no pg_stat_statements on this server)']),
        `  raw COPY, same rows       ${seconds(copySeconds)}, ${num(copyRate)} rows/s (${mib(statSync(ledgerPath).size)}, into students.aid_payments itself, new keys)`,
        `  ledger writing / COPY     ${times ? (writeRate / copyRate).toFixed(2) : 'n/a'} (aim ≥ 0.5; statement times summed over lanes: two lanes writing at once count twice)`,
        `  whole cycle / COPY        ${(rate / copyRate).toFixed(3)} (the cycle's payments/s against COPY's rows/s: bank, accounts, Temporal included)`,
        `  CPU while it ran           ${(['postgres', 'students', 'worker', 'bank', 'temporal', 'bench'] as const).map((name) => `${name === 'postgres' && !postmasterPid ? 'postgres n/a' : `${name} ${cpuUsed[name].toFixed(1)} s`}`).join(', ')} (${(os.cpus().length * cycleSeconds).toFixed(1)} s on ${os.cpus().length} cores in the cycle's wall time)`,
        `  peak RSS                  students service ${mib(memory.peak('students'))}, workflow worker ${mib(memory.peak('worker'))}, bank sandbox ${mib(memory.peak('bank'))} (keeps every key it was sent), bench driver ${mib(memory.peak('bench'))}; PostgreSQL ${postmasterPid ? `${mib(memory.peak('postgres'))} (PSS summed)` : 'n/a'}`,
        `  by quarter of the cycle   students ${quarters('students')}; worker ${quarters('worker')}; bank ${quarters('bank')}`,
      ];
      console.log(lines.join('\n'));
      results.push(lines.join('\n'));
      table.push(
        `| ${num(size)} | ${cycleSeconds.toFixed(1)} s | ${num(rate)} | ${times ? `${writeSeconds.toFixed(1)} s` : 'n/a'} | ${times ? num(writeRate) : 'n/a'} | ${copySeconds.toFixed(1)} s | ${times ? (writeRate / copyRate).toFixed(2) : 'n/a'} | ${(rate / copyRate).toFixed(3)} | ${mib(memory.peak('students'))} | ${mib(memory.peak('worker'))} | ${mib(memory.peak('bank'))} | ${mib(memory.peak('postgres'))} |`,
      );
    }
    console.log(`\n===== all sizes =====${results.length > 1 ? results.join('') : ''}`);
    console.log(
      [
        '',
        '| payments | cycle wall | payments/s | ledger-write time | ledger-writing rate | COPY | writing / COPY | cycle / COPY | students RSS | worker RSS | bank RSS | PostgreSQL PSS |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...table,
      ].join('\n'),
    );
  } finally {
    await db.end();
    for (const part of parts.reverse()) await part.stop();
    await suiteDb.drop();
    await env.stop();
    // The data files (hundreds of MiB for the province) go; the processes' logs stay.
    for (const file of readdirSync(env.work)) if (file.endsWith('.copy')) rmSync(path.join(env.work, file), { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
