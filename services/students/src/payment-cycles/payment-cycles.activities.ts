import { Inject, Injectable, Logger } from '@nestjs/common';
import { Context, heartbeat } from '@temporalio/activity';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  PAYMENT_REPAIR_WORKFLOW,
  WORKFLOW_TASK_QUEUE,
  paymentRepairWorkflowId,
  taskQueueName,
} from '@eduaid/contracts';
import type {
  CycleCountyStateInput,
  CyclePaymentFailure,
  OpenPaymentCycleInput,
  OpenPaymentCycleResult,
  PayCycleChunkInput,
  PayCycleChunkResult,
  PaymentCycleState,
  PaymentRepairInput,
  RetryCyclePaymentInput,
  StudentsPaymentCycleActivities,
} from '@eduaid/contracts';
import { Activities, DomainError, SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';
import { BankAccountsRepository } from '../payments/bank-accounts.repository';
import { BATCH_PAYMENT_PROVIDER, BatchInstruction, BatchNotAnswered, BatchPaymentProvider, BatchUnknownAtBank } from '../payments/batch-payment-provider';
import { PaymentOutcomeUnknown } from '../payments/payment-provider';
import { FailureFacts, PaymentsRepository } from '../payments/payments.repository';
import { CountyDelta, PaymentCyclesRepository } from './payment-cycles.repository';
import { PaymentCyclesService } from './payment-cycles.service';

/** The bank's returns feed, as the students service reads it (one position). */
const RETURNS_FEED = 'bank';
const RETURNS_PAGE = 1000;

/** What a chunk's activity heartbeats: the batch it submitted, so a retry polls it instead of sending again. */
interface ChunkHeartbeat {
  afterId: string;
  batchId?: string;
  submittedAt?: string;
}

const CODE_REASONS: Record<string, string> = {
  'account-closed': 'the bank account is closed',
  'name-mismatch': "the account holder's name does not match",
  'account-not-found': 'no such bank account',
  'no-bank-account': 'no bank account on file',
  'idempotency-key-reused': 'the bank holds this payment key for another account or amount',
};

/**
 * The students service's side of a semester cycle: claim the term's due rows, then pay a county a
 * bank batch at a time. Every step is idempotent: claims skip claimed rows, rows are marked by key
 * and by state (a paid row is never sent again), a batch resubmitted carries the same per-line keys
 * (the bank pays each once), and the cycle's counts are recomputed from the ledger.
 */
@Activities()
@Injectable()
export class PaymentCyclesActivities implements StudentsPaymentCycleActivities {
  private readonly logger = new Logger(PaymentCyclesActivities.name);

  constructor(
    private readonly ledger: PaymentsRepository,
    private readonly accounts: BankAccountsRepository,
    private readonly cycles: PaymentCyclesRepository,
    private readonly service: PaymentCyclesService,
    @Inject(BATCH_PAYMENT_PROVIDER) private readonly bank: BatchPaymentProvider,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Claims what the run pays: the term's own planned rows (keyset, in batches), then rows of earlier
   * semesters planned since their terms' runs (late approvals, next attempts after a fix), then
   * what earlier, finished runs left planned or sending. Rows an open run holds are never taken.
   */
  async openPaymentCycle(input: OpenPaymentCycleInput): Promise<OpenPaymentCycleResult> {
    const run = input.run ?? 1;
    await this.cycles.open(input.term, run, input.workflowId, input.startedBy);
    // Resume the claim where a failed attempt stopped (its heartbeat holds the last id looked at).
    let afterId = (Context.current().info.heartbeatDetails as { afterId?: string } | undefined)?.afterId ?? '0';
    for (;;) {
      const { lastId } = await this.ledger.claimForCycle(input.term, afterId, input.claimBatch, run);
      if (!lastId) break;
      afterId = lastId;
      heartbeat({ afterId });
    }
    await this.ledger.claimEarlierDue(input.term, run);
    for (const earlier of await this.cycles.withLeftovers(input.term)) {
      await this.ledger.takeOverUnsettled(earlier, input.term, run);
      await this.cycles.markHandedOn(earlier, run);
    }
    const counties = await this.ledger.cycleCounties(input.term, run);
    await this.cycles.addCounties(input.term, run, counties);
    return { counties: counties.map((c) => ({ countyCode: c.county_code, due: c.due })), due: counties.reduce((a, c) => a + c.due, 0) };
  }

  async payCycleChunk(input: PayCycleChunkInput): Promise<PayCycleChunkResult> {
    const previous = Context.current().info.heartbeatDetails as ChunkHeartbeat | undefined;
    const rows = await this.ledger.cycleChunk(input.term, input.countyCode, input.afterId, input.limit, input.run ?? 1);
    const result: PayCycleChunkResult = { lastId: rows.at(-1)?.id ?? input.afterId, selected: rows.length, paid: 0, unresolved: 0, failures: [], passDone: rows.length < input.limit };
    if (rows.length === 0) return result;
    heartbeat({ afterId: input.afterId, ...(previous?.afterId === input.afterId ? { batchId: previous.batchId, submittedAt: previous.submittedAt } : {}) } satisfies ChunkHeartbeat);

    // The county's counts move by what this batch's statements changed (no recount of the county per batch).
    const delta: CountyDelta = { planned: 0, sending: 0, paid: 0, paidFen: 0, failed: 0, failedFen: 0 };
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    const countFailed = (changed: { id: string; fen: number }[]) => {
      for (const row of changed) {
        // A row of an earlier attempt's batch that the chunk does not hold was sent: it was 'sending'.
        delta[statusOf.get(row.id) ?? 'sending'] -= 1;
        delta.failed += 1;
        delta.failedFen += row.fen;
      }
    };

    const accounts = await this.accounts.revealMany([...new Set(rows.map((r) => r.student_id))]);
    // No account on file: nothing to send; a task asks for one.
    const without = rows.filter((r) => !accounts.has(r.student_id));
    countFailed(await this.ledger.markFailedByKeys(input.term, without.map((r) => ({ key: r.idempotency_key, code: 'no-bank-account', reason: CODE_REASONS['no-bank-account'] }))));
    const withAccount = rows.filter((r) => accounts.has(r.student_id));
    const marked = await this.ledger.markSendingMany(input.term, withAccount.map((r) => r.id));
    const payable = withAccount.filter((r) => marked.has(r.id));
    for (const r of payable) {
      if (r.status === 'planned') {
        delta.planned -= 1;
        delta.sending += 1;
      }
    }
    if (payable.length > 0) {
      const outcome = await this.submitAndAwait(input, payable.map((r) => {
        const account = accounts.get(r.student_id) as { account: string; holderName: string };
        return { idempotencyKey: r.idempotency_key, account: account.account, holderName: account.holderName, amountFen: Number(r.amount_fen), reference: `${r.scheme} ${r.semester}` };
      }), previous?.afterId === input.afterId ? previous : undefined);
      if (outcome === 'unanswered') {
        // Left 'sending': the next round sends the same keys again, and the bank pays each once.
        result.unresolved = payable.length;
      } else {
        // Lines are marked by the id of the chunk's row with that key; a key the chunk does not hold
        // (a batch of an earlier attempt whose rows have moved on) is looked up by key.
        const idOf = new Map(payable.map((r) => [r.idempotency_key, r.id]));
        const paid: { id: string; reference: string }[] = [];
        const paidByKey: { key: string; reference: string }[] = [];
        const failed: { key: string; code: string; reason: string }[] = [];
        let seen = 0;
        for await (const page of this.bank.allResults(outcome)) {
          heartbeat({ afterId: input.afterId, batchId: outcome } satisfies ChunkHeartbeat);
          for (const line of page) {
            seen += 1;
            if (line.status === 'paid' && line.bankReference) {
              const id = idOf.get(line.idempotencyKey);
              if (id) paid.push({ id, reference: line.bankReference });
              else paidByKey.push({ key: line.idempotencyKey, reference: line.bankReference });
            } else if (line.status === 'failed' || line.status === 'returned' || line.status === 'conflict') {
              const code = line.code ?? line.status;
              failed.push({ key: line.idempotencyKey, code, reason: line.status === 'returned' ? `returned by the receiving bank: ${CODE_REASONS[code] ?? code}` : (CODE_REASONS[code] ?? code) });
            } else result.unresolved += 1; // pending in a completed batch: the next round asks again
          }
        }
        result.unresolved += Math.max(0, payable.length - seen);
        for (const change of [await this.ledger.markPaidByIds(input.term, paid), await this.ledger.markPaidByKeys(input.term, paidByKey)]) {
          result.paid += change.n;
          delta.sending -= change.n;
          delta.paid += change.n;
          delta.paidFen += change.fen;
        }
        countFailed(await this.ledger.markFailedByKeys(input.term, failed));
      }
    }
    // The range's failed rows with no task yet are this attempt's or an earlier attempt's of this
    // chunk (a completed chunk's failures get their tasks before the next chunk): a first attempt
    // that failed no row has none, and skips the read.
    if (delta.failed > 0 || Context.current().info.attempt > 1) {
      result.failures = (await this.ledger.failuresToReport(input.term, input.countyCode, input.afterId, result.lastId, input.run ?? 1)).map(failureOf);
    }
    await this.cycles.addCounts(input.term, input.run ?? 1, input.countyCode, delta);
    return result;
  }

  /**
   * Submits the lines as one batch (or, on a retry, polls the batch the last attempt submitted) and
   * waits for it to its deadline: answers the completed batch's id, or 'unanswered'. An unknown
   * answer to the submit fails the attempt: the retry sends the same keys again.
   */
  private async submitAndAwait(input: PayCycleChunkInput, lines: BatchInstruction[], previous?: ChunkHeartbeat): Promise<string | 'unanswered'> {
    let batchId = previous?.batchId;
    let submittedAt = previous?.submittedAt ? new Date(previous.submittedAt) : undefined;
    if (!batchId) {
      submittedAt = new Date();
      batchId = (await this.bank.submit(lines)).batchId;
      heartbeat({ afterId: input.afterId, batchId, submittedAt: submittedAt.toISOString() } satisfies ChunkHeartbeat);
    }
    try {
      await this.bank.awaitCompletion(batchId, {
        submittedAt,
        deadlineMs: input.batchDeadlineMs,
        onPoll: () => heartbeat({ afterId: input.afterId, batchId, submittedAt: submittedAt?.toISOString() } satisfies ChunkHeartbeat),
        signal: Context.current().cancellationSignal,
      });
      return batchId;
    } catch (error) {
      if (error instanceof BatchNotAnswered || error instanceof BatchUnknownAtBank || error instanceof PaymentOutcomeUnknown) {
        this.logger.warn({ event: 'payment-cycle.batch-unanswered', term: input.term, countyCode: input.countyCode, batchId, lines: lines.length, reason: error.message }, 'batch unanswered: its lines go to the next round');
        return 'unanswered';
      }
      throw error;
    }
  }

  async recordFailureTasks(input: { term: string; ledgerIds: string[] }): Promise<void> {
    await this.ledger.markFailureTasksMade(input.term, input.ledgerIds);
  }

  /**
   * A county's state. Its counts are recounted from the ledger as it ends (done, cancelled) and as a
   * new round starts, so what batches added (PaymentCyclesRepository.addCounts) is made exact where
   * it matters: the run's unsettled rows are summed from the counties' last counts. A county's first
   * 'running' needs no recount: the claim has just counted it (addCounties).
   */
  async setCycleCountyState(input: CycleCountyStateInput): Promise<void> {
    const run = input.run ?? 1;
    await this.cycles.setCountyState(input.term, run, input.countyCode, input.state, input.round);
    if (input.state !== 'running' || (input.round ?? 1) > 1) {
      await this.cycles.saveCounts(input.term, run, input.countyCode, await this.ledger.cycleCounts(input.term, input.countyCode, run), false);
    }
  }

  async setPaymentCycleState(input: { term: string; run?: number; state: PaymentCycleState }): Promise<void> {
    await this.cycles.setState(input.term, input.run ?? 1, input.state);
  }

  async openPaymentRepairs(input: { term: string; failures: CyclePaymentFailure[] }): Promise<void> {
    for (const failure of input.failures) await this.startRepair({ term: input.term, failure, cause: 'failed' });
  }

  /**
   * Reads the bank's returns feed on from the position saved: each returned payment's row goes
   * paid → returned and gets a repair workflow (a bank-details task); then the position moves on.
   * A retry re-reads from the saved position: rows already returned start no second repair.
   */
  async readBankReturns(input: { term: string }): Promise<{ returned: number }> {
    let after = await this.cycles.returnsPosition(RETURNS_FEED);
    let returned = 0;
    for (;;) {
      const page = await this.bank.returns(after, RETURNS_PAGE);
      if (page.returns.length === 0) break;
      const rows = await this.ledger.markReturnedByKeys(page.returns.map((r) => ({ key: r.idempotencyKey, code: r.code, returnedAt: r.returnedAt })));
      for (const row of rows) await this.startRepair({ term: input.term, failure: failureOf(row), cause: 'returned' });
      returned += rows.length;
      await this.cycles.saveReturnsPosition(RETURNS_FEED, page.next);
      heartbeat({ after: page.next });
      if (page.next <= after) break;
      after = page.next;
    }
    if (returned > 0) this.logger.log({ event: 'payment-cycle.returns-read', term: input.term, returned, position: after }, 'bank returns read');
    return { returned };
  }

  async retryCyclePayment(input: RetryCyclePaymentInput): Promise<{ retryLedgerId?: string }> {
    const retryLedgerId = await this.ledger.planNextAttempt(input.ledgerId);
    return retryLedgerId ? { retryLedgerId } : {};
  }

  async startPaymentCycleRun(input: { term: string; requestedBy: string }): Promise<{ workflowId?: string; run?: number; skipped?: string }> {
    try {
      const started = await this.service.startRun(input.term, input.requestedBy, {});
      return { workflowId: started.workflowId, run: started.run };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'payment-cycle.already-running') return { skipped: error.message };
      throw error;
    }
  }

  /** One repair workflow per ledger row (its id is the row's): a second start for the row is a no-op. */
  private async startRepair(input: PaymentRepairInput): Promise<void> {
    try {
      await this.temporal.workflow.start(PAYMENT_REPAIR_WORKFLOW, {
        workflowId: paymentRepairWorkflowId(input.failure.ledgerId),
        taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

/** What a failed or returned row's repair task needs. */
function failureOf(f: FailureFacts): CyclePaymentFailure {
  return {
    ledgerId: f.id,
    idempotencyKey: f.idempotency_key,
    applicationId: f.workflow_id,
    studentId: f.student_id,
    villageCode: f.village_code,
    ...(f.school_code ? { schoolCode: f.school_code } : {}),
    ...(f.submitted_by ? { submittedBy: f.submitted_by } : {}),
    scheme: f.scheme,
    amountFen: Number(f.amount_fen),
    code: f.failure_code,
  };
}
