import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Caller, ServiceName, WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { CASEWORK_URL_VARIABLE, createServiceApp, portVariable, ServiceDefinition, signCallerToken } from '@eduaid/platform';
import { createSuiteDatabase, SuiteDatabase } from './suite-database';
import { createSuiteNamespace } from './suite-namespace';
import { testEnv } from './test-env';
import { HttpClient } from './http-client';

export interface EduaidHarness {
  db: SuiteDatabase;
  /** A signed bearer token for a caller (defaults: a province-wide programme admin). */
  tokenFor(caller?: Partial<Omit<Caller, 'tokenId'>>): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for a caller. */
  authAs(caller?: Partial<Omit<Caller, 'tokenId'>>): Promise<Record<string, string>>;
  temporal: Client;
  taskQueuePrefix: string;
  http(service: ServiceName): HttpClient;
  app(service: ServiceName): NestFastifyApplication;
  /** The environment the services were started with. */
  env: Readonly<Record<string, string>>;
  /** Stops one service and starts it again with changed environment (e.g. a new current key). */
  restart(service: ServiceName, envChanges: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Run the workflow worker too (default true). */
  workflowWorker?: boolean;
  /** Extra or overriding environment for the services. */
  env?: Record<string, string>;
  /** Where the services' JSON logs go (default: stdout). */
  logDestination?: NodeJS.WritableStream;
}

/** Fresh data keys for a suite: version 1 current, and a blind-index key. */
export function testDataKeysEnv(): Record<string, string> {
  return {
    EDUAID_DATA_KEYS: `1:${randomBytes(32).toString('base64')}`,
    EDUAID_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  };
}

/**
 * Starts the given services in this process exactly as `main.ts` would (same bootstrap, real HTTP
 * on a free port, real activity workers) against a fresh suite database and the test Temporal
 * server, plus the workflow worker, all on a task-queue prefix and in a Temporal namespace of their
 * own (unless TEMPORAL_NAMESPACE names one to share).
 */
export async function startEduaid(label: string, services: ServiceDefinition[], options: HarnessOptions = {}): Promise<EduaidHarness> {
  const db = await createSuiteDatabase(label);
  const taskQueuePrefix = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}-`;
  const temporalAddress = process.env.TEMPORAL_ADDRESS as string;
  const tokenSecret = randomBytes(32).toString('hex');
  const connection = await Connection.connect({ address: temporalAddress });
  const namespace = process.env.TEMPORAL_NAMESPACE || (await createSuiteNamespace(connection, temporalAddress, `suite-${taskQueuePrefix.slice(0, -1)}`));
  const env: Record<string, string> = {
    AUTH_TOKEN_SECRET: tokenSecret,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE_PREFIX: taskQueuePrefix,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    ...Object.fromEntries(services.map((s) => [portVariable(s.name), '0'])),
    ...testDataKeysEnv(),
    ...options.env,
  };

  const apps = new Map<ServiceName, NestFastifyApplication>();
  const urls = new Map<ServiceName, string>();
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });

  const startService = async (definition: ServiceDefinition, serviceEnv: Record<string, string>) => {
    const { app } = await createServiceApp(definition, serviceEnv, { logDestination: options.logDestination });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.set(definition.name, app);
    urls.set(definition.name, await app.getUrl().then((u) => u.replace('[::1]', '127.0.0.1')));
  };

  const close = async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await workerConnection?.close();
    for (const app of apps.values()) await app.close();
    await connection.close();
    await db.drop();
  };

  try {
    // Casework first: the other services are told at start where it is (revocations, denial audit),
    // as a deployment tells them through EDUAID_CASEWORK_URL; nothing reads the variable later.
    const caseworkFirst = [...services].sort((a, b) => Number(b.name === 'casework') - Number(a.name === 'casework'));
    for (const definition of caseworkFirst) {
      const caseworkUrl = urls.get('casework');
      await startService(definition, caseworkUrl && !options.env?.[CASEWORK_URL_VARIABLE] ? { ...env, [CASEWORK_URL_VARIABLE]: caseworkUrl } : env);
    }
    if (options.workflowWorker ?? true) {
      workerConnection = await NativeConnection.connect({ address: temporalAddress });
      worker = await Worker.create({
        connection: workerConnection,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, taskQueuePrefix),
        workflowBundle: { codePath: testEnv('workflowBundle') },
      });
      workerRun = worker.run();
    }
  } catch (error) {
    await close();
    throw error;
  }

  const tokenFor = async (caller: Partial<Omit<Caller, 'tokenId'>> = {}) =>
    (
      await signCallerToken(tokenSecret, {
        userId: caller.userId ?? 'admin-1',
        displayName: caller.displayName ?? caller.userId ?? 'Programme admin',
        roles: caller.roles ?? ['programme-admin'],
        scope: caller.scope ?? { level: 'province', code: '42' },
      })
    ).token;

  return {
    db,
    tokenFor,
    authAs: async (caller) => ({ authorization: `Bearer ${await tokenFor(caller)}` }),
    temporal,
    taskQueuePrefix,
    http: (service) => {
      const url = urls.get(service);
      if (!url) throw new Error(`${service} is not started in this harness`);
      return new HttpClient(url);
    },
    env,
    restart: async (service, envChanges) => {
      const definition = services.find((s) => s.name === service);
      if (!definition) throw new Error(`${service} is not started in this harness`);
      await apps.get(service)?.close();
      Object.assign(env, envChanges);
      await startService(definition, env);
    },
    app: (service) => {
      const app = apps.get(service);
      if (!app) throw new Error(`${service} is not started in this harness`);
      return app;
    },
    close,
  };
}
