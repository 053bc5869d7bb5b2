import 'reflect-metadata';
import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import type { AidApplicationSettings, ServiceName } from '@eduaid/contracts';
import { WorkerTuning, workerTuningFrom } from '../temporal/worker-tuning';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Default HTTP ports; each can be changed with `<SERVICE>_PORT`, e.g. `STUDENTS_PORT=4001`. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  students: 3001,
  schools: 3002,
  mentoring: 3003,
  casework: 3004,
};

/** The web console (services/console): the SPA and its forwarding of `/api/<service>/…`. */
export const CONSOLE_DEFAULT_PORT = 3000;
export const CONSOLE_PORT_VARIABLE = 'CONSOLE_PORT';

/** The variable that points the console (or another client) at a service: `EDUAID_STUDENTS_URL`, … */
export function serviceUrlVariable(service: ServiceName): string {
  return `EDUAID_${service.toUpperCase()}_URL`;
}

export function portVariable(service: ServiceName): string {
  return `${service.toUpperCase()}_PORT`;
}

/** How long a call to the bank may take before its outcome counts as unknown (and is looked up). */
export const DEFAULT_BANK_TIMEOUT_MS = 10_000;
/** How long a submitted payment batch may stay unanswered before it counts as lost (and its lines are resubmitted). */
export const DEFAULT_BANK_BATCH_DEADLINE_MS = 15 * 60_000;
/** How often a submitted payment batch is polled. */
export const DEFAULT_BANK_BATCH_POLL_MS = 2_000;
/** Years personal data of closed records is kept. */
export const DEFAULT_RETENTION_YEARS = 5;

const DAY_MS = 24 * 3600 * 1000;
/** The aid application's timings; EDUAID_AID_SETTINGS (JSON) overrides any of them, e.g. for a drill. */
export const DEFAULT_AID_SETTINGS: AidApplicationSettings = {
  stepDueMs: 5 * DAY_MS,
  remindBeforeMs: [DAY_MS],
  escalateAfterMs: DAY_MS,
  appealWindowMs: 15 * DAY_MS,
  waitForSemesterStart: true,
  searchAttributes: true,
};

/** What every process of eduaid reads from its environment. */
class CommonEnvironment {
  // Rules are checked bottom-up and only the first broken one is reported: "must be set" first.
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  @IsNotEmpty({ message: 'DATABASE_URL must be set (postgres://user:password@host:port/database)' })
  @IsString({ message: 'DATABASE_URL must be set (postgres://user:password@host:port/database)' })
  DATABASE_URL!: string;

  @Matches(/^[^\s:/]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port, e.g. 127.0.0.1:7233' })
  @IsNotEmpty({ message: 'TEMPORAL_ADDRESS must be set (host:port of the Temporal frontend)' })
  @IsString({ message: 'TEMPORAL_ADDRESS must be set (host:port of the Temporal frontend)' })
  TEMPORAL_ADDRESS!: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'TEMPORAL_NAMESPACE may hold letters, digits, dot, dash and underscore' })
  TEMPORAL_NAMESPACE = 'default';

  @IsOptional()
  @Matches(/^[a-z0-9-]*$/, { message: 'TEMPORAL_TASK_QUEUE_PREFIX may hold lower-case letters, digits and dashes' })
  TEMPORAL_TASK_QUEUE_PREFIX = '';

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be the http(s) base URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'EDUAID_WORKFLOW_TRACING must be on or off' })
  EDUAID_WORKFLOW_TRACING: 'on' | 'off' = 'off';

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'OTEL_SERVICE_NAME may hold letters, digits, dot, dash and underscore (at most 64)' })
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'TEMPORAL_TLS must be true or false' })
  TEMPORAL_TLS?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA_FILE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'TEMPORAL_TLS_SERVER_NAME must be a host name' })
  TEMPORAL_TLS_SERVER_NAME?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_API_KEY?: string;

  @IsOptional()
  @Max(65535, { message: 'TEMPORAL_METRICS_PORT must be between 1 and 65535' })
  @Min(1, { message: 'TEMPORAL_METRICS_PORT must be between 1 and 65535' })
  @IsInt({ message: 'TEMPORAL_METRICS_PORT must be a whole number' })
  TEMPORAL_METRICS_PORT?: number;
}

class ServiceEnvironment extends CommonEnvironment {
  @IsOptional()
  @IsString()
  HOST = '127.0.0.1';

  @MinLength(32, { message: 'AUTH_TOKEN_SECRET must be at least 32 characters long' })
  @IsString({ message: 'AUTH_TOKEN_SECRET must be set (at least 32 characters, the same for every service)' })
  AUTH_TOKEN_SECRET!: string;

  @IsOptional()
  @IsUrl({ require_tld: false }, { message: 'AUTH_OIDC_ISSUER must be the issuer URL of the OpenID Connect provider' })
  AUTH_OIDC_ISSUER?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'EDUAID_CASEWORK_URL must be the http(s) base URL of the casework service' })
  EDUAID_CASEWORK_URL?: string;

  @ValidateIf((env: ServiceEnvironment) => env.AUTH_OIDC_ISSUER !== undefined)
  @IsUrl({ require_tld: false }, { message: 'AUTH_OIDC_JWKS_URL must be set to the JWKS URL when AUTH_OIDC_ISSUER is' })
  AUTH_OIDC_JWKS_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'EDUAID_BANK_API_URL must be the http(s) base URL of the bank’s payment API' })
  EDUAID_BANK_API_URL?: string;

  @IsOptional()
  @Max(600_000, { message: 'EDUAID_BANK_TIMEOUT_MS must be between 100 and 600000 (milliseconds)' })
  @Min(100, { message: 'EDUAID_BANK_TIMEOUT_MS must be between 100 and 600000 (milliseconds)' })
  @IsInt({ message: 'EDUAID_BANK_TIMEOUT_MS must be a whole number of milliseconds' })
  EDUAID_BANK_TIMEOUT_MS: number = DEFAULT_BANK_TIMEOUT_MS;

  @IsOptional()
  @Max(86_400_000, { message: 'EDUAID_BANK_BATCH_DEADLINE_MS must be between 1000 and 86400000 (milliseconds)' })
  @Min(1000, { message: 'EDUAID_BANK_BATCH_DEADLINE_MS must be between 1000 and 86400000 (milliseconds)' })
  @IsInt({ message: 'EDUAID_BANK_BATCH_DEADLINE_MS must be a whole number of milliseconds' })
  EDUAID_BANK_BATCH_DEADLINE_MS: number = DEFAULT_BANK_BATCH_DEADLINE_MS;

  @IsOptional()
  @Max(600_000, { message: 'EDUAID_BANK_BATCH_POLL_MS must be between 50 and 600000 (milliseconds)' })
  @Min(50, { message: 'EDUAID_BANK_BATCH_POLL_MS must be between 50 and 600000 (milliseconds)' })
  @IsInt({ message: 'EDUAID_BANK_BATCH_POLL_MS must be a whole number of milliseconds' })
  EDUAID_BANK_BATCH_POLL_MS: number = DEFAULT_BANK_BATCH_POLL_MS;

  @IsOptional()
  @Max(100, { message: 'EDUAID_RETENTION_YEARS must be between 1 and 100' })
  @Min(1, { message: 'EDUAID_RETENTION_YEARS must be between 1 and 100' })
  @IsInt({ message: 'EDUAID_RETENTION_YEARS must be a whole number of years' })
  EDUAID_RETENTION_YEARS: number = DEFAULT_RETENTION_YEARS;

  @IsOptional()
  @IsString()
  EDUAID_AID_SETTINGS?: string;

  @IsOptional()
  @IsString()
  EDUAID_TRUSTED_PROXIES?: string;

  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @IsInt({ message: 'PORT must be a whole number' })
  PORT!: number;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

/** TLS to the Temporal frontend: PEM contents read at start from the files named. */
export interface TemporalTlsConfig {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

export interface CommonConfig {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueuePrefix: string;
  logLevel: LogLevel;
  /** OTLP/HTTP receiver for traces; unset, tracing is off (nothing patched, no interceptors). */
  otlpEndpoint?: string;
  /**
   * The workflow worker runs the bundle with Temporal's OpenTelemetry workflow interceptors. That is
   * workflow code: histories made without them do not all replay with them (and the reverse), so
   * it is chosen once per deployment, not switched while workflows run; see docs/operations.md.
   */
  workflowTracing: boolean;
  /** `service.name` of this process's spans (default `eduaid-<process>`). */
  otelServiceName?: string;
  /** How to reach Temporal beyond its address: TLS (server CA, client certificate for mTLS) and an API key. */
  temporalTls?: TemporalTlsConfig;
  temporalApiKey?: string;
  /** Local port of the Temporal SDK's Prometheus exporter (127.0.0.1 only); its metrics are appended to /metrics. */
  temporalMetricsPort?: number;
  /** The Temporal worker's slots and sticky cache (EDUAID_WORKER_*), see temporal/worker-tuning.ts. */
  worker: WorkerTuning;
}

export interface ServiceConfig extends CommonConfig {
  service: ServiceName;
  host: string;
  port: number;
  auth: { tokenSecret: string; oidc?: { issuer: string; jwksUrl: string } };
  /** Where services pull token revocations and report access denials (unset: casework itself, or tests). */
  caseworkUrl?: string;
  /** The bank's payment API (students); unset, a payment waits, retried, until it is set. */
  bank: { apiUrl?: string; timeoutMs: number };
  /** Bulk payments (students): how long a submitted batch may stay unanswered, and how often it is polled. */
  bankBatch: { deadlineMs: number; pollMs: number };
  /** Aid application timings (students), EDUAID_AID_SETTINGS over the defaults. */
  aidSettings: AidApplicationSettings;
  /** Years personal data of closed records is kept (students' retention schedule). */
  retentionYears: number;
  /**
   * Addresses (IPs or CIDRs) of reverse proxies whose X-Forwarded-For is believed, so the client's own
   * address is what login throttling counts; empty: the connection's peer address is the client.
   */
  trustedProxies: string[];
}

type Env = Record<string, string | undefined>;

function validated<T extends object>(cls: new () => T, raw: Record<string, unknown>, rename: Record<string, string> = {}, more: string[] = []): T {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const instance = plainToInstance(cls, present, { enableImplicitConversion: true });
  // One message per variable: the first rule it breaks says what to do.
  const errors = validateSync(instance, { whitelist: true, stopAtFirstError: true });
  const problems = [...errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => m.replace(/^PORT\b/, rename[e.property] ?? 'PORT'))), ...more];
  if (problems.length > 0) throw new ConfigurationError(problems);
  return instance;
}

function common(env: CommonEnvironment, worker: WorkerTuning): CommonConfig {
  return {
    worker,
    databaseUrl: env.DATABASE_URL,
    temporalAddress: env.TEMPORAL_ADDRESS,
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    taskQueuePrefix: env.TEMPORAL_TASK_QUEUE_PREFIX,
    logLevel: env.LOG_LEVEL,
    ...temporalAccess(env),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    workflowTracing: env.EDUAID_WORKFLOW_TRACING === 'on',
    otelServiceName: env.OTEL_SERVICE_NAME,
    temporalMetricsPort: env.TEMPORAL_METRICS_PORT,
  };
}

/**
 * TLS and API key for Temporal: mTLS with TEMPORAL_TLS_CERT_FILE + TEMPORAL_TLS_KEY_FILE (both),
 * a private CA with TEMPORAL_TLS_CA_FILE, plain server TLS with TEMPORAL_TLS=true; an API key
 * (TEMPORAL_API_KEY) always goes over TLS. Files are read here, so a wrong path stops the start.
 */
function temporalAccess(env: CommonEnvironment): Pick<CommonConfig, 'temporalTls' | 'temporalApiKey'> {
  const read = (variable: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new ConfigurationError([`${variable}=${file} cannot be read: ${(error as Error).message}`]);
    }
  };
  const { TEMPORAL_TLS_CERT_FILE: certFile, TEMPORAL_TLS_KEY_FILE: keyFile, TEMPORAL_TLS_CA_FILE: caFile } = env;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigurationError(['TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together (mTLS needs the certificate and its key)']);
  }
  const wanted = env.TEMPORAL_TLS === 'true' || Boolean(certFile) || Boolean(caFile) || Boolean(env.TEMPORAL_API_KEY);
  if (env.TEMPORAL_TLS === 'false' && wanted && (certFile || caFile || env.TEMPORAL_API_KEY)) {
    throw new ConfigurationError(['TEMPORAL_TLS=false cannot go with a client certificate, a CA file or an API key']);
  }
  const tls: TemporalTlsConfig | undefined = wanted
    ? {
        ...(caFile ? { serverRootCACertificate: read('TEMPORAL_TLS_CA_FILE', caFile) } : {}),
        ...(certFile && keyFile ? { clientCertPair: { crt: read('TEMPORAL_TLS_CERT_FILE', certFile), key: read('TEMPORAL_TLS_KEY_FILE', keyFile) } } : {}),
        ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
      }
    : undefined;
  return { temporalTls: tls, temporalApiKey: env.TEMPORAL_API_KEY };
}

const MS = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const AID_SETTING_RULES: { [K in keyof AidApplicationSettings]-?: [(value: unknown) => boolean, string] } = {
  stepDueMs: [(v) => MS(v) && (v as number) > 0, 'a positive whole number of milliseconds'],
  remindBeforeMs: [(v) => Array.isArray(v) && v.every(MS), 'a list of whole numbers of milliseconds'],
  escalateAfterMs: [MS, 'a whole number of milliseconds'],
  appealWindowMs: [MS, 'a whole number of milliseconds'],
  waitForSemesterStart: [(v) => typeof v === 'boolean', 'true or false'],
  searchAttributes: [(v) => typeof v === 'boolean', 'true or false'],
};

/** EDUAID_AID_SETTINGS: a JSON object of known settings, each of its type, over the defaults. */
function aidSettingsFrom(raw: string | undefined): { settings: AidApplicationSettings; problems: string[] } {
  if (raw === undefined) return { settings: DEFAULT_AID_SETTINGS, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { settings: DEFAULT_AID_SETTINGS, problems: ['EDUAID_AID_SETTINGS must be JSON, e.g. {"stepDueMs":60000}'] };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { settings: DEFAULT_AID_SETTINGS, problems: ['EDUAID_AID_SETTINGS must be a JSON object, e.g. {"stepDueMs":60000}'] };
  }
  const problems = Object.entries(parsed as Record<string, unknown>).flatMap(([key, value]) => {
    const rule = AID_SETTING_RULES[key as keyof AidApplicationSettings];
    if (!rule) return [`EDUAID_AID_SETTINGS has an unknown setting ${key} (known: ${Object.keys(AID_SETTING_RULES).join(', ')})`];
    return rule[0](value) ? [] : [`EDUAID_AID_SETTINGS.${key} must be ${rule[1]}`];
  });
  return { settings: { ...DEFAULT_AID_SETTINGS, ...(parsed as Partial<AidApplicationSettings>) }, problems };
}

/**
 * EDUAID_TRUSTED_PROXIES: comma-separated IPv4/IPv6 addresses or CIDR ranges. Anything else is refused
 * at start, since a typo here would silently make every client share one throttling bucket (or let
 * clients forge their address).
 */
export function trustedProxiesFrom(raw: string | undefined): { addresses: string[]; problems: string[] } {
  if (raw === undefined) return { addresses: [], problems: [] };
  const addresses = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = addresses.filter((entry) => !isAddressOrRange(entry));
  return bad.length === 0
    ? { addresses, problems: [] }
    : { addresses: [], problems: [`EDUAID_TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas (not: ${bad.join(', ')})`] };
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const max = version === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** Secrets that may come from a file instead (`<NAME>_FILE`, e.g. a mounted Kubernetes Secret). */
export const FILE_SECRETS = ['DATABASE_URL', 'AUTH_TOKEN_SECRET', 'TEMPORAL_API_KEY'] as const;

/**
 * `DATABASE_URL_FILE=/etc/eduaid/secrets/databaseUrl` stands for `DATABASE_URL` with the file's
 * content (trailing line breaks dropped), so secrets need not sit in the environment. A variable set
 * directly wins; an unreadable file stops the start naming the variable.
 */
export function withSecretFiles(env: Env): Env {
  const resolved: Env = { ...env };
  for (const name of FILE_SECRETS) {
    const file = env[`${name}_FILE`];
    if (!file || env[name]) continue;
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
    } catch (error) {
      throw new ConfigurationError([`${name}_FILE=${file} cannot be read: ${(error as Error).message}`]);
    }
  }
  return resolved;
}

/** Reads and validates a service's configuration; throws ConfigurationError naming every bad value. */
export function loadServiceConfig(service: ServiceName, rawEnv: Env): ServiceConfig {
  const env = withSecretFiles(rawEnv);
  const portVar = portVariable(service);
  const aid = aidSettingsFrom(env.EDUAID_AID_SETTINGS || undefined);
  const proxies = trustedProxiesFrom(env.EDUAID_TRUSTED_PROXIES || undefined);
  const worker = workerTuningFrom(env, 'activities');
  const parsed = validated(
    ServiceEnvironment,
    { ...env, PORT: env[portVar] ?? String(DEFAULT_PORTS[service]) },
    { PORT: portVar },
    [...aid.problems, ...proxies.problems, ...worker.problems],
  );
  return {
    ...common(parsed, worker.tuning),
    service,
    host: parsed.HOST,
    port: parsed.PORT,
    caseworkUrl: parsed.EDUAID_CASEWORK_URL,
    bank: { apiUrl: parsed.EDUAID_BANK_API_URL?.replace(/\/+$/, ''), timeoutMs: parsed.EDUAID_BANK_TIMEOUT_MS },
    bankBatch: { deadlineMs: parsed.EDUAID_BANK_BATCH_DEADLINE_MS, pollMs: parsed.EDUAID_BANK_BATCH_POLL_MS },
    aidSettings: aid.settings,
    retentionYears: parsed.EDUAID_RETENTION_YEARS,
    trustedProxies: proxies.addresses,
    auth: {
      tokenSecret: parsed.AUTH_TOKEN_SECRET,
      oidc: parsed.AUTH_OIDC_ISSUER ? { issuer: parsed.AUTH_OIDC_ISSUER, jwksUrl: parsed.AUTH_OIDC_JWKS_URL as string } : undefined,
    },
  };
}

/** Reads and validates the settings shared by every process (used by the workflow worker). */
export function loadCommonConfig(env: Env): CommonConfig {
  const resolved = withSecretFiles(env);
  const worker = workerTuningFrom(resolved, 'workflows');
  return common(validated(CommonEnvironment, resolved, {}, worker.problems), worker.tuning);
}
