import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { FINISHED_CYCLE_STATES } from '../../libs/contracts/src';
import { ConfiguredKeyProvider, FieldCipher } from '../../libs/platform/src/privacy';
import { signCallerToken } from '../../libs/platform/src/auth/token-verifier';
import { BankSandbox, SandboxFaults, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { LocalPostgres, startEmbeddedPostgres } from '../../infra/local/embedded-postgres';
import { delay, freePort } from '../../infra/local/ports';
import { ensureSearchAttributes } from '../../infra/local/search-attributes';
import { LocalTemporal, startTemporalDevServer } from '../../infra/local/temporal-dev-server';
import { CYCLE_COUNTIES, planCyclePayments, seedCycleStudents } from '../benchmarks/cycle-seed';
import { BankLine, LedgerLine, reliabilityChecks } from './checks';
import { distEntry, SupervisedProcess, waitUntilReady } from './processes';

/**
 * `npm run test:reliability [-- --payments N]` (or RELIABILITY_PAYMENTS=N; default 100,000): a
 * semester payment cycle of N payments, run through the public API by eduaid's own processes (the
 * students and casework services and the workflow worker, each its own OS process started from
 * dist/, as a deployment runs them) against an embedded PostgreSQL and a Temporal dev server that
 * keep their state on disk, and a bank sandbox (in this process, so it outlives every kill) with its
 * faults on. While the cycle runs, the suite SIGKILLs the workflow worker and the students service
 * several times and restarts PostgreSQL and the Temporal server. A supervisor starts each killed
 * process again, as an orchestrator would. When the cycle has ended it prints four checks: no
 * payment twice, none missing, ledger total = entitlements due, the bank's record = the ledger line
 * by line; exit code 1 when any fails (or the cycle did not end).
 */
const TERM_YEAR = '2046-2047';
const TERM = `${TERM_YEAR}:S1`;
const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/** The bank's faults while the cycle runs: errors, timeouts, lost answers on every request; some batches never answered. */
const FAULTS: Partial<SandboxFaults> = {
  errorRate: 0.05,
  timeoutRate: 0.02,
  lostAnswerRate: 0.05,
  unansweredBatchRate: 0.05,
  // The first batches: one accepted and never answered, one paid and never reported, one whose answer is lost.
  nextBatch: ['unanswered', 'unanswered-after-paying', 'lost-answer'],
  batchDelayMs: 200,
};

type Disruption =
  | 'kill workflow worker'
  | 'kill students service'
  | 'restart PostgreSQL'
  | 'crash PostgreSQL'
  | 'restart Temporal server'
  | 'kill Temporal server'
  | 'kill workflow worker and students service';
/**
 * In this order, spread over the cycle. PostgreSQL: a restart is its fast shutdown (connections cut,
 * a checkpoint), a crash its immediate shutdown (no checkpoint: crash recovery from the WAL at the
 * next start). Temporal: a restart is SIGTERM, a kill SIGKILL; its SQLite file keeps its state.
 */
const PLAN: Disruption[] = [
  'kill workflow worker',
  'kill students service',
  'restart PostgreSQL',
  'kill workflow worker',
  'restart Temporal server',
  'kill students service',
  'crash PostgreSQL',
  'kill workflow worker and students service',
  'kill Temporal server',
];

/** Sends a signal to the process whose pid the file's first line holds, and waits until it is gone. */
async function signalAndWait(pidFile: string, signal: NodeJS.Signals): Promise<void> {
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  process.kill(pid, signal);
  for (let i = 0; i < 200 && alive(); i++) await delay(100);
}

function paymentsWanted(): number {
  const i = process.argv.indexOf('--payments');
  const raw = process.argv.find((a) => a.startsWith('--payments='))?.split('=')[1] ?? (i >= 0 ? process.argv[i + 1] : undefined) ?? process.env.RELIABILITY_PAYMENTS ?? '100000';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 100 || n > 2_000_000) throw new Error(`--payments / RELIABILITY_PAYMENTS must be a whole number from 100 to 2000000, got '${raw}'`);
  return n;
}

/** `--baseline` (or RELIABILITY_BASELINE=1): the same cycle with the bank's faults off and no disruption, to compare times. */
const BASELINE = process.argv.includes('--baseline') || process.env.RELIABILITY_BASELINE === '1';
const started = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

interface CycleView {
  state: string;
  totals: { due: number; dueFen: number; paid: number; paidFen: number; failed: number; sending: number; planned: number; batches: number };
}

async function main(): Promise<number> {
  const payments = paymentsWanted();
  const work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-reliability-'));
  chmodSync(work, 0o755);
  const logs = path.join(work, 'logs');
  mkdirSync(logs);
  say(`reliability suite: ${payments.toLocaleString('en')} payments; work folder ${work}`);
  const stops: (() => Promise<void>)[] = [];
  let keepWork = false;
  /** Where PostgreSQL's files are: in the work folder, or (as root, see embedded-postgres) a folder a link there leads to. */
  let pgDataDir: string | undefined;
  try {
    // PostgreSQL and Temporal keep their state on disk, so each can be restarted mid-cycle.
    // The first start picks a free port (retried on a clash); restarts come back on the same one, which the services' URL names.
    const startPg = (port?: number) => startEmbeddedPostgres({ dataDir: path.join(work, 'postgres'), port, database: 'eduaid_reliability', persistent: true });
    let pg: LocalPostgres = await startPg();
    const pgPort = pg.port;
    pgDataDir = pg.dataDir;
    stops.push(() => pg.stop());
    const temporalPidFile = path.join(work, 'temporal.pid');
    // Likewise: a free port at first (retried on a clash), the same one on each restart.
    const startTemporal = (port?: number) => startTemporalDevServer({ port, dbFile: path.join(work, 'temporal.sqlite'), logFile: path.join(logs, 'temporal.log'), pidFile: temporalPidFile });
    let temporal: LocalTemporal = await startTemporal();
    const temporalPort = Number(temporal.address.split(':').pop());
    stops.push(() => temporal.stop());
    await ensureSearchAttributes(temporal.address, 'default');
    const bank: BankSandbox = await startBankSandbox();
    stops.push(() => bank.stop());
    say(`PostgreSQL on ${pgPort}, Temporal on ${temporalPort}, bank sandbox ${bank.url}`);

    const tokenSecret = randomBytes(32).toString('hex');
    const keys = { EDUAID_DATA_KEYS: `1:${randomBytes(32).toString('base64')}`, EDUAID_BLIND_INDEX_KEY: randomBytes(32).toString('base64') };
    const studentsPort = await freePort();
    const caseworkPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...keys,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      AUTH_TOKEN_SECRET: tokenSecret,
      STUDENTS_PORT: String(studentsPort),
      CASEWORK_PORT: String(caseworkPort),
      EDUAID_CASEWORK_URL: `http://127.0.0.1:${caseworkPort}`,
      EDUAID_BANK_API_URL: bank.url,
      EDUAID_BANK_BATCH_POLL_MS: '500',
      // An unanswered batch goes to the next round after 8 s (deployed: 15 min); a held request is given up after 2 s.
      EDUAID_BANK_BATCH_DEADLINE_MS: '8000',
      EDUAID_BANK_TIMEOUT_MS: '2000',
      EDUAID_DEMO_DATA: 'off',
      LOG_LEVEL: 'warn',
    };
    const casework = new SupervisedProcess('casework', distEntry(repoRoot, 'services/casework/src/main.js'), env, path.join(logs, 'casework.log'));
    const students = new SupervisedProcess('students', distEntry(repoRoot, 'services/students/src/main.js'), env, path.join(logs, 'students.log'));
    const worker = new SupervisedProcess('workflows', distEntry(repoRoot, 'workflows/src/main.js'), env, path.join(logs, 'workflows.log'));
    const processes = [casework, students, worker];
    stops.push(async () => {
      for (const p of [...processes].reverse()) await p.stop();
    });
    // All at once: the students service is told casework's URL up front and asks it only when a request comes.
    for (const p of processes) p.start();
    const studentsReady = () => waitUntilReady(`http://127.0.0.1:${studentsPort}/health/ready`, 180_000);
    await Promise.all([waitUntilReady(`http://127.0.0.1:${caseworkPort}/health/ready`, 180_000), studentsReady()]);
    say('casework, students and the workflow worker are up (each its own process)');

    // The term's entitlements: students with bank accounts, and the ledger rows approval plans.
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    const cipher = new FieldCipher(new ConfiguredKeyProvider(keys).load());
    await seedCycleStudents(db, work, payments, (account) => cipher.encrypt('bank-account', account));
    await planCyclePayments(db, { year: TERM_YEAR, term: TERM, size: payments, startsOn: '2046-09-01' });
    const [due] = (
      await db.query<{ payments: number; amount: string }>(`SELECT count(*)::int AS payments, coalesce(sum(amount_fen), 0)::text AS amount FROM students.aid_payments WHERE semester = $1 AND status = 'planned'`, [TERM])
    ).rows;
    await db.end();
    const dueFen = Number(due.amount);
    say(`${due.payments.toLocaleString('en')} payments due in ${CYCLE_COUNTIES.length} counties, ${(dueFen / 100).toLocaleString('en')} yuan`);

    const { token } = await signCallerToken(tokenSecret, { userId: 'reliability-admin', displayName: 'Reliability suite', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    const api = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; body: T }> => {
      const res = await fetch(`http://127.0.0.1:${studentsPort}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
    };

    // Faults on, then the cycle, through the public API. Chunks small enough that a kill lands mid-batch.
    if (!BASELINE) Object.assign(bank.faults, { ...FAULTS, nextBatch: [...(FAULTS.nextBatch ?? [])] });
    const chunkSize = Math.max(100, Math.min(2000, Math.round(payments / 200)));
    const start = await api<unknown>('POST', '/payment-cycles', { term: TERM, chunkSize, concurrency: 4 });
    if (start.status !== 202) throw new Error(`POST /payment-cycles answered ${start.status}: ${JSON.stringify(start.body)}`);
    const cycleStarted = Date.now();
    say(`cycle ${TERM} started (chunks of ${chunkSize}, 4 lanes); ${BASELINE ? 'baseline: bank faults off, no disruptions' : `bank faults on: ${JSON.stringify(FAULTS)}`}`);

    let view: CycleView | undefined;
    let lastError = '';
    const read = async () => {
      try {
        const res = await api<CycleView>('GET', `/payment-cycles/${encodeURIComponent(TERM)}`);
        if (res.status === 200) view = res.body;
        else lastError = `GET answered ${res.status}`;
      } catch (error) {
        lastError = (error as Error).message; // the service is down for the moment
      }
    };
    const finished = () => view !== undefined && (FINISHED_CYCLE_STATES as readonly string[]).includes(view.state);
    const settledShare = () => (view && view.totals.due > 0 ? (view.totals.paid + view.totals.failed) / view.totals.due : 0);

    // Disruptions, spread over the cycle by its progress: the k-th once k/(n+1) of the payments are settled.
    const done: { what: Disruption; at: number; share: number; recoveredMs: number }[] = [];
    const disrupt = async (what: Disruption) => {
      const share = settledShare();
      const t0 = Date.now();
      say(`>> ${what} (${(share * 100).toFixed(0)} % settled)`);
      if (what === 'kill workflow worker') worker.kill();
      else if (what === 'kill students service') students.kill();
      else if (what === 'kill workflow worker and students service') {
        worker.kill();
        students.kill();
      } else if (what === 'restart PostgreSQL' || what === 'crash PostgreSQL') {
        if (what === 'crash PostgreSQL') await signalAndWait(path.join(pg.dataDir, 'postmaster.pid'), 'SIGQUIT');
        await pg.stop();
        await delay(2000);
        pg = await startPg(pgPort);
      } else {
        if (what === 'kill Temporal server') await signalAndWait(temporalPidFile, 'SIGKILL');
        await temporal.stop();
        await delay(2000);
        temporal = await startTemporal(temporalPort);
      }
      await delay(1000);
      await studentsReady();
      const recoveredMs = Date.now() - t0;
      done.push({ what, at: (t0 - cycleStarted) / 1000, share, recoveredMs });
      say(`<< ${what}: students ready again after ${(recoveredMs / 1000).toFixed(1)} s`);
    };

    const timeoutMs = Number(process.env.RELIABILITY_TIMEOUT_MS ?? 600_000 + payments * 20);
    let lastLog = 0;
    while (!finished()) {
      if (Date.now() - cycleStarted > timeoutMs) break;
      await read();
      const next = BASELINE ? undefined : PLAN[done.length];
      if (next && !finished() && settledShare() >= done.length / (PLAN.length + 1)) await disrupt(next);
      if (Date.now() - lastLog > 10_000 && view) {
        lastLog = Date.now();
        const t = view.totals;
        say(`   ${view.state}: ${t.paid.toLocaleString('en')} paid, ${t.sending} sending, ${t.planned} planned, ${t.failed} failed of ${t.due.toLocaleString('en')}; ${t.batches} batches`);
      }
      await delay(500);
    }
    const cycleSeconds = (Date.now() - cycleStarted) / 1000;
    if (!finished()) {
      keepWork = true;
      say(`the cycle did not end within ${Math.round(timeoutMs / 1000)} s (last seen: ${JSON.stringify(view?.totals ?? lastError)}); logs kept in ${logs}`);
    } else {
      say(`cycle ${view?.state} after ${cycleSeconds.toFixed(1)} s`);
    }
    Object.assign(bank.faults, { errorRate: 0, timeoutRate: 0, lostAnswerRate: 0, unansweredBatchRate: 0, nextBatch: [] });

    // What happened: the ledger and the bank's record.
    const reader = new Client({ connectionString: pg.url });
    await reader.connect();
    const ledger: LedgerLine[] = (
      await reader.query<{ key: string; entitlement: string; status: string; amount: string; ref: string | null }>(
        `SELECT idempotency_key AS key, student_id || ' ' || semester || ' ' || scheme AS entitlement, status, amount_fen::text AS amount, bank_reference AS ref
           FROM students.aid_payments WHERE semester = $1`,
        [TERM],
      )
    ).rows.map((r) => ({ key: r.key, entitlement: r.entitlement, status: r.status, amountFen: Number(r.amount), bankReference: r.ref }));
    await reader.end();
    const bankLines: BankLine[] = [];
    const res = await fetch(`${bank.url}/_sandbox/ledger`);
    for await (const line of createInterface({ input: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream) })) {
      if (!line) continue;
      const b = JSON.parse(line) as { idempotencyKey: string; status: string; amountFen: number; paymentId?: string; timesPaid: number };
      bankLines.push({ key: b.idempotencyKey, status: b.status, amountFen: b.amountFen, paymentId: b.paymentId, timesPaid: b.timesPaid });
    }
    const stats = bank.stats();

    const checks = reliabilityChecks({ payments: due.payments, amountFen: dueFen }, ledger, bankLines);
    const failed = checks.filter((c) => !c.passed).length + (finished() ? 0 : 1);
    console.log(`\n===== reliability${BASELINE ? ' (baseline: no faults, no disruptions)' : ''}: ${payments.toLocaleString('en')} payments, cycle ${view?.state ?? 'unknown'} in ${cycleSeconds.toFixed(1)} s =====`);
    console.log(`disruptions during the cycle (${done.length} of ${BASELINE ? 0 : PLAN.length} planned):`);
    for (const d of done) console.log(`  at ${d.at.toFixed(1).padStart(6)} s (${(d.share * 100).toFixed(0).padStart(3)} % settled)  ${d.what.padEnd(42)} recovered in ${(d.recoveredMs / 1000).toFixed(1)} s`);
    console.log(`bank: ${stats.batches} batches, ${stats.keys} keys, ${stats.paid} paid; faults: ${BASELINE ? 'off' : JSON.stringify(FAULTS)}`);
    if (view) console.log(`the cycle's own record (GET /payment-cycles/${TERM}): ${view.state}, ${view.totals.paid} paid (${(view.totals.paidFen / 100).toLocaleString('en')} yuan), ${view.totals.failed} failed, ${view.totals.sending} sending, ${view.totals.planned} planned of ${view.totals.due} due`);
    for (const p of processes) {
      console.log(`process ${p.name.padEnd(9)} started ${p.starts} times; exits nobody asked for: ${p.unexpectedExits.length ? p.unexpectedExits.join(', ') : 'none'}`);
    }
    console.log('');
    for (const c of checks) console.log(`${c.passed ? 'PASS' : 'FAIL'}  ${c.name.padEnd(36)} ${c.detail}`);
    if (!finished()) console.log(`FAIL  the cycle ended                       it did not (state ${view?.state ?? 'unknown'})`);
    if (!BASELINE && done.length < PLAN.length) console.log(`note: the cycle ended before ${PLAN.length - done.length} of the planned disruptions`);
    if (failed > 0) {
      keepWork = true;
      console.log(`\n${failed} check(s) failed; logs kept in ${logs}`);
    }
    return failed > 0 ? 1 : 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => console.error(`stopping: ${error.message}`));
    if (!keepWork) {
      if (pgDataDir) rmSync(pgDataDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`reliability suite: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
