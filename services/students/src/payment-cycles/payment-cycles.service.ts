import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  CANCEL_PAYMENT_CYCLE_UPDATE,
  Caller,
  DEFAULT_PAYMENT_CYCLE_SETTINGS,
  FINISHED_CYCLE_STATES,
  PAUSE_PAYMENT_CYCLE_UPDATE,
  PAYMENT_CYCLE_WORKFLOW,
  PaymentCycleControlAck,
  PaymentCycleInput,
  RESUME_PAYMENT_CYCLE_UPDATE,
  isTerm,
  paymentCycleWorkflowId,
} from '@eduaid/contracts';
import { standardsByVersion } from '@eduaid/policy';
import { DomainError, SERVICE_CONFIG, ServiceConfig, WorkflowStarter, assertProvinceWide, csvDocument } from '@eduaid/platform';
import { PaymentsRepository } from '../payments/payments.repository';
import { PaymentCycleControlDto, PaymentCycleCountyDto, PaymentCycleDto, PaymentCycleReportDto, PaymentCycleRunsDto, PaymentCycleTotalDto, StartPaymentCycleDto } from './dto/payment-cycle.dto';
import { PaymentCycleRow, PaymentCyclesRepository } from './payment-cycles.repository';

export type CycleControl = 'pause' | 'resume' | 'cancel';
const UPDATES: Record<CycleControl, string> = { pause: PAUSE_PAYMENT_CYCLE_UPDATE, resume: RESUME_PAYMENT_CYCLE_UPDATE, cancel: CANCEL_PAYMENT_CYCLE_UPDATE };

const TOTALS_HEADER = ['countyCode', 'stage', 'scheme', 'fund', 'status', 'payments', 'amountFen'];
const FAILURES_HEADER = ['ledgerId', 'idempotencyKey', 'applicationId', 'studentId', 'countyCode', 'stage', 'scheme', 'amountFen', 'code', 'reason'];

/**
 * Semester cycles: a term's cycle runs as numbered runs, one at a time (each a Temporal workflow
 * whose id is the term and run, so a second start of a run is refused): start the next run, read
 * a run's durable row, pause, resume or cancel the open run at the next batch boundary, and report
 * what a run paid when it has ended.
 */
@Injectable()
export class PaymentCyclesService {
  constructor(
    private readonly cycles: PaymentCyclesRepository,
    private readonly ledger: PaymentsRepository,
    private readonly workflows: WorkflowStarter,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async start(caller: Caller, body: StartPaymentCycleDto): Promise<PaymentCycleControlDto> {
    assertProvinceWide(caller, 'A payment cycle');
    const started = await this.startRun(this.term(body.term), caller.userId, body);
    return { workflowId: started.workflowId, state: 'selecting', run: started.run };
  }

  /**
   * Starts the term's next run (the API, and the Schedule through an activity): refused with 409
   * while a run of the term is open. The run's row is written first: the partial unique index on
   * open runs lets one of two racing starts win; a start that then fails removes its row.
   */
  async startRun(term: string, startedBy: string, body: Partial<Pick<StartPaymentCycleDto, 'chunkSize' | 'concurrency' | 'maxRounds'>>): Promise<{ workflowId: string; run: number }> {
    const latest = await this.cycles.find(term);
    const running = () => new DomainError('payment-cycle.already-running', 'conflict', `Run ${latest?.run ?? ''} of the payment cycle for ${term} is still ${latest?.state ?? 'open'}: a new run may start when it has ended.`);
    if (latest && !FINISHED_CYCLE_STATES.includes(latest.state)) throw running();
    const run = (latest?.run ?? 0) + 1;
    const workflowId = paymentCycleWorkflowId(term, run);
    if (!(await this.cycles.create(term, run, workflowId, startedBy))) throw running();
    const batchDeadlineMs = this.config.bankBatch.deadlineMs;
    const input: PaymentCycleInput = {
      term,
      ...(run > 1 ? { run } : {}),
      startedBy,
      settings: {
        ...DEFAULT_PAYMENT_CYCLE_SETTINGS,
        ...(body.chunkSize ? { chunkSize: body.chunkSize } : {}),
        ...(body.concurrency ? { concurrency: body.concurrency } : {}),
        ...(body.maxRounds ? { maxRounds: body.maxRounds } : {}),
        batchDeadlineMs,
        roundBackoffMs: Math.min(DEFAULT_PAYMENT_CYCLE_SETTINGS.roundBackoffMs, batchDeadlineMs),
      },
    };
    // REJECT_DUPLICATE: a run is started once (409 by the exception filter); a follow-up is the next run.
    await this.workflows.startOnceOrUndo(PAYMENT_CYCLE_WORKFLOW, { workflowId, args: [input] }, () => this.cycles.forget(term, run));
    return { workflowId, run };
  }

  /** Every run of the term, first to last, each with its state and totals within your jurisdiction. */
  async runs(caller: Caller, rawTerm: string): Promise<PaymentCycleRunsDto> {
    const term = this.term(rawTerm);
    const rows = await this.cycles.runs(term);
    if (rows.length === 0) throw new DomainError('payment-cycle.not-found', 'not-found', `No payment cycle has been started for ${term}.`);
    const runs = [];
    for (const row of rows) {
      const { counties: _counties, ...run } = await this.showRow(caller, row);
      runs.push(run);
    }
    return { term, runs };
  }

  async show(caller: Caller, rawTerm: string, run?: number): Promise<PaymentCycleDto> {
    return this.showRow(caller, await this.row(rawTerm, run));
  }

  private async showRow(caller: Caller, row: PaymentCycleRow): Promise<PaymentCycleDto> {
    const counties = (await this.cycles.counties(row.term, row.run, this.prefixOf(caller))).map(
      (c): PaymentCycleCountyDto => ({
        countyCode: c.county_code,
        state: c.state,
        due: c.due,
        dueFen: Number(c.due_fen),
        planned: c.planned,
        sending: c.sending,
        sent: c.sending + c.paid + c.failed,
        paid: c.paid,
        paidFen: Number(c.paid_fen),
        failed: c.failed,
        failedFen: Number(c.failed_fen),
        cancelled: c.cancelled,
        batches: c.batches,
        rounds: c.rounds,
      }),
    );
    const sum = (f: (c: PaymentCycleCountyDto) => number) => counties.reduce((a, c) => a + f(c), 0);
    const totals = {
      due: sum((c) => c.due), dueFen: sum((c) => c.dueFen), planned: sum((c) => c.planned), sending: sum((c) => c.sending), sent: sum((c) => c.sent),
      paid: sum((c) => c.paid), paidFen: sum((c) => c.paidFen), failed: sum((c) => c.failed), failedFen: sum((c) => c.failedFen), cancelled: sum((c) => c.cancelled), batches: sum((c) => c.batches),
    };
    const finished = FINISHED_CYCLE_STATES.includes(row.state);
    const elapsedSeconds = Math.max(0.001, ((row.finished_at ?? new Date()).getTime() - row.started_at.getTime()) / 1000);
    const settled = totals.paid + totals.failed;
    const ratePerSecond = Math.round((settled / elapsedSeconds) * 100) / 100;
    const left = totals.planned + totals.sending;
    return {
      term: row.term,
      run: row.run,
      workflowId: row.workflow_id,
      state: row.state,
      startedBy: row.started_by,
      startedAt: row.started_at.toISOString(),
      ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      totals,
      ratePerSecond,
      ...(!finished && settled > 0 ? { secondsLeft: Math.ceil(left / (settled / elapsedSeconds)) } : {}),
      ...(row.handed_to ? { unsettledHandedToRun: row.handed_to } : {}),
      counties,
    };
  }

  /** Pause, resume or cancel the term's latest run (the only one that can be open). */
  async control(caller: Caller, rawTerm: string, action: CycleControl): Promise<PaymentCycleControlDto> {
    assertProvinceWide(caller, 'A payment cycle');
    const row = await this.row(rawTerm);
    if (FINISHED_CYCLE_STATES.includes(row.state)) throw new DomainError('payment-cycle.finished', 'conflict', `The payment cycle for ${row.term} has ended (${row.state}).`);
    try {
      const ack = await this.workflows.handle(row.workflow_id).executeUpdate<PaymentCycleControlAck, [{ by: string }]>(UPDATES[action], { args: [{ by: caller.userId }] });
      return { workflowId: row.workflow_id, state: ack.state, run: row.run };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new DomainError('payment-cycle.not-now', 'conflict', error.cause?.message ?? `The cycle cannot ${action} now.`);
      }
      if (error instanceof WorkflowNotFoundError || (error as Error).message?.includes('workflow execution already completed')) {
        throw new DomainError('payment-cycle.finished', 'conflict', `The payment cycle for ${row.term} has ended.`);
      }
      throw error;
    }
  }

  /** A run's report (without a run number, the latest run's). */
  async report(caller: Caller, rawTerm: string, run?: number): Promise<PaymentCycleReportDto> {
    const row = await this.row(rawTerm, run);
    if (!FINISHED_CYCLE_STATES.includes(row.state)) {
      throw new DomainError('payment-cycle.not-finished', 'conflict', `Run ${row.run} of the payment cycle for ${row.term} is still ${row.state}; its report is made when it ends (GET /payment-cycles/${row.term} shows its progress).`);
    }
    const prefix = this.prefixOf(caller);
    const totals = (await this.ledger.cycleTotals(row.term, row.run))
      .filter((t) => t.county_code.startsWith(prefix))
      .map((t): PaymentCycleTotalDto => {
        const fund = standardsByVersion(t.standards_version)?.rules.find((r) => r.id === t.rule_id)?.fund;
        return { countyCode: t.county_code, ...(t.stage ? { stage: t.stage } : {}), scheme: t.scheme, ...(fund ? { fund } : {}), status: t.status, payments: Number(t.payments), amountFen: Number(t.amount_fen) };
      });
    // Rules differ, funds may not: fold rows that now share a key.
    const folded = new Map<string, PaymentCycleTotalDto>();
    for (const t of totals) {
      const key = [t.countyCode, t.stage, t.scheme, t.fund, t.status].join('|');
      const seen = folded.get(key);
      if (seen) { seen.payments += t.payments; seen.amountFen += t.amountFen; } else folded.set(key, { ...t });
    }
    const failures = (await this.ledger.cycleFailures(row.term, row.run))
      .filter((f) => f.county_code.startsWith(prefix))
      .map((f) => ({
        ledgerId: f.id, idempotencyKey: f.idempotency_key, applicationId: f.workflow_id, studentId: f.student_id, countyCode: f.county_code,
        ...(f.stage ? { stage: f.stage } : {}), scheme: f.scheme, amountFen: Number(f.amount_fen), code: f.failure_code ?? 'failed', ...(f.failure_reason ? { reason: f.failure_reason } : {}),
      }));
    const of = (status?: string) => totals.filter((t) => !status || t.status === status);
    const count = (list: PaymentCycleTotalDto[]) => list.reduce((a, t) => a + t.payments, 0);
    const fen = (list: PaymentCycleTotalDto[]) => list.reduce((a, t) => a + t.amountFen, 0);
    const unpaid = [...of('planned'), ...of('sending')];
    return {
      term: row.term,
      run: row.run,
      state: row.state,
      ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      summary: { payments: count(of()), amountFen: fen(of()), paid: count(of('paid')), paidFen: fen(of('paid')), failed: count(of('failed')), failedFen: fen(of('failed')), returned: count(of('returned')), returnedFen: fen(of('returned')), unpaid: count(unpaid), unpaidFen: fen(unpaid) },
      totals: [...folded.values()],
      failures,
    };
  }

  /** The report as CSV: the totals, a blank line, then the failures (each part with its own header). */
  reportCsv(report: PaymentCycleReportDto): string {
    return (
      csvDocument(TOTALS_HEADER, report.totals.map((t) => [t.countyCode, t.stage, t.scheme, t.fund, t.status, t.payments, t.amountFen])) +
      '\r\n' +
      csvDocument(FAILURES_HEADER, report.failures.map((f) => [f.ledgerId, f.idempotencyKey, f.applicationId, f.studentId, f.countyCode, f.stage, f.scheme, f.amountFen, f.code, f.reason]))
    );
  }

  private term(raw: string): string {
    if (!isTerm(raw)) {
      throw new DomainError('payment-cycle.bad-term', 'invalid', 'The term must be an academic year and a semester.', [{ field: 'term', message: "term must look like '2026-2027:S1' (two consecutive years, S1 or S2)" }]);
    }
    return raw;
  }

  private async row(rawTerm: string, run?: number): Promise<PaymentCycleRow> {
    const term = this.term(rawTerm);
    const row = await this.cycles.find(term, run);
    if (!row) throw new DomainError('payment-cycle.not-found', 'not-found', run ? `The payment cycle for ${term} has no run ${run}.` : `No payment cycle has been started for ${term}.`);
    return row;
  }

  /** Counties are read within the caller's jurisdiction: a county's code starts with its prefecture's and province's. */
  private prefixOf(caller: Caller): string {
    return caller.scope.code;
  }
}
