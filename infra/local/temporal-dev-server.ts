import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { delay, freePort } from './ports';

const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
const FETCH_SCRIPT = path.join(repoRoot, 'infra', 'temporal', 'fetch-temporal.sh');

/** Path of the Temporal CLI or the time-skipping test server, found or fetched by the infra script. */
export function temporalBinary(which: 'cli' | 'test-server'): string {
  try {
    return execFileSync('bash', [FETCH_SCRIPT, which], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    throw new Error(`no Temporal ${which} could be found or fetched (see the messages above, or run: bash infra/temporal/fetch-temporal.sh)`);
  }
}

export interface TemporalDevServerOptions {
  /** gRPC port; left out, a free one is chosen for each attempt. */
  port?: number;
  uiPort?: number;
  /** SQLite file that keeps the server's state across restarts; in memory when left out. */
  dbFile?: string;
  logFile: string;
  /** Records the server's pid so a later start can stop one left over from a killed run. */
  pidFile?: string;
  namespace?: string;
}

export interface LocalTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts after a port clash are retried this many times in all. */
const START_ATTEMPTS = 4;

/**
 * `temporal server start-dev` with the WAL journal on its SQLite file, waited for until it answers.
 *
 * The CLI picks its HTTP API and metrics ports itself, by listening on port 0 and closing again; on a busy
 * machine another process can take such a port before the server binds it (a CI run failed so). A start
 * that ends on "address already in use" is therefore retried, with fresh ports where the caller left the
 * choice to us; every other failure is reported at once.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<LocalTemporal> {
  const cli = temporalBinary('cli');
  if (options.pidFile) stopLeftover(options.pidFile);
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(cli, { ...options, port }, await freePort());
    } catch (error) {
      if (!(error instanceof PortClash) || attempt >= START_ATTEMPTS) throw error;
      await delay(500 * attempt);
    }
  }
}

/** The server exited at start because a port it wanted was taken. */
class PortClash extends Error {}

async function startOnce(cli: string, options: TemporalDevServerOptions & { port: number }, httpPort: number): Promise<LocalTemporal> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--http-port', String(httpPort),
    '--log-level', 'warn',
    '--sqlite-pragma', 'journal_mode=WAL',
    '--sqlite-pragma', 'synchronous=OFF',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.namespace && options.namespace !== 'default' ? ['--namespace', options.namespace] : []),
  ];
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  if (options.pidFile && child.pid) writeFileSync(options.pidFile, String(child.pid));
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilAnswering(address, child, options.logFile);
  } catch (error) {
    if (/address already in use/i.test(output)) throw new PortClash((error as Error).message);
    throw error;
  }
  return {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: async () => {
      await stopChild(child, 10_000);
      if (options.pidFile) rmSync(options.pidFile, { force: true });
    },
  };
}

async function waitUntilAnswering(address: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`the Temporal dev server exited at start; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch {
      await delay(250);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`the Temporal dev server did not answer on ${address} within 90 s; see ${logFile}`);
}

export function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(pidFile, { force: true });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
