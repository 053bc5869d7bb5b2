import { condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  AID_BANK_DETAILS_TASK_KIND,
  AID_CYCLES_PAY_PATCH,
  AID_DURABLE_RECORD_PATCH,
  APPROVAL_LEVELS,
  AidApplicationInput,
  AidApplicationResult,
  AidApplicationState,
  AidApplicationStatus,
  AidTransitionResult,
  ApprovalLevel,
  CancelPaymentsInput,
  PaymentPayer,
  PlanPaymentsInput,
  Role,
  StudentsAidActivities,
  TaskDecision,
  TaskPlace,
  activityTaskQueue,
} from '@eduaid/contracts';
import type { Entitlement } from '@eduaid/policy';
import { HumanTaskResult, HumanTaskSpec, HumanTasks } from '../human-task';
import { assessFacts, planOf } from './assessment';
import { aidStatusQuery, appealUpdate, changeSignal, withdrawUpdate } from './messages';
import { AidApplication } from './state';

/** Why a step stopped without a decision: withdrawn, facts changed, or found ineligible on resubmission. */
type Interruption = 'withdrawn' | 'changed' | 'ineligible';
/** How a decision step ended: decided (approve, or reject with its reason), or interrupted. */
type Verdict = { verdict: 'approve' | 'reject'; decision: TaskDecision } | { interrupted: Interruption };
/** How a phase ended: the application goes on, or closes in this state. */
type PhaseEnd = { next: true } | { closeAs: AidApplicationState };

/** A resubmission found ineligible closes the application (before it, the step was asked again). */
const AID_RESUBMIT_INELIGIBLE_PATCH = 'aid-application-resubmit-ineligible';

const levelIndex = (level: ApprovalLevel) => APPROVAL_LEVELS.indexOf(level);

/**
 * One student's aid for one academic year (workflow id `aid-application:<studentId>:<year>`), as the
 * process reads on paper:
 *
 *   assess → review chain (school check → county → prefecture when the cash passes the threshold or a
 *   special fund is involved; a return asks the submitter, then the step again; a rejection may be
 *   appealed once, a level up) → plan the payments (and ask for a missing bank account).
 *
 * The submitter may withdraw while it is being decided; a change of facts re-checks it (a step open
 * then starts again, or the application is cancelled). Under AID_CYCLES_PAY_PATCH its work ends with
 * the ledger rows planned: each term's payment cycle pays them. Runs from before the patch keep their
 * old path (sleep until each semester and pay it) so their histories replay.
 */
export async function aidApplicationWorkflow(input: AidApplicationInput): Promise<AidApplicationResult> {
  const info = workflowInfo();
  const workflowId = info.workflowId;
  const students = proxyActivities<StudentsAidActivities>({
    taskQueue: activityTaskQueue('students', info.taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const tasks = new HumanTasks();
  const app = new AidApplication(input, workflowId);
  const settings = input.settings;

  setHandler(aidStatusQuery, () => app.view(tasks.openTask));
  setHandler(changeSignal, (change) => app.reportChange(change));
  setHandler(withdrawUpdate, (request) => app.withdraw(request), { validator: (request) => app.validateWithdrawal(request) });
  setHandler(appealUpdate, (request) => app.lodgeAppeal(request), { validator: (request) => app.validateAppeal(request) });

  // ——— the durable record: the students service's row, written at each transition ———
  let recordSeq = 0;
  /**
   * Writes the application's row (and the ledger rows the transition touches, in one transaction).
   * Only under the patch: histories recorded before it replay without these calls. Answers undefined
   * when the run is on the old path.
   */
  const record = async (ledger?: { cancel?: CancelPaymentsInput; plan?: PlanPaymentsInput }, overrides?: Partial<AidApplicationStatus>): Promise<AidTransitionResult | undefined> => {
    if (!patched(AID_DURABLE_RECORD_PATCH)) return undefined;
    recordSeq += 1;
    const { applicationId: _id, studentId: _student, academicYear: _year, ...view } = { ...app.view(tasks.openTask), ...overrides };
    return students.recordAidTransition({
      workflowId,
      seq: recordSeq,
      studentId: input.studentId,
      academicYear: input.academicYear,
      villageCode: input.villageCode,
      countyCode: input.countyCode,
      ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}),
      submittedBy: input.submittedBy,
      ...(app.stage ? { stage: app.stage } : {}),
      status: view,
      ...(view.currentStep && app.holder ? { holder: app.holder } : {}),
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
  const close = async (state: AidApplicationState): Promise<AidApplicationResult> => {
    app.enter(state);
    await record();
    return app.result();
  };
  const entitlement = (): Entitlement => {
    if (!app.entitlement) throw new Error('unreachable: an application is reviewed only once assessed eligible');
    return app.entitlement;
  };
  // Who pays the rows this run plans: the term's cycles, unless the run keeps the path it was approved on (payEachSemester).
  let payer: PaymentPayer = 'cycle';
  const plannedFor = (e: Entitlement, semesters?: string[]) => planOf(workflowId, input.studentId, input.academicYear, e, semesters, payer);

  // ——— assess: the registry's facts against the standards (pinned to the first version used) ———
  const assess = async (): Promise<boolean> => {
    const facts = await students.readAidEligibility({ studentId: input.studentId, academicYear: input.academicYear, workflowId });
    return app.adopt(facts, assessFacts(facts, input.academicYear, app.status.standardsVersion));
  };

  // ——— human steps: casework tasks a withdrawal or a reported change interrupts ———
  const placeOf = (level: ApprovalLevel): TaskPlace => {
    if (level === 'prefecture') return { divisionCode: input.countyCode.slice(0, 4) };
    if (level === 'province') return { divisionCode: input.countyCode.slice(0, 2) };
    return { divisionCode: input.villageCode, ...(input.schoolCode ? { schoolCode: input.schoolCode } : {}) };
  };
  /** An approval step's place and the level it is decided at (a school check without a known school falls to the county). */
  const placeFor = (level: ApprovalLevel): TaskPlace => ({ ...placeOf(level), level: level === 'school' && !input.schoolCode ? 'county' : level });
  const roleFor = (level: ApprovalLevel): Role => (level === 'school' ? 'caseworker' : 'approver');
  const chainFor = (e: Entitlement): { step: string; level: ApprovalLevel }[] => [
    { step: 'school-check', level: 'school' },
    { step: 'county-approval', level: 'county' },
    ...(e.needsHigherSignOff ? [{ step: 'prefecture-sign-off', level: 'prefecture' as const }] : []),
  ];
  const taskData = (step: string) => ({
    applicationId: workflowId,
    studentId: input.studentId,
    academicYear: input.academicYear,
    step,
    standardsVersion: app.entitlement?.standardsVersion,
    lines: app.entitlement?.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, amountFen: l.amountFen, disbursement: l.disbursement, fund: l.fund })),
    totalFen: app.entitlement?.totalFen,
    cashFen: app.entitlement?.cashFen,
    specialFund: app.entitlement?.specialFund,
    earlierSteps: app.status.timeline.filter((t) => ['approve', 'reject', 'return', 'resubmit'].includes(t.action)).map((t) => ({ step: t.step, action: t.action, by: t.actor, comment: t.comment })),
  });

  /** A step that asks the submitter for something (more information, bank details): theirs alone, at the student's school. */
  const submitterTask = (step: string, kind: string, data: Record<string, unknown>): HumanTaskSpec => ({
    step,
    kind,
    subject: { type: 'application', id: workflowId },
    place: placeOf('school'),
    candidateRole: 'caseworker',
    assigneeId: input.submittedBy,
    dueInMs: settings.stepDueMs,
    remindBeforeMs: settings.remindBeforeMs,
    data: { ...taskData(step), ...data },
  });

  /** Opens a step (the row shows it, its task id, holder and due time) and waits for its end. */
  const humanStep = async (spec: HumanTaskSpec, heldBy: string): Promise<HumanTaskResult> => {
    app.openStep(spec.step, heldBy, spec.dueInMs, { candidateRole: spec.candidateRole, level: spec.place.level ?? 'school', divisionCode: spec.place.divisionCode, ...(spec.assigneeId ? { assigneeId: spec.assigneeId } : {}) });
    const ended = tasks.run(spec, { interruptWhen: () => app.interruption() });
    await record();
    return ended;
  };
  const interrupted = (): Verdict => ({ interrupted: app.withdrawal ? 'withdrawn' : 'changed' });

  /**
   * A decision step with its loops: a rejection without a reason is asked again; a return opens an
   * information request for the submitter, re-assesses and asks the same step again.
   */
  const decideStep = async (step: string, level: ApprovalLevel): Promise<Verdict> => {
    // Four eyes: the submitter and the previous step's decider may not decide (the same two on every attempt).
    const fourEyes = { submittedBy: input.submittedBy, previousStepDecider: app.previousDecider };
    for (;;) {
      const asked = await humanStep(
        {
          step,
          kind: step.startsWith('appeal') ? 'aid-appeal' : 'aid-approval',
          subject: { type: 'application', id: workflowId },
          place: placeFor(level),
          candidateRole: roleFor(level),
          assignment: 'pool',
          dueInMs: settings.stepDueMs,
          remindBeforeMs: settings.remindBeforeMs,
          escalateAfterMs: settings.escalateAfterMs,
          data: taskData(step),
          fourEyes,
        },
        `${roleFor(level)} at ${level} ${placeFor(level).divisionCode}`,
      );
      if (asked.outcome === 'interrupted') return interrupted();
      const { decision } = asked;
      if (decision.decision === 'approve') {
        app.note(step, 'approve', decision.decidedBy, decision.comment);
        return { verdict: 'approve', decision };
      }
      if (decision.decision === 'reject') {
        if (decision.comment?.trim()) {
          app.note(step, 'reject', decision.decidedBy, decision.comment);
          return { verdict: 'reject', decision };
        }
        app.note(step, 'reject-refused', decision.decidedBy, 'a rejection needs a reason: the step is asked again');
        continue;
      }
      app.note(step, 'return', decision.decidedBy, decision.comment);
      app.enter('more-information-requested');
      const answered = await humanStep(
        submitterTask('more-information', 'aid-more-information', { returnedBy: decision.decidedBy, question: decision.comment, returnedAt: step }),
        input.submittedBy,
      );
      if (answered.outcome === 'interrupted') return interrupted();
      if (answered.decision.decision === 'reject') {
        // The submitter declines to resubmit: that is a withdrawal.
        app.withdraw({ by: answered.decision.decidedBy, reason: answered.decision.comment ?? 'the caseworker declined to resubmit' });
        return { interrupted: 'withdrawn' };
      }
      app.note('more-information', 'resubmit', answered.decision.decidedBy, answered.decision.comment);
      app.enter('checking');
      if (!(await assess())) {
        // Runs from before this patch asked the step again (their histories hold that); now it ends ineligible.
        return { interrupted: patched(AID_RESUBMIT_INELIGIBLE_PATCH) ? 'ineligible' : 'changed' };
      }
      app.enter(step.startsWith('appeal') ? 'in-appeal' : 'in-review');
    }
  };

  /** A withdrawal, a change or a failed re-assessment ended a step: close, or go on re-checked. */
  const afterInterruption = async (why: Interruption): Promise<PhaseEnd> => {
    if (why === 'withdrawn' && app.withdrawal) {
      app.note(app.status.currentStep ?? 'application', 'withdraw', app.withdrawal.by, app.withdrawal.reason);
      return { closeAs: 'withdrawn' };
    }
    if (why === 'ineligible') {
      app.note('eligibility', 'ineligible', 'system', app.status.reasons.join('; '));
      return { closeAs: 'ineligible' };
    }
    const taken = app.takeChanges();
    if (taken.length > 0 && !(await assess())) {
      app.note('change', 'cancel', 'system', app.status.reasons.join('; '));
      return { closeAs: 'cancelled' };
    }
    app.enter('in-review');
    return { next: true }; // the open step starts again with the new facts
  };

  /** Rejected: one appeal within the window goes a level up; upheld, the chain goes on above it. */
  const appealIfAny = async (rejection: TaskDecision, rejectedAt: ApprovalLevel): Promise<{ closeAs: AidApplicationState } | { upheldAt: ApprovalLevel } | { interrupted: Interruption }> => {
    app.status.reasons = [rejection.comment ?? ''];
    app.status.appealDeadline = new Date(Date.now() + settings.appealWindowMs).toISOString();
    app.enter('rejected');
    await record();
    if (app.status.appealed || !(await condition(() => app.appeal !== undefined || app.withdrawal !== undefined, settings.appealWindowMs)) || !app.appeal) {
      if (app.withdrawal) {
        app.note('rejected', 'withdraw', app.withdrawal.by, app.withdrawal.reason);
        return { closeAs: 'withdrawn' };
      }
      app.note('appeal', 'window-closed', 'system');
      return { closeAs: 'rejected' };
    }
    app.status.appealed = true;
    app.note('appeal', 'appeal', app.appeal.by, app.appeal.reason);
    const appealLevel = APPROVAL_LEVELS[Math.min(levelIndex(rejectedAt) + 1, APPROVAL_LEVELS.length - 1)];
    app.enter('in-appeal');
    const verdict = await decideStep(`appeal-${appealLevel}`, appealLevel);
    if ('interrupted' in verdict) return verdict;
    if (verdict.verdict === 'reject') {
      app.status.reasons = [verdict.decision.comment ?? ''];
      return { closeAs: 'rejected' };
    }
    app.status.reasons = [];
    app.status.appealDeadline = undefined;
    app.previousDecider = verdict.decision.decidedBy;
    app.enter('in-review');
    return { upheldAt: appealLevel };
  };

  /** The chain of approvals, from the lowest level not yet approved; goes on once every level has approved. */
  const reviewChain = async (): Promise<PhaseEnd> => {
    let approvedUpTo = -1; // levels at or below this index have approved
    for (;;) {
      let ended: { interrupted: Interruption } | { rejected: TaskDecision; at: ApprovalLevel } | undefined;
      for (const s of chainFor(entitlement())) {
        if (levelIndex(s.level) <= approvedUpTo) continue;
        const verdict = await decideStep(s.step, s.level);
        if ('interrupted' in verdict) {
          ended = verdict;
          break;
        }
        app.previousDecider = verdict.decision.decidedBy;
        if (verdict.verdict === 'reject') {
          ended = { rejected: verdict.decision, at: s.level };
          break;
        }
        approvedUpTo = levelIndex(s.level);
      }
      if (!ended) return { next: true };
      if ('rejected' in ended) {
        const appeal = await appealIfAny(ended.rejected, ended.at);
        if ('closeAs' in appeal) return appeal;
        if ('upheldAt' in appeal) {
          approvedUpTo = levelIndex(appeal.upheldAt);
          continue;
        }
        ended = appeal;
      }
      const after = await afterInterruption(ended.interrupted);
      if ('closeAs' in after) return after;
    }
  };

  // ——— after approval (cycles): a change re-plans or cancels what is not yet paid ———
  const changeAfterApproval = async (): Promise<PhaseEnd> => {
    const before = JSON.stringify(plannedFor(entitlement()).lines);
    app.takeChanges();
    if (!(await assess())) {
      const { cancelled } = await ledgerStep({ cancel: { workflowId, reason: app.status.reasons.join('; ') } });
      app.note('payments', 'cancel-future', 'system', `${cancelled} payment(s) not yet paid cancelled: ${app.status.reasons.join('; ')}`);
      return { closeAs: 'cancelled' };
    }
    if (JSON.stringify(plannedFor(entitlement()).lines) !== before) {
      await ledgerStep({ cancel: { workflowId, reason: 'adjusted after a reported change' }, plan: plannedFor(entitlement()) });
      app.note('payments', 'adjust-future', 'system', 'payments not yet paid re-planned with the new facts');
    }
    return { next: true };
  };

  /** Asks the submitter for the student's bank account until one is on file. */
  const bankDetails = async (onFile: boolean): Promise<PhaseEnd> => {
    while (!onFile) {
      app.enter('awaiting-bank-details');
      const asked = await humanStep(
        submitterTask('bank-details', AID_BANK_DETAILS_TASK_KIND, { question: `No bank account is on file for the student: record it (PUT /aid-applications/${workflowId}/bank-account), then complete this task.` }),
        input.submittedBy,
      );
      if (asked.outcome === 'interrupted') {
        const after = await changeAfterApproval();
        if ('closeAs' in after) return after;
      } else {
        app.note('bank-details', asked.decision.decision === 'approve' ? 'given' : asked.decision.decision, asked.decision.decidedBy, asked.decision.comment);
      }
      onFile = await students.bankAccountOnFile({ studentId: input.studentId });
    }
    return { next: true };
  };

  /**
   * Approved: the ledger rows planned in the transaction that records the approval (the row says
   * 'awaiting-bank-details' when no account is on file, and a task asks the submitter for one); then
   * the work is done: each term's payment cycle pays what falls due.
   */
  const plan = async (): Promise<AidApplicationResult> => {
    const e = entitlement();
    const onFile = await students.bankAccountOnFile({ studentId: input.studentId });
    const semesters = [...new Set(plannedFor(e).lines.map((l) => l.semester))];
    app.note('payments', 'planned', 'system', `${semesters.join(', ')} planned: each is paid by its term's payment cycle${onFile ? '' : '; no bank account on file, asked of the submitter'}`);
    if (!onFile) app.enter('awaiting-bank-details');
    await ledgerStep({ plan: plannedFor(e) });
    const asked = await bankDetails(onFile);
    if ('closeAs' in asked) return close(asked.closeAs);
    // A change that came in while the last step closed: handled before the work ends.
    while (app.changeReported) {
      const after = await changeAfterApproval();
      if ('closeAs' in after) return close(after.closeAs);
    }
    return close('approved');
  };

  /** The path of runs approved before AID_CYCLES_PAY_PATCH: sleep until each semester, pay it. */
  const payEachSemester = async (e: Entitlement): Promise<AidApplicationResult> => {
    payer = 'application';
    // The row says 'paying' in the transaction that plans the rows: what it shows never runs ahead of the ledger.
    await ledgerStep({ plan: plannedFor(e) }, { state: 'paying' });
    app.enter('paying');
    const semesterList = e.lines[0]?.semesters.map((s) => ({ semester: s.semester, startsOn: s.startsOn })) ?? [];
    for (let i = 0; i < semesterList.length; i += 1) {
      const { semester, startsOn } = semesterList[i];
      const remaining = semesterList.slice(i).map((s) => s.semester);
      // China Standard Time: a semester starts at midnight in Beijing.
      const startsAt = Date.parse(`${startsOn}T00:00:00+08:00`);
      for (;;) {
        const wait = settings.waitForSemesterStart ? startsAt - Date.now() : 0;
        if (!app.changeReported && wait > 0) await condition(() => app.changeReported, wait);
        if (app.changeReported) {
          const before = JSON.stringify(plannedFor(entitlement(), remaining).lines);
          app.takeChanges();
          if (!(await assess())) {
            const { cancelled } = await ledgerStep({ cancel: { workflowId, semesters: remaining, reason: app.status.reasons.join('; ') } });
            app.note('payments', 'cancel-future', 'system', `${cancelled} payment(s) of ${remaining.join(', ')} cancelled: ${app.status.reasons.join('; ')}`);
            return close('cancelled');
          }
          if (JSON.stringify(plannedFor(entitlement(), remaining).lines) !== before) {
            await ledgerStep({ cancel: { workflowId, semesters: remaining, reason: 'adjusted after a reported change' }, plan: plannedFor(entitlement(), remaining) });
            app.note('payments', 'adjust-future', 'system', `payments of ${remaining.join(', ')} re-planned with the new facts`);
            await record();
          }
          continue;
        }
        if (!settings.waitForSemesterStart || Date.now() >= startsAt) break;
      }
      // A run of the old path that reaches a semester after the upgrade hands what is left to the cycles.
      if (patched(AID_CYCLES_PAY_PATCH)) {
        await students.handAidPaymentsToCycles({ workflowId, semesters: remaining });
        app.note('payments', 'handed-to-cycles', 'system', `${remaining.join(', ')}: paid by the term's payment cycle`);
        return close('approved');
      }
      const result = await students.disburseAidPayments({ workflowId, semester });
      app.paidSemesters.push(semester);
      app.note(
        'payments',
        'payment',
        'system',
        `${semester}: ${result.paid} paid, ${result.alreadyPaid} already paid${result.failed.length ? `, failed: ${result.failed.map((f) => f.reason).join('; ')}` : ''}`,
      );
      await record();
    }
    return close('completed');
  };

  // ——— the process ———
  app.enter('checking');
  app.note('application', 'submit', input.submittedBy);
  if (!(await assess())) {
    app.note('eligibility', 'ineligible', 'system', app.status.reasons.join('; '));
    return close('ineligible');
  }
  app.enter('in-review');
  const reviewed = await reviewChain();
  if ('closeAs' in reviewed) return close(reviewed.closeAs);
  const e = entitlement();
  app.note('approval', 'approved', 'system', `standards ${e.standardsVersion}, cash ${e.cashFen} fen`);
  app.enter('approved');
  if (patched(AID_CYCLES_PAY_PATCH)) return plan();
  return payEachSemester(e);
}
