import { Logger } from '@nestjs/common';
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorKind, FieldError, STATUS_BY_KIND } from '../errors/domain-error';

/**
 * SQLSTATE classes of errors that depend on the data alone, so a retry gets the same answer:
 * 22 data exception (a NUL byte, a value out of range, bad text for a type) and 23 integrity
 * constraint violation (NOT NULL, foreign key, check).
 */
const PERMANENT_SQLSTATE_CLASSES: Record<string, string> = {
  '22': 'PostgresDataError',
  '23': 'PostgresConstraintViolation',
};

/**
 * Except a unique violation: activities are idempotent by key, so one is a race with an earlier
 * attempt of the same activity still finishing (a chunk retried after a missed heartbeat, say), and
 * the retry finds that attempt's row and succeeds.
 */
const RETRIED_SQLSTATES = new Set(['23505']);

function sqlStateOf(error: unknown): string | undefined {
  const driverError = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (driverError instanceof DatabaseError || error instanceof QueryFailedError) {
    const code = (driverError as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  }
  return undefined;
}

/**
 * The non-retryable failure an activity's error stands for, when no retry can ever succeed: a
 * domain error of any kind but `unavailable` (not found, invalid, refused by a rule: the same
 * input gets the same answer), or PostgreSQL refusing the data itself (SQLSTATE class 22 or 23,
 * but for unique violations).
 * Anything else (a dropped connection, a timeout, a deadlock, a bug a deploy may fix) is left to
 * the workflow's retry policy. Failures an activity raised itself pass through as they are.
 */
export function permanentFailureOf(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure || error instanceof CancelledFailure) return undefined;
  if (error instanceof DomainError) {
    if (error.kind === 'unavailable') return undefined;
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code, kind: error.kind, fieldErrors: error.fieldErrors }],
      cause: error,
    });
  }
  const sqlState = sqlStateOf(error);
  const type = sqlState && !RETRIED_SQLSTATES.has(sqlState) ? PERMANENT_SQLSTATE_CLASSES[sqlState.slice(0, 2)] : undefined;
  if (sqlState && type) {
    return ApplicationFailure.create({
      type,
      message: `PostgreSQL refused the data (SQLSTATE ${sqlState}): ${(error as Error).message}`,
      nonRetryable: true,
      details: [{ sqlState }],
      cause: error as Error,
    });
  }
  return undefined;
}

/** Turns an activity's permanent failures into non-retryable ones, and logs them with their code. */
class PermanentFailureInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly logger: Logger,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      const failure = permanentFailureOf(error);
      if (!failure) throw error;
      const { activityType, workflowExecution, attempt } = this.context.info;
      this.logger.error(
        { activity: activityType, workflowId: workflowExecution?.workflowId, attempt, failureType: failure.type, error },
        `activity ${activityType} failed for good, not retried: ${failure.message}`,
      );
      throw failure;
    }
  }
}

/**
 * The other way round, for an HTTP request that waited on a process: the domain error its workflow
 * failed on, found down the failure's cause chain (workflow → activity → the non-retryable failure
 * made above), so the caller gets the answer the service would have given had it refused the input
 * itself, not a 500. PostgreSQL refusing the data becomes 422 `process.data-refused` (the database's
 * message stays in the activity worker's log). Anything else: undefined.
 */
export function domainErrorBehind(error: unknown): DomainError | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    if (!(cause instanceof ApplicationFailure) || !cause.nonRetryable) continue;
    const [detail] = (cause.details ?? []) as { code?: unknown; kind?: unknown; fieldErrors?: unknown }[];
    if (typeof detail?.code === 'string' && typeof detail.kind === 'string' && detail.kind in STATUS_BY_KIND) {
      const fieldErrors = Array.isArray(detail.fieldErrors) ? (detail.fieldErrors as FieldError[]) : [];
      return new DomainError(detail.code, detail.kind as DomainErrorKind, cause.message, fieldErrors);
    }
    if (cause.type && Object.values(PERMANENT_SQLSTATE_CLASSES).includes(cause.type)) {
      return new DomainError('process.data-refused', 'unprocessable', 'The process stopped: the database refused the data it was given.');
    }
  }
  return undefined;
}

/** The platform's activity interceptors, installed once on every service's activity worker. */
export function platformActivityInterceptors(logger = new Logger('ActivityWorker')): ActivityInterceptorsFactory[] {
  return [(context) => ({ inbound: new PermanentFailureInterceptor(context, logger) })];
}
