import { randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openServiceDataSource } from '../../libs/platform/src/database/data-source';
import { FieldCipher } from '../../libs/platform/src/privacy/field-cipher';
import { keyRingFrom } from '../../libs/platform/src/privacy/key-ring';
import { startEmbeddedPostgres } from '../../infra/local/embedded-postgres';
import { PaymentsRepository } from '../../services/students/src/payments/payments.repository';
import { studentsService } from '../../services/students/src/students.service';
import { planCyclePayments, seedCycleStudents } from './cycle-seed';

/**
 * The cycle's three ledger writes (claim, 'sending', 'paid'), replayed through PaymentsRepository
 * itself on one connection with nothing else running (no Temporal, no bank, no lanes), against a raw
 * COPY of the same rows into the same table: where `bench:cycle`'s writing / COPY moves with the
 * machine's load, this isolates the statements. Same data as bench:cycle (cycle-seed.ts: students
 * interleaved over the 37 counties, the term's rows planned by SQL, then a CHECKPOINT, as the bench
 * takes one before each cycle). Each round plans a fresh term and removes it afterwards (VACUUM FULL),
 * so every round starts from the same table. Prints, per write, the seconds, the CPU seconds of the
 * backends that ran it (from /proc: the figure least moved by a loaded machine), µs per row, WAL
 * bytes (the server's WAL position before and after), and the ratios ledger writing / COPY.
 *
 *   npm run build:bench && node dist/tests/benchmarks/ledger-replay.bench.js
 *   LEDGER_REPLAY_SIZE (default 100000), LEDGER_REPLAY_ROUNDS (default 3), LEDGER_REPLAY_CHUNK (a
 *   county's chunk, default 5000: one chunk per county at 100,000 as in bench:cycle).
 */
const SIZE = Number(process.env.LEDGER_REPLAY_SIZE ?? 100_000);
const ROUNDS = Number(process.env.LEDGER_REPLAY_ROUNDS ?? 3);
const CHUNK = Number(process.env.LEDGER_REPLAY_CHUNK ?? 5_000);
/** As the cycle workflow claims (workflows/src/payment-cycle/workflow.ts CLAIM_BATCH). */
const CLAIM_BATCH = 20_000;
const COPY_ID_OFFSET = 1_000_000_000_000;

type Kind = 'claim' | 'sending' | 'paid';

/** The server's WAL position in bytes (global: with nothing else running, what the statement between two readings wrote). */
async function walNow(db: Client): Promise<number> {
  const [row] = (await db.query<{ bytes: string }>(`SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint::text AS bytes`)).rows;
  return Number(row.bytes);
}

/**
 * CPU seconds (user + system) the server's backends `pids` have used so far, from /proc (the
 * embedded server runs on this machine): unlike the wall time, hardly moved by other processes
 * competing for the cores. Clock ticks at Linux's USER_HZ of 100.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The backends serving the DataSource (every client backend of the database but `db`'s own). */
async function ledgerBackends(db: Client): Promise<number[]> {
  const { rows } = await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`);
  return rows.map((r) => r.pid);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-ledger-replay-'));
  chmodSync(work, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'postgres'), database: 'eduaid_replay', persistent: false });
  const url = new URL(pg.adminUrl);
  url.pathname = '/eduaid_replay';
  const dataSource = await openServiceDataSource({ ...studentsService.database, url: url.toString() });
  const ledger = new PaymentsRepository(dataSource);
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const cipher = new FieldCipher(keyRingFrom({ dataKeys: { '1': randomBytes(32).toString('base64') }, blindIndexKey: randomBytes(32).toString('base64') }, 'bench'));
    await seedCycleStudents(db, work, SIZE, (account) => cipher.encrypt('bank-account', account));
    const columns = (await db.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'students' AND table_name = 'aid_payments' AND is_generated = 'NEVER' ORDER BY ordinal_position`)).rows.map((r) => r.name);
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    console.log(`${SIZE.toLocaleString('en')} payments a round, ${ROUNDS} rounds, claim batches of ${CLAIM_BATCH.toLocaleString('en')}, county chunks of ${CHUNK.toLocaleString('en')}, one connection`);
    console.log('| round | claim | sending | paid | ledger writes | raw COPY | writing / COPY | load average |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (let round = 0; round < ROUNDS; round += 1) {
      const year = `${2031 + round}-${2032 + round}`;
      const term = `${year}:S1`;
      await planCyclePayments(db, { year, term, size: SIZE, startsOn: `${2031 + round}-09-01` });
      await db.query('CHECKPOINT');
      const seconds: Record<Kind, number> = { claim: 0, sending: 0, paid: 0 };
      const wal: Record<Kind, number> = { claim: 0, sending: 0, paid: 0 };
      const cpu: Record<Kind, number> = { claim: 0, sending: 0, paid: 0 };
      const timed = async <T>(kind: Kind, run: () => Promise<T>): Promise<T> => {
        const before = await walNow(db);
        const cpuBefore = new Map((await ledgerBackends(db)).map((pid) => [pid, cpuSeconds(pid)]));
        const started = performance.now();
        const result = await run();
        seconds[kind] += (performance.now() - started) / 1000;
        wal[kind] += (await walNow(db)) - before;
        // A backend the pool opened during the statement counts whole (it did nothing before).
        for (const pid of await ledgerBackends(db)) cpu[kind] += cpuSeconds(pid) - (cpuBefore.get(pid) ?? 0);
        return result;
      };
      let afterId = '0';
      for (;;) {
        const { lastId } = await timed('claim', () => ledger.claimForCycle(term, afterId, CLAIM_BATCH, 1));
        if (!lastId) break;
        afterId = lastId;
      }
      const counties = (await ledger.cycleCounties(term, 1)).map((c) => c.county_code);
      for (const county of counties) {
        let after = '0';
        for (;;) {
          const chunk = await ledger.cycleChunk(term, county, after, CHUNK, 1);
          if (chunk.length === 0) break;
          after = chunk[chunk.length - 1].id;
          const marked = await timed('sending', () => ledger.markSendingMany(term, chunk.map((r) => r.id)));
          const lines = chunk.filter((r) => marked.has(r.id)).map((r) => ({ id: r.id, reference: `BR${r.id.padStart(12, '0')}` }));
          await timed('paid', () => ledger.markPaidByIds(term, lines));
          if (chunk.length < CHUNK) break;
        }
      }
      const [{ paid }] = (await db.query<{ paid: number }>(`SELECT count(*)::int AS paid FROM students.aid_payments WHERE cycle_term = $1 AND status = 'paid' AND attempts = 1`, [term])).rows;
      if (paid !== SIZE) throw new Error(`round ${round + 1}: ${paid} of ${SIZE} rows paid once`);

      // The baseline, as bench:cycle takes it: the same rows under new ids and keys, COPY'd into the ledger itself after a CHECKPOINT.
      const ledgerPath = path.join(work, 'ledger.copy');
      const renamed: Record<string, string> = { id: `id + ${COPY_ID_OFFSET}`, idempotency_key: `'copy:' || idempotency_key`, semester: `'copy:' || semester` };
      const select = columns.map((c) => renamed[c] ?? c).join(', ');
      await pipeline(db.query(copyTo(`COPY (SELECT ${select} FROM students.aid_payments WHERE cycle_term = '${term}') TO STDOUT`)), createWriteStream(ledgerPath));
      await db.query('CHECKPOINT');
      const copyWalBefore = await walNow(db);
      const [{ pid: copyPid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      const copyCpuBefore = cpuSeconds(copyPid);
      const copyStarted = performance.now();
      await pipeline(createReadStream(ledgerPath), db.query(copyFrom(`COPY students.aid_payments (${columns.join(', ')}) FROM STDIN`)));
      const copySeconds = (performance.now() - copyStarted) / 1000;
      const copyCpu = cpuSeconds(copyPid) - copyCpuBefore;
      const copyWalAfter = await walNow(db);
      // Leave the table as the round found it.
      await db.query(`DELETE FROM students.aid_payments WHERE id >= ${COPY_ID_OFFSET}`);
      await db.query('DELETE FROM students.payment_cycle_rows WHERE term = $1', [term]);
      await db.query('DELETE FROM students.aid_payments WHERE semester = $1', [term]);
      await db.query('VACUUM FULL students.aid_payments');
      await db.query('VACUUM FULL students.payment_cycle_rows');

      const cell = (kind: Kind) => `${seconds[kind].toFixed(2)} s (CPU ${cpu[kind].toFixed(2)} s), ${((seconds[kind] * 1e6) / SIZE).toFixed(1)} µs/row, ${mb(wal[kind])} WAL`;
      const total = seconds.claim + seconds.sending + seconds.paid;
      const totalCpu = cpu.claim + cpu.sending + cpu.paid;
      console.log(
        `| ${round + 1} | ${cell('claim')} | ${cell('sending')} | ${cell('paid')} | ${total.toFixed(2)} s (CPU ${totalCpu.toFixed(2)} s) | ${copySeconds.toFixed(2)} s (CPU ${copyCpu.toFixed(2)} s), ${mb(copyWalAfter - copyWalBefore)} WAL | ${(copySeconds / total).toFixed(2)} (CPU ${(copyCpu / totalCpu).toFixed(2)}) | ${os.loadavg()[0].toFixed(1)} |`,
      );
    }
  } finally {
    await db.end();
    await dataSource.destroy();
    await pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
