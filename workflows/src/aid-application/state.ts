import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type {
  AidApplicationInput,
  AidApplicationResult,
  AidApplicationState,
  AidApplicationStatus,
  AidEligibilityFacts,
  AidStepHolder,
  AppealRequest,
  ChangeNotice,
  WithdrawRequest,
} from '@eduaid/contracts';
import type { Entitlement } from '@eduaid/policy';
import type { PendingTask } from '../human-task';
import type { AidUpdateAck } from './messages';
import { Assessment, linesView } from './assessment';

/** States in which the application is still being decided (withdrawal is possible). */
const OPEN_STATES: AidApplicationState[] = ['checking', 'in-review', 'more-information-requested', 'rejected', 'in-appeal'];

/**
 * One application's state and the operations on it: what the messages change (a withdrawal, an
 * appeal, a reported change) and what the phases record (state, open step, timeline, entitlement).
 * No I/O here: the workflow's phases do the activities.
 */
export class AidApplication {
  readonly status: AidApplicationStatus;
  entitlement?: Entitlement;
  stage?: string;
  withdrawal?: WithdrawRequest;
  appeal?: AppealRequest;
  /** Who holds the open step (for the durable record). */
  holder?: AidStepHolder;
  /** Four eyes: the decider of the previous approval step (or of the rejection an appeal answers). */
  previousDecider?: string;
  readonly paidSemesters: string[] = [];
  private readonly changes: ChangeNotice[] = [];

  constructor(
    readonly input: AidApplicationInput,
    readonly id: string,
  ) {
    this.status = {
      applicationId: id,
      studentId: input.studentId,
      academicYear: input.academicYear,
      state: 'checking',
      entitlement: [],
      cashFen: 0,
      needsHigherSignOff: false,
      appealed: false,
      reasons: [],
      timeline: [],
    };
  }

  // ——— what the messages do ———

  validateWithdrawal(request: WithdrawRequest): void {
    if (!OPEN_STATES.includes(this.status.state) || this.withdrawal) throw ApplicationFailure.nonRetryable(`The application is ${this.status.state}; it can no longer be withdrawn.`, 'NotWithdrawable');
    if (request.by !== this.input.submittedBy) throw ApplicationFailure.nonRetryable('Only the submitter may withdraw the application.', 'NotSubmitter');
    if (!request.reason?.trim()) throw ApplicationFailure.nonRetryable('A withdrawal needs a reason.', 'ReasonRequired');
  }

  withdraw(request: WithdrawRequest): AidUpdateAck {
    this.withdrawal = request;
    return { accepted: true, state: this.status.state };
  }

  validateAppeal(request: AppealRequest): void {
    if (this.status.appealed || this.appeal) throw ApplicationFailure.nonRetryable('The application has already been appealed once.', 'AlreadyAppealed');
    if (this.status.state !== 'rejected') throw ApplicationFailure.nonRetryable(`Only a rejected application can be appealed; this one is ${this.status.state}.`, 'NotAppealable');
    if (this.status.appealDeadline && Date.now() > Date.parse(this.status.appealDeadline)) throw ApplicationFailure.nonRetryable('The appeal window has closed.', 'AppealWindowClosed');
    if (!request.reason?.trim()) throw ApplicationFailure.nonRetryable('An appeal needs a reason.', 'ReasonRequired');
  }

  lodgeAppeal(request: AppealRequest): AidUpdateAck {
    this.appeal = request;
    return { accepted: true, state: this.status.state };
  }

  reportChange(change: ChangeNotice): void {
    this.changes.push(change);
  }

  get changeReported(): boolean {
    return this.changes.length > 0;
  }

  /** Why an open step must stop now, if it must: the submitter withdrew, or the facts changed. */
  interruption(): string | undefined {
    if (this.withdrawal) return `withdrawn: ${this.withdrawal.reason}`;
    if (this.changes.length > 0) return `facts changed: ${this.changes.map((c) => c.kind).join(', ')}`;
    return undefined;
  }

  /** The changes reported so far, each noted in the timeline; they are handled once taken. */
  takeChanges(): ChangeNotice[] {
    const taken = this.changes.splice(0, this.changes.length);
    for (const c of taken) this.note('change', c.kind, c.reportedBy, c.reason);
    return taken;
  }

  // ——— what the phases record ———

  note(step: string, action: string, actor: string, comment?: string): void {
    this.status.timeline.push({ at: new Date(Date.now()).toISOString(), step, action, actor, ...(comment ? { comment } : {}) });
  }

  enter(state: AidApplicationState): void {
    this.status.state = state;
    if (!OPEN_STATES.includes(state) || state === 'rejected') {
      this.status.currentStep = undefined;
      this.status.heldBy = undefined;
      this.status.dueAt = undefined;
    }
    if (this.input.settings.searchAttributes) {
      upsertSearchAttributes({ EduaidStatus: [state], EduaidCounty: [this.input.countyCode], ...(this.stage ? { EduaidStage: [this.stage] } : {}) });
    }
  }

  openStep(step: string, heldBy: string, dueInMs: number, holder: AidStepHolder): void {
    this.status.currentStep = step;
    this.status.heldBy = heldBy;
    this.status.dueAt = new Date(Date.now() + dueInMs).toISOString();
    this.holder = holder;
  }

  /** Takes an assessment: the reasons, and the entitlement when eligible (pinned to its standards version). */
  adopt(facts: AidEligibilityFacts, assessment: Assessment): boolean {
    if (facts.found && facts.stage && facts.grade !== undefined && facts.householdStatus) this.stage = facts.stage;
    this.status.reasons = assessment.reasons;
    if (!assessment.eligible) return false;
    const e = assessment.entitlement;
    this.entitlement = e;
    this.status.standardsVersion = e.standardsVersion;
    this.status.entitlement = linesView(e);
    this.status.cashFen = e.cashFen;
    this.status.needsHigherSignOff = e.needsHigherSignOff;
    return true;
  }

  view(openTask: PendingTask | undefined): AidApplicationStatus {
    return { ...this.status, pendingTaskId: this.status.currentStep && openTask ? openTask.taskId : undefined };
  }

  result(): AidApplicationResult {
    return { state: this.status.state, reasons: this.status.reasons, standardsVersion: this.status.standardsVersion, paidSemesters: this.paidSemesters };
  }
}
