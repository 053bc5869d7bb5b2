import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { domainErrorBehind } from '../temporal/activity-failures';
import { DomainError, FieldError, STATUS_BY_KIND } from './domain-error';

/** RFC 9457 problem details, with eduaid's code, the request id and field errors. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  /** A failed readiness probe: each check with its status and, when down, why. */
  checks?: Record<string, { status: string; [key: string]: unknown }>;
}

const PROBLEM_TYPE_BASE = 'https://eduaid.local/problems/';

interface Mapped {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  checks?: ProblemDetails['checks'];
}

/** The body @nestjs/terminus raises with a failed health check. */
function healthChecksOf(response: unknown): ProblemDetails['checks'] | undefined {
  const body = response as { status?: unknown; details?: unknown };
  return body && body.status === 'error' && typeof body.details === 'object' && body.details !== null ? (body.details as ProblemDetails['checks']) : undefined;
}

/**
 * The one place where errors become HTTP answers. Domain errors carry their own code; a few
 * infrastructure errors with a clear meaning (a duplicate workflow id, an unknown workflow) are
 * mapped here once; anything else is a 500 that is logged with its request id and says nothing
 * about internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(exception, request);
    const body: ProblemDetails = {
      type: PROBLEM_TYPE_BASE + mapped.code,
      title: titleOf(mapped.status),
      status: mapped.status,
      detail: mapped.detail,
      instance: request.url,
      code: mapped.code,
      requestId: String(request.id),
      ...(mapped.errors?.length ? { errors: mapped.errors } : {}),
      ...(mapped.checks ? { checks: mapped.checks } : {}),
    };
    if (exception instanceof DomainError && exception.retryAfterSeconds !== undefined) reply.header('retry-after', String(exception.retryAfterSeconds));
    void reply.status(mapped.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }

  private map(exception: unknown, request: FastifyRequest): Mapped {
    if (exception instanceof WorkflowFailedError) {
      // A process the request waited on failed for good on a rule or on its data: answer that, not a 500.
      exception = domainErrorBehind(exception) ?? exception;
    }
    if (exception instanceof DomainError) {
      return {
        status: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        detail: exception.message,
        errors: exception.fieldErrors,
      };
    }
    if (exception instanceof WorkflowExecutionAlreadyStartedError) {
      return { status: 409, code: 'process.already-running', detail: 'This process is already running for the same subject.' };
    }
    if (exception instanceof WorkflowNotFoundError) {
      return { status: 404, code: 'process.not-found', detail: 'No such process.' };
    }
    if (exception instanceof HttpException) {
      // Raised by the framework itself: unknown route, unsupported media type, malformed JSON, ...
      const status = exception.getStatus();
      const response = exception.getResponse();
      const checks = status === 503 ? healthChecksOf(response) : undefined;
      if (checks) {
        const down = Object.entries(checks).filter(([, check]) => check.status !== 'up').map(([name]) => name);
        return { status, code: 'health.not-ready', detail: `Not ready: ${down.join(', ')} down.`, checks };
      }
      const detail = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
      return { status, code: `http.${status}`, detail };
    }
    const status = statusOfFastifyError(exception);
    if (status !== undefined) {
      return { status, code: `http.${status}`, detail: (exception as Error).message };
    }
    this.logger.error({ err: exception, requestId: request.id, url: request.url }, 'unhandled error');
    return { status: 500, code: 'internal', detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.` };
  }
}

/** Fastify's own client errors (body too large, bad JSON) carry a 4xx statusCode. */
function statusOfFastifyError(exception: unknown): number | undefined {
  const code = (exception as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

function titleOf(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string'
    ? name
        .toLowerCase()
        .split('_')
        .map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w))
        .join(' ')
    : 'Error';
}
