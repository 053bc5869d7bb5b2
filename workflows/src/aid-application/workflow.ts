import { ApplicationFailure, CancellationScope, condition, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  AID_DURABLE_RECORD_PATCH,
  APPROVAL_LEVELS,
  AidApplicationInput,
  AidApplicationResult,
  AidApplicationState,
  AidApplicationStatus,
  AidStepHolder,
  AidTransitionResult,
  AppealRequest,
  ApprovalLevel,
  CancelPaymentsInput,
  CaseworkActivities,
  ChangeNotice,
  PlanPaymentsInput,
  Role,
  StudentsAidActivities,
  TaskDecision,
  TaskPlace,
  WithdrawRequest,
  activityTaskQueue,
} from '@eduaid/contracts';
import { Entitlement, calculateEntitlement } from '@eduaid/policy';
import { HumanTasks } from '../human-task';
import { aidStatusQuery, appealUpdate, changeSignal, withdrawUpdate } from './messages';

interface ChainStep {
  step: string;
  level: ApprovalLevel;
  stepIndex: number;
}

/** Index of the info request a 'return' opens (apart from the chain, so four eyes leaves the caseworker free). */
const INFO_STEP_INDEX = 50;
const APPEAL_STEP_INDEX = 60;
const OPEN_STATES: AidApplicationState[] = ['checking', 'in-review', 'more-information-requested', 'rejected', 'in-appeal'];

class Interrupted {
  constructor(readonly why: 'withdrawn' | 'changed') {}
}

/**
 * One student's aid for one academic year (workflow id `aid-application:<studentId>:<year>`):
 * eligibility from the students service, the entitlement from libs/policy (deterministic, here), the
 * approval chain as casework tasks (school check → county → prefecture when the cash passes the
 * threshold or a special fund is involved), returns for more information, withdrawal, one appeal a
 * level up, then per-semester payments planned in the ledger and paid through the bank adapter.
 * Changes reported while open are re-checked: the application is cancelled, or future payments
 * cancelled or adjusted, with the reason in the timeline.
 */
export async function aidApplicationWorkflow(input: AidApplicationInput): Promise<AidApplicationResult> {
  const info = workflowInfo();
  const workflowId = info.workflowId;
  const students = proxyActivities<StudentsAidActivities>({
    taskQueue: activityTaskQueue('students', info.taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const casework = proxyActivities<CaseworkActivities>({
    taskQueue: activityTaskQueue('casework', info.taskQueue),
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const tasks = new HumanTasks();
  const humanPending = () => (tasks as unknown as { pending?: { taskId: string; dueAt: string; decided?: TaskDecision } }).pending;
  const settings = input.settings;

  const status: AidApplicationStatus = {
    applicationId: workflowId,
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
  let entitlement: Entitlement | undefined;
  let withdrawal: WithdrawRequest | undefined;
  let appeal: AppealRequest | undefined;
  const changes: ChangeNotice[] = [];
  const paidSemesters: string[] = [];
  let stage: string | undefined;

  const now = () => new Date(Date.now()).toISOString();
  const note = (step: string, action: string, actor: string, comment?: string) => {
    status.timeline.push({ at: now(), step, action, actor, ...(comment ? { comment } : {}) });
  };
  const setState = (state: AidApplicationState) => {
    status.state = state;
    if (!OPEN_STATES.includes(state) || state === 'rejected') {
      status.currentStep = undefined;
      status.heldBy = undefined;
      status.dueAt = undefined;
    }
    if (settings.searchAttributes) {
      upsertSearchAttributes({ EduaidStatus: [state], EduaidCounty: [input.countyCode], ...(stage ? { EduaidStage: [stage] } : {}) });
    }
  };

  const statusView = (): AidApplicationStatus => {
    const p = humanPending();
    return { ...status, pendingTaskId: status.currentStep && p && !p.decided ? p.taskId : undefined };
  };
  setHandler(aidStatusQuery, statusView);

  // ——— the durable record: the students service's row, written at each transition ———
  let recordSeq = 0;
  let holder: AidStepHolder | undefined;
  /**
   * Writes the application's row (and the ledger rows the transition touches, in one transaction).
   * Only under the patch: histories recorded before it replay without these calls. Answers undefined
   * when the run is on the old path.
   */
  const record = async (ledger?: { cancel?: CancelPaymentsInput; plan?: PlanPaymentsInput }, overrides?: Partial<AidApplicationStatus>): Promise<AidTransitionResult | undefined> => {
    if (!patched(AID_DURABLE_RECORD_PATCH)) return undefined;
    recordSeq += 1;
    const { applicationId: _id, studentId: _student, academicYear: _year, ...view } = { ...statusView(), ...overrides };
    return students.recordAidTransition({
      workflowId,
      seq: recordSeq,
      studentId: input.studentId,
      academicYear: input.academicYear,
      villageCode: input.villageCode,
      countyCode: input.countyCode,
      ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}),
      submittedBy: input.submittedBy,
      ...(stage ? { stage } : {}),
      status: view,
      ...(view.currentStep && holder ? { holder } : {}),
      ...(ledger ? { ledger } : {}),
    });
  };
  /** Ledger writes of a transition: with the row under the patch, else the activities the old histories hold. */
  const ledgerStep = async (ledger: { cancel?: CancelPaymentsInput; plan?: PlanPaymentsInput }, overrides?: Partial<AidApplicationStatus>): Promise<{ planned: number; cancelled: number }> => {
    const recorded = await record(ledger, overrides);
    if (recorded) return recorded;
    const cancelled = ledger.cancel ? (await students.cancelAidPayments(ledger.cancel)).cancelled : 0;
    const planned = ledger.plan ? (await students.planAidPayments(ledger.plan)).planned : 0;
    return { planned, cancelled };
  };
  setHandler(changeSignal, (change) => void changes.push(change));
  setHandler(
    withdrawUpdate,
    (request) => {
      withdrawal = request;
      return { accepted: true, state: status.state };
    },
    {
      validator: (request) => {
        if (!OPEN_STATES.includes(status.state) || withdrawal) throw ApplicationFailure.nonRetryable(`The application is ${status.state}; it can no longer be withdrawn.`, 'NotWithdrawable');
        if (request.by !== input.submittedBy) throw ApplicationFailure.nonRetryable('Only the submitter may withdraw the application.', 'NotSubmitter');
        if (!request.reason?.trim()) throw ApplicationFailure.nonRetryable('A withdrawal needs a reason.', 'ReasonRequired');
      },
    },
  );
  setHandler(
    appealUpdate,
    (request) => {
      appeal = request;
      return { accepted: true, state: status.state };
    },
    {
      validator: (request) => {
        if (status.appealed || appeal) throw ApplicationFailure.nonRetryable('The application has already been appealed once.', 'AlreadyAppealed');
        if (status.state !== 'rejected') throw ApplicationFailure.nonRetryable(`Only a rejected application can be appealed; this one is ${status.state}.`, 'NotAppealable');
        if (status.appealDeadline && Date.now() > Date.parse(status.appealDeadline)) throw ApplicationFailure.nonRetryable('The appeal window has closed.', 'AppealWindowClosed');
        if (!request.reason?.trim()) throw ApplicationFailure.nonRetryable('An appeal needs a reason.', 'ReasonRequired');
      },
    },
  );

  const finish = async (state: AidApplicationState): Promise<AidApplicationResult> => {
    setState(state);
    await record();
    return { state, reasons: status.reasons, standardsVersion: status.standardsVersion, paidSemesters };
  };

  /** Reads the facts and computes the entitlement (pinned to the first version used). */
  const assess = async (): Promise<boolean> => {
    const facts = await students.readAidEligibility({ studentId: input.studentId, academicYear: input.academicYear, workflowId });
    const reasons = [...facts.reasons];
    let computed: Entitlement | undefined;
    if (facts.found && facts.stage && facts.grade !== undefined && facts.householdStatus) {
      stage = facts.stage;
      try {
        computed = calculateEntitlement(
          {
            academicYear: input.academicYear,
            student: { stage: facts.stage, grade: facts.grade, boarding: facts.boarding ?? false, specialHardship: facts.specialHardship ?? false },
            household: { status: facts.householdStatus, rural: facts.ruralHousehold ?? true },
            enrolmentConfirmed: facts.enrolmentConfirmed,
          },
          status.standardsVersion,
        );
        reasons.push(...computed.reasons);
        if (computed.eligible && computed.lines.length === 0) reasons.push(`no scheme applies to a ${facts.boarding ? 'boarding' : 'day'} student in ${facts.stage}`);
      } catch (error) {
        reasons.push((error as Error).message);
      }
    }
    for (const paid of facts.alreadyPaid) reasons.push(`${paid.scheme} for ${paid.semester} is already paid or planned by ${paid.workflowId}`);
    status.reasons = reasons;
    if (reasons.length > 0 || !computed) return false;
    entitlement = computed;
    status.standardsVersion = computed.standardsVersion;
    status.entitlement = computed.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, fund: l.fund, disbursement: l.disbursement, amountFen: l.amountFen, semesters: l.semesters }));
    status.cashFen = computed.cashFen;
    status.needsHigherSignOff = computed.needsHigherSignOff;
    return true;
  };

  const placeOf = (level: ApprovalLevel): TaskPlace => {
    if (level === 'prefecture') return { divisionCode: input.countyCode.slice(0, 4) };
    if (level === 'province') return { divisionCode: input.countyCode.slice(0, 2) };
    return { divisionCode: input.villageCode, ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}) };
  };
  /** An approval step's place and the level it is decided at (a school check without a known school falls to the county). */
  const placeFor = (level: ApprovalLevel): TaskPlace => ({ ...placeOf(level), level: level === 'school' && !input.schoolCode ? 'county' : level });
  const roleFor = (level: ApprovalLevel): Role => (level === 'school' ? 'caseworker' : 'approver');
  const chainFor = (e: Entitlement): ChainStep[] => [
    { step: 'school-check', level: 'school', stepIndex: 0 },
    { step: 'county-approval', level: 'county', stepIndex: 1 },
    ...(e.needsHigherSignOff ? [{ step: 'prefecture-sign-off', level: 'prefecture' as const, stepIndex: 2 }] : []),
  ];
  const taskData = (step: string) => ({
    applicationId: workflowId,
    studentId: input.studentId,
    academicYear: input.academicYear,
    step,
    standardsVersion: entitlement?.standardsVersion,
    lines: entitlement?.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, amountFen: l.amountFen, disbursement: l.disbursement, fund: l.fund })),
    totalFen: entitlement?.totalFen,
    cashFen: entitlement?.cashFen,
    specialFund: entitlement?.specialFund,
    earlierSteps: status.timeline.filter((t) => ['approve', 'reject', 'return', 'resubmit'].includes(t.action)).map((t) => ({ step: t.step, action: t.action, by: t.actor, comment: t.comment })),
  });

  /** One human task that a withdrawal or a reported change interrupts (its casework task is cancelled). */
  const humanStep = async (spec: Parameters<HumanTasks['run']>[0], heldBy: string): Promise<TaskDecision> => {
    status.currentStep = spec.step;
    status.heldBy = heldBy;
    status.dueAt = new Date(Date.now() + spec.dueInMs).toISOString();
    const scope = new CancellationScope();
    const run = scope.run(() => tasks.run(spec));
    run.catch(() => undefined);
    holder = { candidateRole: spec.candidateRole, level: spec.place.level ?? 'school', divisionCode: spec.place.divisionCode, ...(spec.assigneeId ? { assigneeId: spec.assigneeId } : {}) };
    await record(); // the step is open: its task id, holder and due time
    const interrupted = () => withdrawal !== undefined || changes.length > 0;
    const outcome = await Promise.race([run.then((o) => o.decision), condition(interrupted).then(() => undefined)]);
    if (outcome) return outcome;
    const pending = humanPending();
    if (pending?.decided) return (await run).decision; // the decision came first: it stands
    scope.cancel();
    await run.catch(() => undefined);
    if (pending) await casework.cancelTask({ taskId: pending.taskId, reason: withdrawal ? `withdrawn: ${withdrawal.reason}` : `facts changed: ${changes.map((c) => c.kind).join(', ')}` });
    throw new Interrupted(withdrawal ? 'withdrawn' : 'changed');
  };

  /**
   * A decision step with its loops: a rejection without a reason is asked again, a return opens an
   * information request for the submitter and then the same step again. Answers approve or reject.
   */
  const decide = async (step: string, level: ApprovalLevel, stepIndex: number, excluded: string[]): Promise<TaskDecision> => {
    for (;;) {
      const decision = await humanStep(
        {
          step,
          stepIndex,
          kind: step.startsWith('appeal') ? 'aid-appeal' : 'aid-approval',
          subject: { type: 'application', id: workflowId },
          place: placeFor(level),
          candidateRole: roleFor(level),
          assignment: 'pool',
          dueInMs: settings.stepDueMs,
          remindBeforeMs: settings.remindBeforeMs,
          escalateAfterMs: settings.escalateAfterMs,
          data: taskData(step),
          submittedBy: input.submittedBy,
          excludedDeciders: excluded,
        },
        `${roleFor(level)} at ${level} ${placeFor(level).divisionCode}`,
      );
      if (decision.decision === 'approve') {
        note(step, 'approve', decision.decidedBy, decision.comment);
        return decision;
      }
      if (decision.decision === 'reject') {
        if (decision.comment?.trim()) {
          note(step, 'reject', decision.decidedBy, decision.comment);
          return decision;
        }
        note(step, 'reject-refused', decision.decidedBy, 'a rejection needs a reason: the step is asked again');
        continue;
      }
      note(step, 'return', decision.decidedBy, decision.comment);
      setState('more-information-requested');
      const answer = await humanStep(
        {
          step: 'more-information',
          stepIndex: INFO_STEP_INDEX,
          kind: 'aid-more-information',
          subject: { type: 'application', id: workflowId },
          place: placeOf('school'),
          candidateRole: 'caseworker',
          assigneeId: input.submittedBy,
          dueInMs: settings.stepDueMs,
          remindBeforeMs: settings.remindBeforeMs,
          data: { ...taskData('more-information'), returnedBy: decision.decidedBy, question: decision.comment, returnedAt: step },
        },
        input.submittedBy,
      );
      if (answer.decision === 'reject') {
        withdrawal = { by: answer.decidedBy, reason: answer.comment ?? 'the caseworker declined to resubmit' };
        throw new Interrupted('withdrawn');
      }
      note('more-information', 'resubmit', answer.decidedBy, answer.comment);
      setState('checking');
      if (!(await assess())) throw new Interrupted('changed');
      setState(step.startsWith('appeal') ? 'in-appeal' : 'in-review');
    }
  };

  /** Handles reported changes outside a human step: true while the application stays eligible. */
  const recheck = async (): Promise<boolean> => {
    if (changes.length === 0) return true;
    const taken = changes.splice(0, changes.length);
    for (const c of taken) note('change', c.kind, c.reportedBy, c.reason);
    return assess();
  };

  // ——— eligibility ———
  setState('checking');
  note('application', 'submit', input.submittedBy);
  if (!(await assess())) {
    note('eligibility', 'ineligible', 'system', status.reasons.join('; '));
    return finish('ineligible');
  }
  setState('in-review');

  // ——— approval chain ———
  const closeInterrupted = async (error: unknown): Promise<AidApplicationResult> => {
    if (!(error instanceof Interrupted)) throw error;
    if (error.why === 'withdrawn' && withdrawal) {
      note(status.currentStep ?? 'application', 'withdraw', withdrawal.by, withdrawal.reason);
      return finish('withdrawn');
    }
    return undefined as never;
  };
  let approvedAbove: number = -1; // levels at or below this index have approved
  let previousDecider: string | undefined;
  for (;;) {
    try {
      let rejected: { decision: TaskDecision; level: ApprovalLevel } | undefined;
      for (const s of chainFor(entitlement as Entitlement)) {
        if (APPROVAL_LEVELS.indexOf(s.level) <= approvedAbove) continue;
        const d = await decide(s.step, s.level, s.stepIndex, previousDecider ? [previousDecider] : []);
        previousDecider = d.decidedBy;
        if (d.decision === 'reject') {
          rejected = { decision: d, level: s.level };
          break;
        }
        approvedAbove = APPROVAL_LEVELS.indexOf(s.level);
      }
      if (!rejected) break;
      // ——— rejected: one appeal within the window, one level up ———
      status.reasons = [rejected.decision.comment as string];
      status.appealDeadline = new Date(Date.now() + settings.appealWindowMs).toISOString();
      setState('rejected');
      await record();
      if (status.appealed || !(await condition(() => appeal !== undefined || withdrawal !== undefined, settings.appealWindowMs)) || !appeal) {
        if (withdrawal) {
          note('rejected', 'withdraw', withdrawal.by, withdrawal.reason);
          return finish('withdrawn');
        }
        note('appeal', 'window-closed', 'system');
        return finish('rejected');
      }
      status.appealed = true;
      note('appeal', 'appeal', appeal.by, appeal.reason);
      const appealLevel = APPROVAL_LEVELS[Math.min(APPROVAL_LEVELS.indexOf(rejected.level) + 1, APPROVAL_LEVELS.length - 1)];
      setState('in-appeal');
      const a = await decide(`appeal-${appealLevel}`, appealLevel, APPEAL_STEP_INDEX, [rejected.decision.decidedBy]);
      if (a.decision === 'reject') {
        status.reasons = [a.comment as string];
        return finish('rejected');
      }
      status.reasons = [];
      status.appealDeadline = undefined;
      approvedAbove = APPROVAL_LEVELS.indexOf(appealLevel);
      previousDecider = a.decidedBy;
      setState('in-review');
    } catch (error) {
      if (error instanceof Interrupted && error.why === 'changed') {
        const still = await recheck();
        if (!still) {
          note('change', 'cancel', 'system', status.reasons.join('; '));
          return finish('cancelled');
        }
        setState('in-review');
        continue; // the open step starts again with the new facts
      }
      return closeInterrupted(error);
    }
  }

  // ——— approved: plan per semester, then pay ———
  const e = entitlement as Entitlement;
  note('approval', 'approved', 'system', `standards ${e.standardsVersion}, cash ${e.cashFen} fen`);
  setState('approved');
  const cashLines = (ent: Entitlement, semesters?: string[]) =>
    ent.lines
      .filter((l) => l.disbursement === 'bank-transfer')
      .flatMap((l) => l.semesters.filter((s) => !semesters || semesters.includes(s.semester)).map((s) => ({ scheme: l.scheme, ruleId: l.ruleId, semester: s.semester, startsOn: s.startsOn, amountFen: s.amountFen })));
  const planOf = (ent: Entitlement, semesters?: string[]): PlanPaymentsInput => ({ workflowId, studentId: input.studentId, academicYear: input.academicYear, standardsVersion: ent.standardsVersion, lines: cashLines(ent, semesters) });
  // The row says 'paying' in the transaction that plans the rows: what it shows never runs ahead of the ledger.
  await ledgerStep({ plan: planOf(e) }, { state: 'paying' });
  setState('paying');

  const semesterList = e.lines[0]?.semesters.map((s) => ({ semester: s.semester, startsOn: s.startsOn })) ?? [];
  for (let i = 0; i < semesterList.length; i += 1) {
    const { semester, startsOn } = semesterList[i];
    const remaining = semesterList.slice(i).map((s) => s.semester);
    // China Standard Time: a semester starts at midnight in Beijing.
    const startsAt = Date.parse(`${startsOn}T00:00:00+08:00`);
    for (;;) {
      const wait = settings.waitForSemesterStart ? startsAt - Date.now() : 0;
      if (changes.length === 0 && wait > 0) await condition(() => changes.length > 0, wait);
      if (changes.length > 0) {
        const before = JSON.stringify(cashLines(entitlement as Entitlement, remaining));
        if (!(await recheck())) {
          const { cancelled } = await ledgerStep({ cancel: { workflowId, semesters: remaining, reason: status.reasons.join('; ') } });
          note('payments', 'cancel-future', 'system', `${cancelled} payment(s) of ${remaining.join(', ')} cancelled: ${status.reasons.join('; ')}`);
          return finish('cancelled');
        }
        const after = JSON.stringify(cashLines(entitlement as Entitlement, remaining));
        if (after !== before) {
          await ledgerStep({ cancel: { workflowId, semesters: remaining, reason: 'adjusted after a reported change' }, plan: planOf(entitlement as Entitlement, remaining) });
          note('payments', 'adjust-future', 'system', `payments of ${remaining.join(', ')} re-planned with the new facts`);
          await record();
        }
        continue;
      }
      if (!settings.waitForSemesterStart || Date.now() >= startsAt) break;
    }
    const result = await students.disburseAidPayments({ workflowId, semester });
    paidSemesters.push(semester);
    note(
      'payments',
      'payment',
      'system',
      `${semester}: ${result.paid} paid, ${result.alreadyPaid} already paid${result.failed.length ? `, failed: ${result.failed.map((f) => f.reason).join('; ')}` : ''}`,
    );
    await record();
  }
  return finish('completed');
}
export { bareBenchWorkflow } from './bench-workflow';
