import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { RawServerDefault } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthGuard } from '../auth/auth.guard';
import { TokenVerifier } from '../auth/token-verifier';
import { SERVICE_CONFIG } from '../config/config.tokens';
import { DEFAULT_PORTS, loadServiceConfig, portVariable, ServiceConfig } from '../config/service-config';
import { DatabaseModule } from '../database/database.module';
import { ProblemDetailsFilter } from '../errors/problem-details.filter';
import { createValidationPipe } from '../errors/validation';
import { HealthModule } from '../health/health.module';
import { createRootLogger, PinoNestLogger, requestContext } from '../logging/logger';
import { MetricsModule, ServiceMetrics } from '../telemetry/metrics';
import { startTracing } from '../telemetry/tracing';
import { FieldCipher } from '../privacy/field-cipher';
import { ConfiguredKeyProvider } from '../privacy/key-ring';
import { TemporalModule } from '../temporal/temporal.module';
import { installServiceTemporalRuntime } from '../temporal/temporal-runtime';
import { WiringActivitiesProvider } from '../wiring/wiring.activities';
import { SERVICE_SCHEMA } from '../wiring/wiring.tokens';
import { buildOpenApiDocument } from './openapi-document';
import type { ServiceDefinition } from './service-definition';

@Global()
@Module({})
class ServiceConfigModule {
  static of(config: ServiceConfig, schema: string, cipher?: FieldCipher): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [
        ...(cipher ? [{ provide: FieldCipher, useValue: cipher }] : []),
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_SCHEMA, useValue: schema },
        { provide: TokenVerifier, useValue: new TokenVerifier({ secret: config.auth.tokenSecret, oidc: config.auth.oidc }) },
      ],
      exports: [SERVICE_CONFIG, SERVICE_SCHEMA, TokenVerifier, ...(cipher ? [FieldCipher] : [])],
    };
  }
}

@Module({})
class ServiceRootModule {
  static of(definition: ServiceDefinition, config: ServiceConfig, cipher?: FieldCipher): DynamicModule {
    return {
      module: ServiceRootModule,
      imports: [
        ServiceConfigModule.of(config, definition.database.schema, cipher),
        DatabaseModule.forService(definition.database),
        TemporalModule,
        HealthModule,
        MetricsModule,
        ...definition.features,
      ],
      providers: [WiringActivitiesProvider, { provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}

const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** What a caller's X-Request-Id may be: it is echoed in a header and kept in audit rows and logs. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's X-Request-Id when it is a plain token of at most 128 characters, else a new UUID. */
function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * JSON bodies: parsed by Fastify's own parser (which refuses prototype poisoning), except that an
 * empty body with `content-type: application/json` is no body at all rather than a 400 "Body cannot
 * be empty": many clients send that header on any POST, and actions without a payload (claim,
 * unclaim) must take it. A route whose DTO needs a body still refuses a missing one: the edge
 * validation pipe answers 400 naming `body`. Registering this parser replaces Nest's defaults, so
 * form-encoded bodies are no longer parsed (415): the API speaks JSON only.
 */
function useJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    const text = body.toString('utf8');
    if (/^\s*$/.test(text)) {
      done(null, undefined);
      return;
    }
    // Fastify's parser answers through `done` (its type also allows a promise, which it never returns here).
    void parse(request, text, done);
  });
}

export interface ServiceApp {
  app: NestFastifyApplication;
  config: ServiceConfig;
}

/**
 * Builds a service: Fastify with request ids (an incoming X-Request-Id is kept), structured logs,
 * the global validation pipe and problem-details filter, OpenAPI at /docs and /docs-json, and its
 * database, Temporal client and activity worker. The same function serves `main.ts` and the tests,
 * so what is tested is what runs.
 */
export async function createServiceApp(
  definition: ServiceDefinition,
  env: Record<string, string | undefined>,
  options: { ownProcess?: boolean; logDestination?: NodeJS.WritableStream } = {},
): Promise<ServiceApp> {
  const config = loadServiceConfig(definition.name, env);
  // Before anything connects: HTTP, pg and the Temporal client are traced only when this is on.
  if (config.otlpEndpoint) startTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName ?? `eduaid-${definition.name}` });
  // Keys are checked at start: a service that keeps personal data does not run without them.
  const cipher = definition.personalData ? new FieldCipher(new ConfiguredKeyProvider(env).load()) : undefined;
  const rootLogger = createRootLogger(definition.name, config.logLevel, options.logDestination);
  // The SDK's Prometheus exporter listens on loopback only; /metrics forwards it.
  if (options.ownProcess) installServiceTemporalRuntime(rootLogger, false, config.temporalMetricsPort ? `127.0.0.1:${config.temporalMetricsPort}` : undefined);
  const adapter = new FastifyAdapter({
    loggerInstance: rootLogger,
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the configured proxies' X-Forwarded-For is believed; by default nobody's is.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule.of(definition, config, cipher), adapter, {
    logger: new PinoNestLogger(rootLogger),
    abortOnError: false,
  });
  app.getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  // Every log line written while a request is handled carries its id (see correlationFields). Set
  // again before the handler: a body read from the socket resumes in the socket's async context.
  const enterRequest = (request: { id: string }, _reply: unknown, done: () => void) => {
    requestContext.enterWith({ requestId: request.id });
    done();
  };
  app.getHttpAdapter().getInstance().addHook('onRequest', enterRequest).addHook('preHandler', enterRequest);
  app.get(ServiceMetrics).instrument(app.getHttpAdapter().getInstance());
  // Files (rosters) arrive as raw bodies and are streamed by the route, never buffered whole.
  app.getHttpAdapter()
    .getInstance()
    .addContentTypeParser(['text/csv', 'application/octet-stream'], (_request, payload, done) => done(null, payload));
  useJsonBodies(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app, { title: definition.title, description: definition.description, version: '0.1.0' });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return { app, config };
}

/**
 * What answers on the service's port while it starts (migrations under their advisory lock, the
 * database and Temporal connections, the activity worker): liveness 200 (the process is alive: an
 * orchestrator must not kill it for a long migration) and readiness 503 (send it no traffic yet).
 */
function startupProbe(): Server {
  return createServer((request, response) => {
    const live = (request.url ?? '').startsWith('/health/live');
    const message = 'starting: migrations, connections and the activity worker';
    // The same shapes as the running service: terminus's result when live, a health problem when not ready.
    const body = live
      ? { status: 'ok', info: {}, error: {}, details: {} }
      : { type: 'https://eduaid.local/problems/health.not-ready', title: 'Service Unavailable', status: 503, detail: 'Not ready: startup down.', instance: request.url, code: 'health.not-ready', checks: { startup: { status: 'down', message } } };
    response
      .writeHead(live ? 200 : 503, { 'content-type': live ? 'application/json; charset=utf-8' : 'application/problem+json; charset=utf-8', connection: 'close' })
      .end(JSON.stringify(body));
  });
}

/**
 * Starts a service and makes it listen: the port is taken at once by the startup probe, the
 * application is built (migrations run), then the probe hands the port to the application.
 */
export async function startServiceListening(
  definition: ServiceDefinition,
  env: Record<string, string | undefined>,
  options: { ownProcess?: boolean; logDestination?: NodeJS.WritableStream; onProbeListening?: (port: number) => void } = {},
): Promise<ServiceApp> {
  const config = loadServiceConfig(definition.name, env);
  const probe = startupProbe();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(config.port, config.host, () => resolve());
  });
  const port = (probe.address() as AddressInfo).port;
  options.onProbeListening?.(port);
  let serviceApp: ServiceApp;
  try {
    serviceApp = await createServiceApp(definition, env, options);
  } finally {
    probe.closeAllConnections();
    await new Promise((resolve) => probe.close(resolve));
  }
  try {
    await serviceApp.app.listen({ port, host: config.host });
  } catch (error) {
    await serviceApp.app.close();
    throw error;
  }
  return { ...serviceApp, config: { ...serviceApp.config, port } };
}

/** Entry point of a service process: start, listen, and stop cleanly on SIGTERM/SIGINT. */
export async function runService(definition: ServiceDefinition): Promise<void> {
  try {
    await startServiceListening(definition, process.env, { ownProcess: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      const variable = portVariable(definition.name);
      const port = process.env[variable] ?? DEFAULT_PORTS[definition.name];
      console.error(`${definition.name}: cannot listen on port ${port}: it is already taken; set ${variable} to a free one`);
    } else {
      console.error(`${definition.name}: cannot start: ${(error as Error).message}`);
    }
    process.exit(1);
  }
}

/**
 * A service's OpenAPI document without a server, a database or Temporal: Nest's preview mode
 * resolves the modules and their routes but instantiates no provider, so nothing connects. The
 * console's build generates its typed API client from these documents (services/console).
 */
export async function openApiDocumentOf(definition: ServiceDefinition): Promise<ReturnType<typeof buildOpenApiDocument>> {
  const config = loadServiceConfig(definition.name, {
    DATABASE_URL: 'postgres://preview@127.0.0.1:1/preview',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    AUTH_TOKEN_SECRET: 'preview-only-secret-never-used-to-sign-anything',
  });
  // Preview instantiates nothing, so the cipher is only a placeholder for the injector to resolve.
  const cipher = definition.personalData ? (Object.create(FieldCipher.prototype) as FieldCipher) : undefined;
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule.of(definition, config, cipher), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return buildOpenApiDocument(app, { title: definition.title, description: definition.description, version: '0.1.0' });
  } finally {
    await app.close();
  }
}
