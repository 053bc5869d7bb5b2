import { Inject, Injectable } from '@nestjs/common';
import { DomainError, SERVICE_CONFIG, ServiceConfig } from '@eduaid/platform';
import { PaymentOutcomeUnknown } from './payment-provider';
import { BANK_API_URL_VARIABLE } from './bank-http.provider';
import {
  AwaitBatchOptions,
  BatchInstruction,
  BatchLineResult,
  BatchLineStatus,
  BatchNotAnswered,
  BatchPaymentProvider,
  BatchRefused,
  BatchResultsPage,
  BatchSummary,
  BatchUnknownAtBank,
  ReturnedPayment,
} from './batch-payment-provider';

/** The bank's limit (infra/bank-sandbox: 10,000 lines and 4 MiB a request). */
export const MAX_BATCH_LINES = 10_000;
const PAGE = 5000;
/** The wait before the first poll of a batch; each later wait doubles, up to EDUAID_BANK_BATCH_POLL_MS. */
export const FIRST_POLL_MS = 50;
const STATUSES: readonly BatchLineStatus[] = ['pending', 'paid', 'failed', 'returned', 'conflict'];

interface WireLine {
  idempotencyKey: string;
  status: BatchLineStatus;
  amountFen: number;
  paymentId?: string;
  code?: string;
  repeat?: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The bank's bulk payment API over HTTP (infra/bank-sandbox speaks it): every request bounded by
 * EDUAID_BANK_TIMEOUT_MS, a batch's wait by EDUAID_BANK_BATCH_DEADLINE_MS, polled first 50 ms after
 * it was submitted, then at doubling intervals up to EDUAID_BANK_BATCH_POLL_MS. Account numbers go only into the request body, never into an error.
 */
@Injectable()
export class BankBatchHttpProvider implements BatchPaymentProvider {
  readonly maxLines = MAX_BATCH_LINES;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'bank' | 'bankBatch'>) {}

  private base(): string {
    const url = this.config.bank.apiUrl;
    if (!url) throw new DomainError('payments.bank-unconfigured', 'unavailable', `${BANK_API_URL_VARIABLE} is not set: no bank to pay through`);
    return url;
  }

  /** One request; an unknown outcome (no answer, 5xx, unreadable body) is PaymentOutcomeUnknown. */
  private async call(path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const what = `${init.method ?? 'GET'} ${path.replace(/\?.*$/, '')}`;
    let response: Response;
    try {
      response = await fetch(`${this.base()}${path}`, { ...init, signal: AbortSignal.timeout(this.config.bank.timeoutMs) });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new PaymentOutcomeUnknown(`no answer from the bank to ${what}: ${(error as Error).name}`);
    }
    if (response.status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      throw new PaymentOutcomeUnknown(`bank answered ${response.status} to ${what}`);
    }
    let body: Record<string, unknown>;
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch (error) {
      throw new PaymentOutcomeUnknown(`the bank's answer to ${what} was cut off or unreadable: ${(error as Error).name}`);
    }
    return { status: response.status, body };
  }

  async submit(lines: BatchInstruction[]): Promise<{ batchId: string; lines: number }> {
    if (lines.length === 0 || lines.length > this.maxLines) {
      throw new DomainError('payments.batch-size', 'invalid', `a batch carries 1 to ${this.maxLines} lines, not ${lines.length}`);
    }
    const { status, body } = await this.call('/batches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lines }),
    });
    if (status === 202 || status === 200) return { batchId: String(body.batchId), lines: Number(body.lines) };
    throw new BatchRefused(status, String(body.code ?? 'refused'), String(body.message ?? ''));
  }

  async status(batchId: string): Promise<BatchSummary> {
    const { status, body } = await this.call(`/batches/${encodeURIComponent(batchId)}`);
    if (status === 404) throw new BatchUnknownAtBank(batchId);
    if (status !== 200) throw new PaymentOutcomeUnknown(`bank answered ${status} to a batch poll`);
    const counts = (body.counts ?? {}) as Record<string, number>;
    return {
      batchId,
      status: body.status === 'completed' ? 'completed' : 'processing',
      lines: Number(body.lines),
      counts: Object.fromEntries(STATUSES.map((s) => [s, Number(counts[s] ?? 0)])) as Record<BatchLineStatus, number>,
    };
  }

  async results(batchId: string, offset = 0, limit = PAGE): Promise<BatchResultsPage> {
    const { status, body } = await this.call(`/batches/${encodeURIComponent(batchId)}/lines?offset=${offset}&limit=${limit}`);
    if (status === 404) throw new BatchUnknownAtBank(batchId);
    if (status !== 200) throw new PaymentOutcomeUnknown(`bank answered ${status} to a batch's lines`);
    const lines = (body.lines as WireLine[]).map(
      (l): BatchLineResult => ({
        idempotencyKey: l.idempotencyKey,
        status: l.status,
        amountFen: l.amountFen,
        ...(l.paymentId ? { bankReference: l.paymentId } : {}),
        ...(l.code ? { code: l.code } : {}),
        repeat: l.repeat === true,
      }),
    );
    return { lines, nextOffset: typeof body.nextOffset === 'number' ? body.nextOffset : null };
  }

  async *allResults(batchId: string): AsyncGenerator<BatchLineResult[]> {
    let offset: number | null = 0;
    while (offset !== null) {
      const page: BatchResultsPage = await this.results(batchId, offset);
      yield page.lines;
      offset = page.nextOffset;
    }
  }

  async returns(after = 0, limit = PAGE): Promise<{ returns: ReturnedPayment[]; next: number }> {
    const { status, body } = await this.call(`/returns?after=${after}&limit=${limit}`);
    if (status !== 200) throw new PaymentOutcomeUnknown(`bank answered ${status} to a returns read`);
    const returns = (body.returns as { idempotencyKey: string; paymentId: string; amountFen: number; code: string; returnedAt: string }[]).map((r) => ({
      idempotencyKey: r.idempotencyKey,
      bankReference: r.paymentId,
      amountFen: r.amountFen,
      code: r.code,
      returnedAt: r.returnedAt,
    }));
    return { returns, next: Number(body.next) };
  }

  async awaitCompletion(batchId: string, options: AwaitBatchOptions = {}): Promise<BatchSummary> {
    const deadlineMs = options.deadlineMs ?? this.config.bankBatch.deadlineMs;
    const pollMs = options.pollMs ?? this.config.bankBatch.pollMs;
    const since = (options.submittedAt ?? new Date()).getTime();
    let lastSeen: BatchSummary | undefined;
    // The first poll comes soon after the submit (a bank often settles a batch in well under the
    // poll interval), then the wait doubles up to the interval: a quick batch is not left waiting a
    // whole interval, a slow one is not polled more often than a few times before the interval.
    let wait = Math.min(FIRST_POLL_MS, pollMs);
    for (;;) {
      try {
        lastSeen = await this.status(batchId);
        options.onPoll?.(lastSeen);
        if (lastSeen.status === 'completed') return lastSeen;
      } catch (error) {
        // A poll unanswered is like a batch unanswered: tolerated until the deadline.
        if (!(error instanceof PaymentOutcomeUnknown)) throw error;
      }
      const left = since + deadlineMs - Date.now();
      if (left <= 0) throw new BatchNotAnswered(batchId, Date.now() - since, lastSeen);
      await sleep(Math.min(wait, left), options.signal);
      wait = Math.min(wait * 2, pollMs);
    }
  }
}
