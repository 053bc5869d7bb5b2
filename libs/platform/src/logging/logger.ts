import { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { Logger as Pino } from 'pino';
import type { LogLevel } from '../config/service-config';
import { currentTraceIds } from '../telemetry/tracing';

/** The request a piece of work runs for: set by the HTTP layer, read by every log line. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Fields every line gets: the request id of the HTTP request it runs for, and the trace and span
 * id when tracing is on (so a line in an activity finds its trace, and a trace its lines).
 */
export function correlationFields(_merge?: object, _level?: number, logger?: { bindings(): Record<string, unknown> }): Record<string, string> {
  // Fastify's own request lines ("incoming request") come before any hook: its child logger knows the id.
  const bound = logger?.bindings().reqId;
  const requestId = requestContext.getStore()?.requestId ?? (typeof bound === 'string' ? bound : undefined);
  const ids = currentTraceIds();
  return { ...(requestId ? { requestId } : {}), ...(ids ?? {}) };
}

/**
 * Fields that must never reach a log line in clear: national IDs, bank accounts, secrets. Paths are
 * pino redact paths, applied to every line (request logs included).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'token',
  'nationalId',
  'national_id',
  'bankAccount',
  'accountNumber',
  '*.password',
  '*.token',
  '*.nationalId',
  '*.national_id',
  '*.bankAccount',
  '*.accountNumber',
  '*.*.nationalId',
  '*.*.national_id',
  '*.*.bankAccount',
  '*.*.accountNumber',
  // A failed query's bound values may be personal data; its SQL text (placeholders only) is kept.
  'err.parameters',
  'error.parameters',
  'err.cause.parameters',
  'error.cause.parameters',
];

/**
 * Errors are logged with their type, message, stack and own fields (a DomainError's code and kind,
 * a PostgreSQL error's SQLSTATE), under either key: pino's default serialises only `err`, and an
 * Error under any other key (the Temporal SDK logs failed activities as `error`) came out as `{}`.
 */
export const ERROR_SERIALIZERS = { err: pino.stdSerializers.err, error: pino.stdSerializers.err };

/** One structured JSON logger per process: Fastify logs requests with it, Nest logs through it. */
export function createRootLogger(service: string, level: LogLevel, destination?: NodeJS.WritableStream): Pino {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    serializers: ERROR_SERIALIZERS,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: correlationFields,
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/**
 * Nest's LoggerService over pino, so framework and application lines share one format. Nest calls
 * `log(message, ...extra, context)`: an object message becomes structured fields, a string in
 * `extra` becomes the line's text.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const text = rest.filter((r): r is string => typeof r === 'string').join(' ') || undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, text ?? message.message);
    } else if (message !== null && typeof message === 'object') {
      this.logger[level]({ context, ...(message as Record<string, unknown>) }, text);
    } else {
      this.logger[level]({ context }, text ? `${String(message)} ${text}` : String(message));
    }
  }
}
