import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import { createDatabaseIfMissing } from './embedded-postgres';
import { assertPortFree, delay } from './ports';
import { ensureSearchAttributes } from './search-attributes';
import { probeStart, registerNamespaceIfMissing } from './temporal-namespace';
import { stopChild } from './temporal-dev-server';

const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
const FETCH_SCRIPT = path.join(repoRoot, 'infra', 'temporal', 'fetch-temporal-server.sh');

/** The four roles of a Temporal cluster, each its own process here as on a real cluster's hosts. */
export const CLUSTER_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

/**
 * Connections each role keeps to the default (history) store. PostgreSQL's default of 100
 * connections is shared with eduaid's four services (10 each, twice over with replicas) and the
 * tests' own clients, so the cluster takes 30 in all (plus 2 each for visibility) instead of the
 * sample config's 20 per process. History does most of the writing and gets the most.
 */
const MAX_CONNS: Record<ClusterService, number> = { history: 12, matching: 8, frontend: 6, worker: 4 };

export interface TemporalClusterOptions {
  /** URL of a PostgreSQL database whose role may create databases (the embedded server's `postgres`). */
  adminDatabaseUrl: string;
  /** Where the config files and one log per process go. */
  workDir: string;
  /** Database names for the persistence and visibility stores (default `temporal`, `temporal_visibility`). */
  databases?: { temporal: string; visibility: string };
  /** The frontend's gRPC port (a free one when left out); the other ports are free ones. */
  frontendPort?: number;
  namespace?: string;
  /** Shards of history: fixed for the life of the database (4, as the sample config). */
  historyShards?: number;
  /** Each process's log level (default warn). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface TemporalCluster {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  databases: { temporal: string; visibility: string };
  /** The four processes' ids, by role. */
  pids: Record<ClusterService, number>;
  logFiles: Record<ClusterService, string>;
  stop(): Promise<void>;
}

/** The folder fetch-temporal-server.sh builds into (binaries, schemas, sample config); builds when missing. */
export function temporalServerDir(): string {
  try {
    return execFileSync('bash', [FETCH_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch {
    throw new Error('the Temporal server could not be found or built (see the messages above, or run: bash infra/temporal/fetch-temporal-server.sh)');
  }
}

interface Pg {
  host: string;
  port: number;
  user: string;
  password: string;
}

function pgFrom(url: string): Pg {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/**
 * Makes both databases (when missing) and brings their schemas to the version this server ships:
 * `setup-schema -v 0.0` on an empty database, then `update-schema -d` over the versioned folders,
 * exactly as an operator does it with the sql tool. Running it again on an up-to-date database
 * changes nothing.
 */
export async function setupTemporalSchemas(serverDir: string, adminDatabaseUrl: string, databases: { temporal: string; visibility: string }): Promise<void> {
  const pg = pgFrom(adminDatabaseUrl);
  const tool = path.join(serverDir, 'temporal-sql-tool');
  for (const [store, database] of [['temporal', databases.temporal], ['visibility', databases.visibility]] as const) {
    await createDatabaseIfMissing(adminDatabaseUrl, database);
    const base = ['--plugin', 'postgres12', '--endpoint', pg.host, '--port', String(pg.port), '--user', pg.user, '--password', pg.password, '--database', database, '--quiet'];
    const run = (args: string[]) => {
      try {
        execFileSync(tool, [...base, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
      }
    };
    if (!(await hasSchemaVersionTable(adminDatabaseUrl, database))) run(['setup-schema', '-v', '0.0']);
    run(['update-schema', '-d', path.join(serverDir, 'schema', store, 'versioned')]);
  }
}

/** Connects to `database` on the server of `adminDatabaseUrl`, runs `work` with the client, and closes it. */
async function withDatabaseClient<T>(adminDatabaseUrl: string, database: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasSchemaVersionTable(adminDatabaseUrl: string, database: string): Promise<boolean> {
  return withDatabaseClient(adminDatabaseUrl, database, async (client) => {
    const found = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'");
    return (found.rowCount ?? 0) > 0;
  });
}

interface Ports {
  grpc: number;
  membership: number;
}

/**
 * One process's configuration, in the shape of the module's config/development-postgres12.yaml:
 * the same stores, ports of our own, our database names and credentials, this role's share of
 * connections, and no metrics or pprof listener (four processes on one host would fight for them).
 * Dynamic configuration is left at the server's defaults (namespace registry refreshed every 2 s, ids
 * up to 1000 characters).
 */
export function clusterConfigYaml(options: {
  service: ClusterService;
  pg: Pg;
  databases: { temporal: string; visibility: string };
  ports: Record<ClusterService, Ports>;
  httpPort: number;
  historyShards: number;
  logLevel: string;
}): string {
  const { pg, databases, ports } = options;
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: ${JSON.stringify(database)}
        connectAddr: ${JSON.stringify(`${pg.host}:${pg.port}`)}
        connectProtocol: "tcp"
        user: ${JSON.stringify(pg.user)}
        password: ${JSON.stringify(pg.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name: ClusterService) => `  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${name === 'frontend' ? `\n      httpPort: ${options.httpPort}` : ''}`;
  return `# Written by infra/local/temporal-cluster.ts for the ${options.service} process.
log:
  stdout: true
  level: ${options.logLevel}

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${options.historyShards}
  datastores:
    postgres-default:
${store(databases.temporal, MAX_CONNS[options.service])}
    postgres-visibility:
${store(databases.visibility, 2)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
${CLUSTER_SERVICES.map(service).join('\n')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend.grpc}"

dcRedirectionPolicy:
  policy: "noop"
`;
}


/**
 * The Temporal server as a cluster runs it, on one machine: schemas set up in PostgreSQL by the
 * sql tool, then history (first, until it has written the cluster's metadata), matching, frontend
 * and worker as four processes (each its own config and
 * log), visibility on PostgreSQL, the namespace registered and eduaid's search attributes added.
 * Resolves once a workflow can be started with those attributes.
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const serverDir = temporalServerDir();
  const namespace = options.namespace ?? 'default';
  const databases = options.databases ?? { temporal: 'temporal', visibility: 'temporal_visibility' };
  const pg = pgFrom(options.adminDatabaseUrl);
  mkdirSync(options.workDir, { recursive: true });
  await setupTemporalSchemas(serverDir, options.adminDatabaseUrl, databases);

  const ports = {} as Record<ClusterService, Ports>;
  const taken = new Set<number>();
  for (const service of CLUSTER_SERVICES) {
    ports[service] = { grpc: service === 'frontend' && options.frontendPort ? options.frontendPort : await clusterPort(taken), membership: await clusterPort(taken) };
  }
  const httpPort = await clusterPort(taken);

  const children = new Map<ClusterService, ChildProcess>();
  const logFiles = {} as Record<ClusterService, string>;
  const stop = async () => {
    process.removeListener('exit', killAll);
    // Frontend first (no new requests), history last (it owns the shards).
    for (const service of ['frontend', 'worker', 'matching', 'history'] as const) {
      const child = children.get(service);
      if (child) await stopChild(child, 10_000);
    }
  };
  const killAll = () => children.forEach((child) => child.kill('SIGKILL'));
  // A test run that dies without its teardown takes the cluster with it.
  process.once('exit', killAll);

  try {
    for (const service of CLUSTER_SERVICES) {
      const configFile = path.join(options.workDir, `${service}.yaml`);
      writeFileSync(
        configFile,
        clusterConfigYaml({ service, pg, databases, ports, httpPort, historyShards: options.historyShards ?? 4, logLevel: options.logLevel ?? 'warn' }),
      );
      logFiles[service] = path.join(options.workDir, `${service}.log`);
      const log = createWriteStream(logFiles[service], { flags: 'a' });
      const child = spawn(path.join(serverDir, 'temporal-server'), ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service], {
        cwd: options.workDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      children.set(service, child);
      // Every role writes the cluster's metadata row when it finds none, and on a new database two
      // doing it at once make the loser exit: history goes first, the others once the row is there.
      if (service === 'history') await waitForClusterMetadata(options.adminDatabaseUrl, databases.temporal, child, logFiles.history);
    }
    const address = `127.0.0.1:${ports.frontend.grpc}`;
    await waitUntilReady(address, namespace, children, logFiles);
    const pids = Object.fromEntries([...children].map(([s, c]) => [s, c.pid as number])) as Record<ClusterService, number>;
    return { address, namespace, databases, pids, logFiles, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForClusterMetadata(adminDatabaseUrl: string, database: string, history: ChildProcess, logFile: string): Promise<void> {
  await withDatabaseClient(adminDatabaseUrl, database, async (client) => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (history.exitCode !== null || history.signalCode !== null) throw new Error(`the Temporal history process exited at start; see ${logFile}:\n${tail(logFile)}`);
      if (((await client.query('SELECT 1 FROM cluster_metadata_info LIMIT 1')).rowCount ?? 0) > 0) return;
      await delay(250);
    }
    throw new Error(`the Temporal history process wrote no cluster metadata within 90 s; see ${logFile}`);
  });
}

/**
 * A free port below 32768: the cluster records each host's ports in its cluster_membership table as
 * smallint, so the kernel's ephemeral ports (32768 and up) would stop a process at start.
 */
async function clusterPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.has(port)) continue;
    try {
      await assertPortFree(port, 'Temporal cluster', 'none');
      taken.add(port);
      return port;
    } catch {
      // taken: try another
    }
  }
  throw new Error('no free port between 20000 and 32000 for the Temporal cluster');
}

/** Frontend answers, the namespace exists (registered here when missing), the search attributes are in, and a workflow starts. */
async function waitUntilReady(address: string, namespace: string, children: Map<ClusterService, ChildProcess>, logFiles: Record<ClusterService, string>): Promise<void> {
  const deadline = Date.now() + 120_000;
  const exited = () => [...children].find(([, c]) => c.exitCode !== null || c.signalCode !== null)?.[0];
  let step = 'the frontend to answer';
  let lastError = '';
  let connection: Connection | undefined;
  try {
    while (Date.now() < deadline) {
      const dead = exited();
      if (dead) throw new Error(`the Temporal ${dead} process exited at start; see ${logFiles[dead]}:\n${tail(logFiles[dead])}`);
      try {
        connection ??= await Connection.connect({ address, connectTimeout: '1s' });
        step = 'the namespace';
        await registerNamespaceIfMissing(connection, namespace);
        step = 'the search attributes';
        await ensureSearchAttributes(address, namespace);
        step = 'a workflow to start with the search attributes';
        await probeStart(connection, namespace);
        return;
      } catch (error) {
        lastError = (error as Error).message;
        await delay(500);
      }
    }
    throw new Error(`the Temporal cluster on ${address} was not ready within 120 s (waiting for ${step}: ${lastError}); logs in ${path.dirname(logFiles.frontend)}`);
  } finally {
    await connection?.close();
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
