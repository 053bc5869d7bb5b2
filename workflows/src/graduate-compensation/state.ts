import { ApplicationFailure } from '@temporalio/workflow';
import type {
  CommitmentEndedAck,
  CommitmentEndedRequest,
  CompensationInstalmentView,
  CompensationState,
  CompensationStatus,
  GraduateCompensationInput,
  LedgerRowView,
  TimelineEntry,
} from '@eduaid/contracts';
import type { CompensationAward } from '@eduaid/policy';

const OPEN: readonly CompensationState[] = ['verifying', 'in-review', 'approved'];

/**
 * One graduate's compensation: its state and the operations on it. The Update's validator is a small
 * pure guard; handlers only change state; the workflow body reads it and writes the record.
 */
export class Compensation {
  state: CompensationState = 'verifying';
  step?: { name: string; taskId?: string; dueAt?: string; heldBy: string };
  award?: CompensationAward;
  instalments: CompensationInstalmentView[] = [];
  reasons: string[] = [];
  timeline: TimelineEntry[] = [];
  ended?: CommitmentEndedRequest;
  endedEarly?: CompensationStatus['endedEarly'];
  /** The decider of the last step, kept out of the next (four eyes). */
  previousDecider?: string;

  constructor(readonly input: GraduateCompensationInput) {}

  note(step: string, action: string, actor: string, comment?: string): void {
    this.timeline.push({ at: new Date(Date.now()).toISOString(), step, action, actor, ...(comment ? { comment } : {}) });
  }

  // ——— the Update: the commitment ended early ———

  validateEnd(r: CommitmentEndedRequest): void {
    if (!OPEN.includes(this.state)) throw ApplicationFailure.nonRetryable(`The compensation is ${this.state}: nothing left to stop.`, 'CompensationClosed');
    if (this.ended) throw ApplicationFailure.nonRetryable(`An early end was already reported on ${this.ended.endedOn}.`, 'AlreadyEnded');
    if (r.endedOn < this.input.evidence.startDate) throw ApplicationFailure.nonRetryable(`The commitment cannot end (${r.endedOn}) before it started (${this.input.evidence.startDate}).`, 'EndBeforeStart');
  }

  end(r: CommitmentEndedRequest): CommitmentEndedAck {
    this.ended = r;
    return { accepted: true, state: this.state };
  }

  /** Interrupts an open step once an end is reported. */
  interruption(): string | undefined {
    return this.ended ? `commitment ended on ${this.ended.endedOn}: ${this.ended.reason}` : undefined;
  }

  // ——— transitions the body makes ———

  openStep(name: string, heldBy: string, taskId?: string, dueAt?: string): void {
    this.step = { name, heldBy, ...(taskId ? { taskId } : {}), ...(dueAt ? { dueAt } : {}) };
  }

  closeStep(): void {
    this.step = undefined;
  }

  planned(award: CompensationAward): void {
    this.award = award;
    this.instalments = award.instalments.map((i) => ({ ...i, status: 'planned' as const }));
    this.state = 'approved';
  }

  /** After the ledger's unpaid rows were cancelled: which instalments were kept (paid or being paid) and which cancelled. */
  stopped(rows: LedgerRowView[], cancelled: number): void {
    const statusOf = (i: CompensationInstalmentView) => rows.find((r) => r.semester === i.semester && r.scheme === i.scheme)?.status;
    this.instalments = this.instalments.map((i) => ({ ...i, status: statusOf(i) === 'cancelled' ? ('cancelled' as const) : ('kept' as const) }));
    const e = this.ended as CommitmentEndedRequest;
    this.endedEarly = { endedOn: e.endedOn, reason: e.reason, reportedBy: e.by, cancelled };
    this.state = 'stopped';
  }

  view(openTask?: { taskId: string; step: string; dueAt: string }): CompensationStatus {
    const a = this.award;
    return {
      state: this.state,
      ...(this.step ? { step: this.step.name, heldBy: this.step.heldBy } : {}),
      ...(openTask ? { taskId: openTask.taskId, dueAt: openTask.dueAt } : this.step?.taskId ? { taskId: this.step.taskId, dueAt: this.step.dueAt } : {}),
      ...(a ? { policyVersion: a.version } : {}),
      lines: a ? a.lines.map((l) => ({ ...l })) : [],
      totalFen: a?.totalFen ?? 0,
      needsHigherSignOff: a?.needsHigherSignOff ?? false,
      instalments: this.instalments.map((i) => ({ ...i })),
      ...(this.endedEarly ? { endedEarly: { ...this.endedEarly } } : {}),
      reasons: [...this.reasons],
      timeline: this.timeline.map((t) => ({ ...t })),
    };
  }
}
