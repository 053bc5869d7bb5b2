import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, WriteStream } from 'node:fs';
import path from 'node:path';
import { delay } from '../../infra/local/ports';
import { stopChild } from '../../infra/local/temporal-dev-server';

/**
 * One eduaid process (a service or the workflow worker) run from `dist/` as its own OS process, as a
 * deployment runs it, under a supervisor that behaves like an orchestrator's restart policy: a process
 * that ends (killed by the suite, or exiting on its own) is started again after `restartDelayMs`.
 * Exits the suite did not cause are counted: they are findings, not part of the plan.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private killedByUs = false;
  private stopped = false;
  private log: WriteStream;
  /** Exits nobody asked for, with their exit code or signal. */
  readonly unexpectedExits: string[] = [];
  starts = 0;

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
    private readonly restartDelayMs = 500,
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.starts += 1;
    this.killedByUs = false;
    this.log.write(`\n===== start #${this.starts} at ${new Date().toISOString()} =====\n`);
    const child = spawn(process.execPath, ['--enable-source-maps', this.entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.stopped) return;
      if (!this.killedByUs) {
        this.unexpectedExits.push(`${new Date().toISOString()} ${signal ?? `exit ${code}`}`);
        this.log.write(`\n===== exited on its own (${signal ?? `exit ${code}`}); restarting =====\n`);
      }
      setTimeout(() => {
        if (!this.stopped && !this.child) this.start();
      }, this.restartDelayMs);
    });
    this.child = child;
  }

  /** SIGKILL: no drain, no goodbye; the supervisor starts it again. */
  kill(): void {
    if (!this.child) return;
    this.killedByUs = true;
    this.child.kill('SIGKILL');
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.child) await stopChild(this.child, 15_000);
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/** Waits until `url` answers 2xx (a service's /health/ready: PostgreSQL, Temporal and its activity worker). */
export async function waitUntilReady(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  throw new Error(`${url} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

export const distEntry = (repoRoot: string, entry: string) => path.join(repoRoot, 'dist', entry);
