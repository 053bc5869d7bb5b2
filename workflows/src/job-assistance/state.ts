import { ApplicationFailure } from '@temporalio/workflow';
import {
  CASE_NOTES,
  AssessmentRequest,
  CarriedCase,
  CaseEvent,
  CaseUpdateAck,
  CheckInRequest,
  ClaimOutcomeRequest,
  JobAssistanceInput,
  JobCaseStatus,
  JobLostRequest,
  MentorsChange,
  Outcome,
  PlanRequest,
} from '@eduaid/contracts';

const DAY = 86_400_000;
/** Events kept in the workflow's live view (the full log is the mentoring schema's). */
const RECENT = 20;

/**
 * A job-assistance case's state and the operations on it. Handlers validate with the small guards
 * here (pure, no history) and change state; the workflow body reads the state and writes the record.
 */
export class JobCase {
  readonly data: CarriedCase;
  /** Events recorded by handlers, written to the mentoring schema by the workflow body in order. */
  readonly outbox: CaseEvent[] = [];

  constructor(private readonly input: JobAssistanceInput) {
    this.data = input.carried
      ? { ...input.carried, runs: input.carried.runs + 1, recent: [...input.carried.recent] }
      : {
          phase: 'intake',
          seq: 0,
          mentorUserIds: [...input.mentorUserIds],
          leadMentorUserId: input.leadMentorUserId,
          cadenceDays: input.settings.cadenceDays,
          checkIns: 0,
          missed: 0,
          periods: 0,
          followUpsDone: 0,
          reopened: 0,
          runs: 1,
          recent: [],
        };
  }

  get cadenceMs(): number {
    return this.data.cadenceDays * DAY;
  }

  log(by: string, kind: string, note?: string): CaseEvent {
    const event: CaseEvent = { at: new Date(Date.now()).toISOString(), by, kind, ...(note ? { note } : {}) };
    this.data.recent.push(event);
    if (this.data.recent.length > RECENT) this.data.recent.splice(0, this.data.recent.length - RECENT);
    this.outbox.push(event);
    return event;
  }

  private ack(): CaseUpdateAck {
    return { accepted: true, phase: this.data.phase, ...(this.data.nextDueAt ? { nextDueAt: new Date(this.data.nextDueAt).toISOString() } : {}) };
  }

  private refuse(message: string, type: string): never {
    throw ApplicationFailure.nonRetryable(message, type);
  }

  private isMentor(by: string): boolean {
    return this.data.mentorUserIds.includes(by);
  }

  // ——— validators: small pure guards ———

  validateAssessment(request: AssessmentRequest): void {
    if (this.data.phase !== 'assessment') this.refuse(`The case is in ${this.data.phase}, not waiting for a needs assessment.`, 'WrongPhase');
    if (!this.isMentor(request.by)) this.refuse(`${request.by} is not a mentor of this case.`, 'NotYourCase');
  }

  validatePlan(request: PlanRequest): void {
    if (this.data.phase !== 'planning') this.refuse(`The case is in ${this.data.phase}, not waiting for a plan.`, 'WrongPhase');
    if (!this.isMentor(request.by)) this.refuse(`${request.by} is not a mentor of this case.`, 'NotYourCase');
  }

  validateCheckIn(request: CheckInRequest): void {
    if (this.data.phase !== 'check-ins' && this.data.phase !== 'follow-up') this.refuse(`The case is in ${this.data.phase}: no check-in is due.`, 'WrongPhase');
    if (request.role === 'mentor' && !this.isMentor(request.by)) this.refuse(`${request.by} is not a mentor of this case.`, 'NotYourCase');
  }

  validateClaim(request: ClaimOutcomeRequest): void {
    if (this.data.phase !== 'check-ins') this.refuse(`The case is in ${this.data.phase}: an outcome can be claimed during check-ins only.`, 'WrongPhase');
    if (this.data.claim) this.refuse('An outcome claim is already waiting for verification.', 'ClaimPending');
    if (request.role === 'mentor' && !this.isMentor(request.by)) this.refuse(`${request.by} is not a mentor of this case.`, 'NotYourCase');
  }

  validateJobLost(_request: JobLostRequest): void {
    if (this.data.phase !== 'follow-up') this.refuse(`The case is in ${this.data.phase}: only a placement being followed up can be reported lost.`, 'WrongPhase');
  }

  // ——— handlers: one change each ———

  recordAssessment(request: AssessmentRequest): CaseUpdateAck {
    this.data.needs = request.needs;
    this.data.phase = 'planning';
    this.log(request.by, 'needs-assessed', request.needs);
    return this.ack();
  }

  recordPlan(request: PlanRequest): CaseUpdateAck {
    this.data.plan = request.plan;
    if (request.cadenceDays) this.data.cadenceDays = request.cadenceDays;
    this.data.phase = 'check-ins';
    this.data.nextDueAt = Date.now() + this.cadenceMs;
    this.log(request.by, 'plan-agreed', CASE_NOTES.planAgreed(request.plan, this.data.cadenceDays));
    return this.ack();
  }

  confirmCheckIn(request: CheckInRequest): CaseUpdateAck {
    const now = Date.now();
    this.data.checkIns += 1;
    this.data.lastCheckInAt = now;
    if (this.data.phase === 'check-ins') this.data.nextDueAt = now + this.cadenceMs;
    this.log(request.by, this.data.phase === 'follow-up' ? 'follow-up-check-in' : 'check-in', request.note);
    return this.ack();
  }

  claimOutcome(request: ClaimOutcomeRequest): CaseUpdateAck {
    this.data.claim = { outcome: request.outcome, by: request.by, role: request.role, employer: request.employer, note: request.note, at: Date.now() };
    this.data.phase = 'verifying';
    this.log(request.by, 'outcome-claimed', CASE_NOTES.outcomeClaimed(request.outcome, request.employer, request.note));
    return this.ack();
  }

  reportJobLost(request: JobLostRequest): CaseUpdateAck {
    this.reopen(request.by, request.note);
    return this.ack();
  }

  changeMentors(change: MentorsChange): void {
    this.data.mentorUserIds = [...change.mentorUserIds];
    this.data.leadMentorUserId = change.leadMentorUserId;
    this.log(change.by, 'mentors-changed', CASE_NOTES.mentorsChanged(change.mentorUserIds, change.leadMentorUserId, change.reason));
  }

  // ——— transitions the body makes ———

  startAssessment(by: string): void {
    this.data.phase = 'assessment';
    this.log(by, 'opened');
  }

  /** The check-in period closed without a check-in. */
  missedPeriod(): void {
    this.data.missed += 1;
    this.log('system', 'check-in-missed', CASE_NOTES.checkInMissed(this.data.nextDueAt ?? Date.now()));
  }

  /** The next period starts now (after a check-in, or after a missed one was dealt with). */
  nextPeriod(): void {
    this.data.periods += 1;
    if (this.data.nextDueAt === undefined || this.data.nextDueAt <= Date.now()) this.data.nextDueAt = Date.now() + this.cadenceMs;
  }

  verified(by: string, outcome: Outcome): void {
    this.data.outcome = outcome;
    this.data.claim = undefined;
    this.data.placedAt = Date.now();
    this.data.followUpsDone = 0;
    this.data.nextDueAt = undefined;
    this.data.phase = 'follow-up';
    this.log(by, 'outcome-verified', outcome);
    // Not placed: nothing to follow up; the case closes with that outcome.
    if (outcome === 'not-yet-placed') this.close();
  }

  claimRefused(by: string, reason?: string): void {
    this.data.claim = undefined;
    this.data.phase = 'check-ins';
    this.data.nextDueAt = Date.now() + this.cadenceMs;
    this.log(by, 'outcome-refused', reason);
  }

  followUpDone(): void {
    this.data.followUpsDone += 1;
    this.log('system', 'follow-up', CASE_NOTES.followUp(this.data.followUpsDone, this.data.outcome));
  }

  reopen(by: string, note?: string): void {
    this.data.reopened += 1;
    this.data.outcome = undefined;
    this.data.placedAt = undefined;
    this.data.phase = 'check-ins';
    this.data.nextDueAt = Date.now() + this.cadenceMs;
    this.log(by, 'reopened', note ?? CASE_NOTES.jobLost);
  }

  close(): void {
    this.data.phase = 'closed';
    this.data.nextDueAt = undefined;
    this.log('system', 'closed', this.data.outcome);
  }

  view(openTask?: { taskId: string; step: string; dueAt: string }): JobCaseStatus {
    const d = this.data;
    return {
      graduateId: this.input.graduateId,
      phase: d.phase,
      mentorUserIds: d.mentorUserIds,
      leadMentorUserId: d.leadMentorUserId,
      cadenceDays: d.cadenceDays,
      checkIns: d.checkIns,
      missed: d.missed,
      ...(d.nextDueAt ? { nextDueAt: new Date(d.nextDueAt).toISOString() } : {}),
      ...(d.outcome ? { outcome: d.outcome } : {}),
      ...(d.claim ? { claim: { ...d.claim, at: new Date(d.claim.at).toISOString() } } : {}),
      reopened: d.reopened,
      runs: d.runs,
      ...(openTask ? { openTask } : {}),
      recent: d.recent,
    };
  }
}
