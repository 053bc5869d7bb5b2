import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import type { LogLevel } from '../config/service-config';

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
