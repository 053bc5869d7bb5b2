import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { FINISHED_CYCLE_STATES } from '../../libs/contracts/src';
import { FieldCipher } from '../../libs/platform/src/privacy/field-cipher';
import { startEduaid } from '../../libs/testing/src/eduaid-harness';
import { startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { BANK_API_URL_VARIABLE } from '../../services/students/src/payments/bank-http.provider';
import { studentsService } from '../../services/students/src/students.service';
import { MemorySampler, mib, startBenchEnvironment } from './bench-environment';
import { CYCLE_COUNTIES, planCyclePayments, seedCycleStudents } from './cycle-seed';

/**
 * `npm run bench:cycle`: semester payment cycles of each size in CYCLE_SIZES (default 10000,100000;
 * the province is 766000) through the real path: ledger rows planned by SQL (as approval plans
 * them), students with encrypted bank accounts loaded by COPY, the cycle started by HTTP and run by
 * its workflow against the in-process bank sandbox (faults off). For each size: wall time,
 * payments/s, peak memory (RSS of this process, which holds the services, their workers and the bank
 * sandbox; PSS of the PostgreSQL server), and, in the same run, a raw COPY of the same ledger rows
 * into a table defined like students.aid_payments, with the ratio of the two rates.
 * CYCLE_CHUNK / CYCLE_CONCURRENCY override the cycle's chunk size and lanes; BANK_POLL_MS the
 * batch poll interval (the deployed default, 2000 ms, unless set).
 */
const exec = promisify(execFile);

/**
 * Memory of the PostgreSQL server: the postmaster and its children, as PSS summed (shared buffers
 * shared out between the processes that touched them, so the sum is the server's real footprint;
 * summed RSS would count them once per process), and the largest process's RSS.
 */
async function postgresMemory(postmasterPid: number | undefined): Promise<{ pss: number; largestRss: number }> {
  if (!postmasterPid) return { pss: 0, largestRss: 0 };
  try {
    const { stdout } = await exec('ps', ['-o', 'pid=,rss=', '--ppid', String(postmasterPid), '-p', String(postmasterPid)]);
    let pss = 0;
    let largestRss = 0;
    for (const line of stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const [pid, rss] = line.split(/\s+/).map(Number);
      largestRss = Math.max(largestRss, rss * 1024);
      try {
        const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
        pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      } catch {
        // the process ended between ps and the read
      }
    }
    return { pss, largestRss };
  } catch {
    return { pss: 0, largestRss: 0 };
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.CYCLE_SIZES ?? '10000,100000').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  const largest = Math.max(...sizes);
  const env = await startBenchEnvironment();
  const bank = await startBankSandbox();
  const pollMs = process.env.BANK_POLL_MS ?? '2000';
  const eduaid = await startEduaid('bench-cycle', [studentsService], { env: { [BANK_API_URL_VARIABLE]: bank.url, EDUAID_BANK_BATCH_POLL_MS: pollMs } });
  const db = new Client({ connectionString: eduaid.db.url });
  await db.connect();
  const results: string[] = [];
  try {
    const admin = await eduaid.authAs({ userId: 'bench-cycle', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    const [{ setting: dataDir }] = (await db.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows;
    let postmasterPid: number | undefined;
    try {
      postmasterPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      postmasterPid = undefined; // a server elsewhere (DATABASE_URL): its memory is not ours to read
    }

    // Students (one household per county, spread over the 37 counties) and their bank accounts, by COPY.
    const loadStarted = performance.now();
    const cipher = eduaid.app('students').get(FieldCipher, { strict: false });
    await seedCycleStudents(db, env.work, largest, (account) => cipher.encrypt('bank-account', account));
    console.log(`${largest.toLocaleString('en')} students with encrypted bank accounts in ${CYCLE_COUNTIES.length} counties loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    for (const [k, size] of sizes.entries()) {
      const year = `${2031 + k}-${2032 + k}`;
      const term = `${year}:S1`;
      // The ledger rows, as approval plans them (paid by the cycle), for the first `size` students.
      await planCyclePayments(db, { year, term, size, startsOn: `${2031 + k}-09-01` });
      await db.query('CHECKPOINT');

      // 1. The cycle, end to end.
      const sampler = new MemorySampler();
      let fractionDone = 0;
      let pgPeak = { pss: 0, largestRss: 0 };
      const pgTimer = setInterval(() => {
        void postgresMemory(postmasterPid).then((r) => (pgPeak = { pss: Math.max(pgPeak.pss, r.pss), largestRss: Math.max(pgPeak.largestRss, r.largestRss) }));
      }, 1000);
      sampler.start(() => fractionDone);
      const settings = {
        ...(process.env.CYCLE_CHUNK ? { chunkSize: Number(process.env.CYCLE_CHUNK) } : {}),
        ...(process.env.CYCLE_CONCURRENCY ? { concurrency: Number(process.env.CYCLE_CONCURRENCY) } : {}),
      };
      const started = performance.now();
      const start = await eduaid.http('students').post<unknown>('/payment-cycles', { term, ...settings }, admin);
      if (start.status !== 202) throw new Error(`starting the cycle failed: ${start.status} ${JSON.stringify(start.body)}`);
      let cycle: { state: string; totals: { due: number; paid: number; failed: number } };
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const res = await eduaid.http('students').get<typeof cycle>(`/payment-cycles/${encodeURIComponent(term)}`, admin);
        if (res.status !== 200) continue; // its row is written by the workflow's first activity
        cycle = res.body;
        fractionDone = cycle.totals.due > 0 ? cycle.totals.paid / cycle.totals.due : 0;
        if ((FINISHED_CYCLE_STATES as readonly string[]).includes(cycle.state)) break;
      }
      const cycleSeconds = (performance.now() - started) / 1000;
      sampler.stop();
      clearInterval(pgTimer);
      if (cycle.state !== 'completed' || cycle.totals.paid !== size) throw new Error(`cycle ended ${cycle.state} with ${cycle.totals.paid} of ${size} paid (${cycle.totals.failed} failed)`);
      const [phases] = (
        await db.query<{ pay: number }>(
          `SELECT extract(epoch FROM max(paid_at) - min(paid_at)) AS pay FROM students.aid_payments WHERE cycle_term = $1`,
          [term],
        )
      ).rows;

      // 2. Baseline: a raw COPY of the same ledger rows (as the cycle left them) into a table like students.aid_payments (its indexes, and its foreign key to students).
      const ledgerPath = path.join(env.work, `ledger-${size}.copy`);
      await pipeline(db.query(copyTo(`COPY (SELECT * FROM students.aid_payments WHERE cycle_term = '${term}') TO STDOUT`)), createWriteStream(ledgerPath));
      await db.query('CREATE TABLE students.bench_copy (LIKE students.aid_payments INCLUDING ALL)');
      await db.query('ALTER TABLE students.bench_copy ADD FOREIGN KEY (student_id) REFERENCES students.students (id)');
      await db.query('CHECKPOINT');
      const copyStarted = performance.now();
      await pipeline(createReadStream(ledgerPath), db.query(copyFrom('COPY students.bench_copy FROM STDIN')));
      const copySeconds = (performance.now() - copyStarted) / 1000;
      await db.query('DROP TABLE students.bench_copy');

      const rate = size / cycleSeconds;
      const copyRate = size / copySeconds;
      const quarters = sampler.quarters();
      const lines = [
        `\npayment cycle benchmark: ${size.toLocaleString('en')} payments, ${CYCLE_COUNTIES.length} counties (chunk ${settings.chunkSize ?? 'default 5000'}, lanes ${settings.concurrency ?? 'default 4'}, bank poll ${pollMs} ms, faults off)`,
        `  cycle wall time           ${cycleSeconds.toFixed(1)} s (first to last paid_at ${Number(phases.pay ?? 0).toFixed(1)} s)`,
        `  payments/s                ${rate.toFixed(0)}`,
        `  per 1,000 payments        ${((cycleSeconds / size) * 1000).toFixed(2)} s`,
        `  raw COPY of the rows      ${copySeconds.toFixed(2)} s (${copyRate.toFixed(0)} rows/s, ${mib(statSync(ledgerPath).size)})`,
        `  cycle rate / COPY rate    ${(rate / copyRate).toFixed(3)} (aim ≥ 0.5)`,
        `  peak RSS, this process    ${mib(sampler.peak)} (services, workers and the bank sandbox, which keeps every payment of the run in memory, in-process); by quarter ${quarters.map(mib).join(' / ')}`,
        `  peak memory, PostgreSQL   ${postmasterPid ? `${mib(pgPeak.pss)} (PSS summed over its processes, sampled each second), largest process RSS ${mib(pgPeak.largestRss)}` : 'n/a (external server)'}`,
      ];
      console.log(lines.join('\n'));
      results.push(lines.join('\n'));
    }
    if (results.length > 1) console.log(`\n===== all sizes =====${results.join('')}`);
  } finally {
    await db.end();
    await eduaid.close();
    await bank.stop();
    await env.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
