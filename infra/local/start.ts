import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { CONSOLE_DEFAULT_PORT, CONSOLE_PORT_VARIABLE, DEFAULT_PORTS, portVariable, serviceUrlVariable } from '@eduaid/platform';
import { loadDemoDataOnFirstStart } from './demo-data';
import { BANK_SANDBOX_PORT_VARIABLE } from '../bank-sandbox/bank-sandbox';
import { bankSandboxPort, dataDir, LocalBank, repoRoot, startBackends, startLocalBank } from './local-environment';
import { assertPortFree, delay } from './ports';
import { stopChild } from './temporal-dev-server';

const log = (line: string) => console.log(`eduaid: ${line}`);

interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
}

function servicePort(service: ServiceName): number {
  return Number(process.env[portVariable(service)] || DEFAULT_PORTS[service]);
}

function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): Child {
  const logFile = path.join(dataDir, 'logs', `${name}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(repoRoot, 'dist', entry)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return { name, process: child, logFile };
}

async function waitReady(service: ServiceName, child: Child): Promise<void> {
  const url = `http://127.0.0.1:${servicePort(service)}/health/ready`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(`${service} exited at start:\n${tail(child.logFile)}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await delay(300);
  }
  throw new Error(`${service} was not ready within 120 s; see ${child.logFile}`);
}

function consolePort(): number {
  return Number(process.env[CONSOLE_PORT_VARIABLE] || CONSOLE_DEFAULT_PORT);
}

async function waitConsoleReady(child: Child): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`the console exited at start:\n${tail(child.logFile)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${consolePort()}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await delay(300);
  }
  throw new Error(`the console was not ready within 60 s; see ${child.logFile}`);
}

/** The local system's token secret: made once, kept in the data folder so tokens survive restarts. */
function localTokenSecret(): string {
  const file = path.join(dataDir, 'auth-token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The local system's data keys (national IDs are encrypted at rest): made once in the data folder.
 * Production gives EDUAID_KEYS_FILE or a KMS instead.
 */
function localKeysFile(): string {
  const file = path.join(dataDir, 'keys.json');
  if (!existsSync(file)) {
    const key = () => randomBytes(32).toString('base64');
    writeFileSync(file, JSON.stringify({ current: 1, dataKeys: { '1': key() }, blindIndexKey: key() }, null, 2), { mode: 0o600 });
  }
  return file;
}

function tail(file: string, lines = 20): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * `npm start`: PostgreSQL and Temporal (embedded unless DATABASE_URL / TEMPORAL_ADDRESS are set),
 * the bank sandbox (unless EDUAID_BANK_API_URL is set), the four services (each runs its migrations
 * at start) and the workflow worker; then the URLs.
 * Ctrl-C stops everything in reverse order; the data stays for the next start.
 */
async function main(): Promise<void> {
  for (const service of SERVICE_NAMES) {
    await assertPortFree(servicePort(service), `${service} service`, portVariable(service), process.env.HOST || '127.0.0.1');
  }
  if (!process.env.EDUAID_BANK_API_URL) await assertPortFree(bankSandboxPort(), 'bank sandbox', BANK_SANDBOX_PORT_VARIABLE);
  await assertPortFree(consolePort(), 'console', CONSOLE_PORT_VARIABLE, process.env.HOST || '127.0.0.1');
  const backends = await startBackends(log);
  let bank: LocalBank | undefined;
  const children: Child[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const child of [...children].reverse()) await stopChild(child.process, 15_000);
    await bank?.stop().catch(() => undefined);
    await backends.stop();
    log('stopped; the data stays in ' + dataDir);
    process.exit(code);
  };
  // Fire-and-forget from a signal handler: stopAll cannot reject (stopChild never does, backends.stop
  // catches each step's error) and it ends the process itself.
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    bank = await startLocalBank(log);
  } catch (error) {
    console.error(`eduaid: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The students service pays through it: an approved application's payments reach the bank.
    EDUAID_BANK_API_URL: bank.url,
    AUTH_TOKEN_SECRET: process.env.AUTH_TOKEN_SECRET || localTokenSecret(),
    // Services pull token revocations from casework and report denials to its audit log.
    EDUAID_CASEWORK_URL: process.env.EDUAID_CASEWORK_URL || `http://127.0.0.1:${servicePort('casework')}`,
    // The console forwards from this machine and says who its client was; the services believe it so
    // login throttling counts each browser, not the console (they listen on loopback only by default).
    EDUAID_TRUSTED_PROXIES: process.env.EDUAID_TRUSTED_PROXIES || '127.0.0.1,::1',
    ...(process.env.EDUAID_KEYS_FILE || process.env.EDUAID_DATA_KEYS ? {} : { EDUAID_KEYS_FILE: localKeysFile() }),
    DATABASE_URL: backends.databaseUrl,
    TEMPORAL_ADDRESS: backends.temporalAddress,
    TEMPORAL_NAMESPACE: backends.temporalNamespace,
  };
  try {
    for (const service of SERVICE_NAMES) {
      children.push(startChild(service, `services/${service}/src/main.js`, env));
    }
    children.push(startChild('workflows', 'workflows/src/main.js', env));
    await Promise.all(SERVICE_NAMES.map((service, i) => waitReady(service, children[i])));
    // The web console forwards /api/<service>/… to the services just started.
    const consoleChild = startChild('console', 'services/console/src/main.js', {
      ...env,
      // Locally the console is the edge: it believes no X-Forwarded-For (the services believe its).
      EDUAID_TRUSTED_PROXIES: '',
      ...Object.fromEntries(SERVICE_NAMES.map((service) => [serviceUrlVariable(service), `http://127.0.0.1:${servicePort(service)}`])),
    });
    children.push(consoleChild);
    await waitConsoleReady(consoleChild);
  } catch (error) {
    console.error(`eduaid: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  try {
    await loadDemoDataOnFirstStart({
      dataDir,
      databaseUrl: backends.databaseUrl,
      tokenSecret: env.AUTH_TOKEN_SECRET as string,
      schoolsUrl: `http://127.0.0.1:${servicePort('schools')}`,
      studentsUrl: `http://127.0.0.1:${servicePort('students')}`,
      mentoringUrl: `http://127.0.0.1:${servicePort('mentoring')}`,
      log,
    });
  } catch (error) {
    // The system is up; only the demo data is missing. Say so and carry on.
    console.error(`eduaid: the demo data set could not be loaded: ${(error as Error).message}`);
  }
  for (const child of children) {
    child.process.once('exit', (code) => {
      if (stopping) return;
      console.error(`eduaid: ${child.name} stopped unexpectedly (exit ${code}); last lines of ${child.logFile}:\n${tail(child.logFile)}`);
      void stopAll(1); // cannot reject, ends the process (see the signal handlers)
    });
  }

  const host = process.env.HOST || '127.0.0.1';
  console.log('\neduaid is up.\n');
  console.log(`  console    http://${host}:${consolePort()}/   (sign in as caseworker1.demo, approver1.demo, admin.demo, … password eduaid-demo-password)`);
  for (const service of SERVICE_NAMES) {
    const base = `http://${host}:${servicePort(service)}`;
    console.log(`  ${service.padEnd(10)} ${base}/docs   (OpenAPI JSON: ${base}/docs-json, task queue '${service}')`);
  }
  console.log(`  workflows  task queue 'workflows'`);
  if (bank.sandbox) console.log(`  bank       ${bank.url}   (sandbox, faults off; batches: POST /batches; record: GET /_sandbox/ledger)`);
  else console.log(`  bank       ${bank.url}   (EDUAID_BANK_API_URL)`);
  if (backends.temporalUiUrl) console.log(`  Temporal UI ${backends.temporalUiUrl}`);
  console.log(`  Temporal   ${backends.temporalAddress} (namespace ${backends.temporalNamespace})`);
  console.log(`  PostgreSQL ${backends.databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  console.log(`  logs       ${path.join(dataDir, 'logs')}\n\nCtrl-C stops everything.`);
}

main().catch((error: Error) => {
  console.error(`eduaid: cannot start: ${error.message}`);
  process.exit(1);
});
