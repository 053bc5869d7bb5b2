import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, LocalPostgres } from './embedded-postgres';
import { startTemporalDevServer, LocalTemporal } from './temporal-dev-server';
import { startTemporalCluster } from './temporal-cluster';
import { ensureSearchAttributes } from './search-attributes';
import { assertPortFree } from './ports';
import { BANK_SANDBOX_PORT_VARIABLE, DEFAULT_BANK_SANDBOX_PORT, startBankSandbox } from '../bank-sandbox/bank-sandbox';

export const repoRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/** Where the local system keeps its data (git-ignored): PostgreSQL, Temporal's SQLite file, logs. */
export const dataDir = path.resolve(process.env.EDUAID_DATA_DIR ?? path.join(repoRoot, '.data'));

export interface Backends {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

export function portFrom(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable} must be a port number between 1 and 65535, got '${raw}'`);
  }
  return port;
}

/**
 * PostgreSQL and Temporal for the local system: the ones DATABASE_URL and TEMPORAL_ADDRESS name,
 * or embedded ones started here (PostgreSQL from embedded-postgres on PG_PORT, default 5433; the
 * Temporal dev server on TEMPORAL_PORT, default 7233, its UI on TEMPORAL_UI_PORT, default 8233),
 * whose data stays in the data folder across restarts.
 */
export async function startBackends(log: (line: string) => void, withTemporal = true): Promise<Backends> {
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    let adminDatabaseUrl: string | undefined;
    if (!databaseUrl) {
      const port = portFrom('PG_PORT', 5433);
      await assertPortFree(port, 'embedded PostgreSQL', 'PG_PORT');
      log(`starting embedded PostgreSQL on port ${port} (data in ${path.relative(process.cwd(), dataDir) || '.'}/postgres)`);
      const pg: LocalPostgres = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port,
        database: 'eduaid',
        persistent: true,
        notice: log,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      adminDatabaseUrl = pg.adminUrl;
    } else {
      log('using the PostgreSQL at DATABASE_URL');
    }

    const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
    let temporalAddress = process.env.TEMPORAL_ADDRESS ?? '';
    let temporalUiUrl: string | undefined;
    if (withTemporal && !temporalAddress && process.env.EDUAID_TEMPORAL === 'cluster') {
      // The Temporal server a cluster runs: four processes, its databases beside eduaid's in the same PostgreSQL.
      const port = portFrom('TEMPORAL_PORT', 7233);
      await assertPortFree(port, 'Temporal frontend', 'TEMPORAL_PORT');
      log(`starting the Temporal cluster (frontend on port ${port}, history, matching, worker; PostgreSQL databases temporal and temporal_visibility)`);
      const admin = adminDatabaseUrl ?? Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();
      const cluster = await startTemporalCluster({ adminDatabaseUrl: admin, workDir: path.join(dataDir, 'temporal-cluster'), frontendPort: port, namespace });
      stops.push(cluster.stop);
      temporalAddress = cluster.address;
    } else if (withTemporal && !temporalAddress) {
      const port = portFrom('TEMPORAL_PORT', 7233);
      const uiPort = portFrom('TEMPORAL_UI_PORT', 8233);
      await assertPortFree(port, 'Temporal frontend', 'TEMPORAL_PORT');
      await assertPortFree(uiPort, 'Temporal UI', 'TEMPORAL_UI_PORT');
      log(`starting the Temporal dev server on port ${port}, UI on ${uiPort}`);
      const temporal: LocalTemporal = await startTemporalDevServer({
        port,
        uiPort,
        dbFile: path.join(dataDir, 'temporal.sqlite'),
        logFile: path.join(dataDir, 'logs', 'temporal.log'),
        pidFile: path.join(dataDir, 'temporal.pid'),
        namespace,
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    } else if (withTemporal) {
      log(`using the Temporal server at TEMPORAL_ADDRESS=${temporalAddress}`);
    }
    if (withTemporal) {
      const added = await ensureSearchAttributes(temporalAddress, namespace);
      if (added.length) log(`registered search attributes: ${added.join(', ')}`);
    }
    return { databaseUrl, temporalAddress, temporalNamespace: namespace, temporalUiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface LocalBank {
  url: string;
  /** True when it is the sandbox started here (faults off), false for the bank EDUAID_BANK_API_URL names. */
  sandbox: boolean;
  stop(): Promise<void>;
}

/** The bank sandbox's port: BANK_SANDBOX_PORT, default 3009 (checked before anything starts). */
export function bankSandboxPort(): number {
  return portFrom(BANK_SANDBOX_PORT_VARIABLE, DEFAULT_BANK_SANDBOX_PORT);
}

/**
 * The bank the students service pays through: the one EDUAID_BANK_API_URL names, or the bank
 * sandbox (infra/bank-sandbox) started here on BANK_SANDBOX_PORT with its faults off, so that an
 * approved application is paid out of the box. It runs in this process: its record lives in
 * memory and is forgotten at the next start (the ledger keeps eduaid's side).
 */
export async function startLocalBank(log: (line: string) => void): Promise<LocalBank> {
  const configured = process.env.EDUAID_BANK_API_URL;
  if (configured) {
    log(`using the bank at EDUAID_BANK_API_URL=${configured}`);
    return { url: configured, sandbox: false, stop: async () => undefined };
  }
  const port = bankSandboxPort();
  await assertPortFree(port, 'bank sandbox', BANK_SANDBOX_PORT_VARIABLE);
  const bank = await startBankSandbox({ port });
  log(`started the bank sandbox on port ${port} (faults off)`);
  return { url: bank.url, sandbox: true, stop: bank.stop };
}
