import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { freePort } from '../../infra/local/ports';

export const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * A tiny round-robin HTTP load balancer, as a platform's service would put in front of replicas:
 * each request goes to the next replica in turn; a replica that refuses the connection (killed)
 * is taken out and the request goes to the next one (a passive health check). A request that was
 * in flight on a replica when it died answers 502, as a real balancer does; the client retries.
 */
export class RoundRobinProxy {
  private server?: http.Server;
  private next = 0;
  readonly upstreams: { url: string; alive: boolean; served: number }[] = [];
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.forward(req, res));
    // Port 0: the kernel picks one as it binds, so nothing can take it in between.
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  add(url: string): void {
    this.upstreams.push({ url, alive: true, served: 0 });
  }

  remove(url: string): void {
    const i = this.upstreams.findIndex((u) => u.url === url);
    if (i >= 0) this.upstreams.splice(i, 1);
  }

  /** Requests served by each replica, by URL. */
  served(): Record<string, number> {
    return Object.fromEntries(this.upstreams.map((u) => [u.url, u.served]));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    for (let tries = 0; tries < this.upstreams.length; tries += 1) {
      const alive = this.upstreams.filter((u) => u.alive);
      if (alive.length === 0) break;
      const upstream = alive[this.next++ % alive.length];
      const outcome = await this.send(upstream.url, req, body, res);
      if (outcome === 'refused') {
        upstream.alive = false;
        continue;
      }
      if (outcome === 'answered') upstream.served += 1;
      return;
    }
    if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain' }).end('no replica answers');
  }

  private send(base: string, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<'answered' | 'refused' | 'broken'> {
    return new Promise((resolve) => {
      const target = new URL(req.url ?? '/', base);
      const upstreamReq = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host, 'content-length': String(body.length) } }, (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        upstreamRes.on('end', () => resolve('answered'));
        upstreamRes.on('error', () => {
          res.destroy();
          resolve('broken');
        });
      });
      upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') return resolve('refused');
        // The replica died with the request in flight: the client sees a failed request.
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`replica failed: ${error.code ?? error.message}`);
        else res.destroy();
        resolve('broken');
      });
      upstreamReq.end(body);
    });
  }
}

export interface Replica {
  name: string;
  /** The process's HTTP URL (services only). */
  url?: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  /** Kills the process at once (SIGKILL): no drain, no goodbye, as a crashed host. */
  kill(): Promise<void>;
  /** SIGTERM and wait (graceful: the worker drains). */
  stop(): Promise<void>;
  log(): string;
}

/** Starts `node dist/<entry>` as its own process (what a deployment runs), its output to a log file. */
export async function startReplica(name: string, entry: string, env: Record<string, string>, logDir: string, port?: number): Promise<Replica> {
  const script = path.join(repoRoot, 'dist', entry);
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build first (npm run test:cluster does)`);
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    url: port ? `http://127.0.0.1:${port}` : undefined,
    child,
    pid: child.pid as number,
    logFile,
    kill: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (gone()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}

/** Starts after a port clash are retried this many times in all. */
const START_ATTEMPTS = 4;

/**
 * A service replica on a free port, ready. The port is chosen before the process binds it, and on a busy
 * machine another process can take it in between: a replica that exits at start on "address already in
 * use" is started again on a fresh port (its log keeps every attempt); any other failure is reported.
 */
export async function startServiceReplica(name: string, entry: string, envFor: (port: number) => Record<string, string>, logDir: string): Promise<Replica> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const replica = await startReplica(name, entry, envFor(port), logDir, port);
    try {
      await waitReady(replica);
      return replica;
    } catch (error) {
      await replica.kill();
      if (attempt >= START_ATTEMPTS || !/EADDRINUSE|address already in use/i.test(replica.log())) throw error;
    }
  }
}

/** Waits until the replica answers /health/ready with 200, or fails with its log's tail. */
export async function waitReady(replica: Replica, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited (code ${replica.child.exitCode}):\n${replica.log().slice(-3000)}`);
    try {
      const res = await fetch(`${replica.url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${replica.name} was not ready within ${timeoutMs} ms:\n${replica.log().slice(-3000)}`);
}
