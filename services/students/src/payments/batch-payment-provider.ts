import { DomainError } from '@eduaid/platform';

/**
 * What a semester cycle needs from a bank for bulk payments: submit a batch of instructions (each
 * with its own idempotency key), poll it, read each line's result. The bank keeps every key's
 * first result across batches, so resubmitting lines whose fate is unknown (a lost answer, a batch
 * never answered) pays nothing twice: a line already paid answers `paid` again, marked `repeat`.
 */
export interface BatchInstruction {
  idempotencyKey: string;
  account: string;
  holderName: string;
  amountFen: number;
  reference: string;
}

/**
 * A line's fate: `pending` (not processed yet), `paid`, `failed` (code account-closed, name-mismatch,
 * account-not-found: permanent, fix the bank details and pay under a new key), `returned` (paid, then
 * sent back by the receiving bank; code says why), `conflict` (the key was used for another account
 * or amount: a bug on our side, never retried blindly).
 */
export type BatchLineStatus = 'pending' | 'paid' | 'failed' | 'returned' | 'conflict';

export interface BatchLineResult {
  idempotencyKey: string;
  status: BatchLineStatus;
  amountFen: number;
  bankReference?: string;
  code?: string;
  /** The key was already known to the bank: this is its first result, nothing was paid now. */
  repeat: boolean;
}

export interface BatchSummary {
  batchId: string;
  status: 'processing' | 'completed';
  lines: number;
  counts: Record<BatchLineStatus, number>;
}

export interface BatchResultsPage {
  lines: BatchLineResult[];
  /** Where the next page starts; null after the last line. */
  nextOffset: number | null;
}

/** A payment the receiving bank sent back, after it was paid. */
export interface ReturnedPayment {
  idempotencyKey: string;
  bankReference: string;
  amountFen: number;
  code: string;
  returnedAt: string;
}

export interface AwaitBatchOptions {
  /** When the batch was submitted (the deadline counts from here; a caller resuming after a crash passes the recorded time). */
  submittedAt?: Date;
  deadlineMs?: number;
  pollMs?: number;
  /** Called after each poll answered (e.g. to heartbeat an activity). */
  onPoll?: (summary: BatchSummary) => void;
  signal?: AbortSignal;
}

export interface BatchPaymentProvider {
  /** Most lines one batch may carry; larger sets are split by the caller. */
  readonly maxLines: number;
  /**
   * Submits one batch. Throws PaymentOutcomeUnknown when the bank's answer is unknown (the batch may
   * or may not have been taken: resubmit the same lines), BatchRefused when the bank refuses it as a
   * whole (malformed, too large: the same request gets the same answer).
   */
  submit(lines: BatchInstruction[]): Promise<{ batchId: string; lines: number }>;
  /** The batch's state and counts; PaymentOutcomeUnknown when unanswered, BatchUnknownAtBank on 404. */
  status(batchId: string): Promise<BatchSummary>;
  /** One page of line results, in submission order. */
  results(batchId: string, offset?: number, limit?: number): Promise<BatchResultsPage>;
  /** Every line result, page by page. */
  allResults(batchId: string): AsyncGenerator<BatchLineResult[]>;
  /**
   * Payments returned since the cursor, in the bank's order: a line reported `paid` may come back
   * days later. Keep `next` (e.g. with the cycle) and pass it as `after` to read on.
   */
  returns(after?: number, limit?: number): Promise<{ returns: ReturnedPayment[]; next: number }>;
  /**
   * Polls until the batch is completed. Throws BatchNotAnswered once the deadline passes with the
   * batch still processing or the bank not answering polls: its lines' fate is then unknown, and
   * resubmitting them in a new batch settles it (per-line idempotency).
   */
  awaitCompletion(batchId: string, options?: AwaitBatchOptions): Promise<BatchSummary>;
}

export const BATCH_PAYMENT_PROVIDER = Symbol('BATCH_PAYMENT_PROVIDER');

/** The bank refused a batch as a whole (400 malformed line, 413 too large, 422 too many lines): permanent. */
export class BatchRefused extends DomainError {
  constructor(readonly status: number, readonly bankCode: string, message: string) {
    super('payments.batch-refused', 'unprocessable', `the bank refused the batch (${status} ${bankCode}): ${message}`);
  }
}

/** The bank does not know this batch (e.g. it lost it): its lines must be resubmitted. */
export class BatchUnknownAtBank extends DomainError {
  constructor(readonly batchId: string) {
    super('payments.batch-unknown', 'not-found', `the bank does not know batch ${batchId}`);
  }
}

/** A submitted batch was not answered by its deadline: retryable (resubmit its lines). */
export class BatchNotAnswered extends DomainError {
  constructor(readonly batchId: string, readonly waitedMs: number, readonly lastSeen?: BatchSummary) {
    super(
      'payments.batch-not-answered',
      'unavailable',
      `batch ${batchId} was not answered within ${Math.round(waitedMs / 1000)} s${lastSeen ? ` (last seen ${lastSeen.status}, ${lastSeen.counts.pending} of ${lastSeen.lines} lines pending)` : ' (no poll answered)'}`,
    );
  }
}
