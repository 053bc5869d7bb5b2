import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  CaseworkGraduateActivities,
  JobAssistanceInput,
  JobCaseStatus,
  MISSED_CHECK_IN_TASK_KIND,
  MentoringActivities,
  OUTCOME_VERIFICATION_TASK_KIND,
  activityTaskQueue,
} from '@eduaid/contracts';
import { HumanTasks } from '../human-task';
import {
  caseStatusQuery,
  claimOutcomeUpdate,
  confirmCheckInUpdate,
  mentorsChangedSignal,
  recordAssessmentUpdate,
  recordPlanUpdate,
  reportJobLostUpdate,
} from './messages';
import { JobCase } from './state';

const DAY = 86_400_000;

/**
 * One graduate's job assistance (workflow id `job-assistance:<graduateId>`), living months to years:
 *
 *   intake (the graduate's account) → needs assessment → plan → check-ins every `cadenceDays` (a missed
 *   one reminds the mentor, then becomes a supervisor's casework task) → an outcome claimed by the
 *   graduate or a mentor, verified by a caseworker → follow-ups at 3 and 6 months (a job lost reopens
 *   the case) → closed.
 *
 * Every transition is written to the mentoring schema (the case row and its event log) by
 * `recordJobCase`; lists and reports read that. The run continues-as-new between check-in periods
 * (every `periodsPerRun` periods, or when Temporal suggests it), carrying its whole state; timers are
 * absolute times in that state, and no casework task is open at that point, so none crosses runs.
 */
export async function jobAssistanceWorkflow(input: JobAssistanceInput): Promise<JobCaseStatus> {
  const info = workflowInfo();
  const settings = input.settings;
  const activityOptions = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
  const mentoring = proxyActivities<MentoringActivities>({ taskQueue: activityTaskQueue('mentoring', info.taskQueue), ...activityOptions });
  const casework = proxyActivities<CaseworkGraduateActivities>({ taskQueue: activityTaskQueue('casework', info.taskQueue), ...activityOptions });
  const tasks = new HumanTasks();
  const kase = new JobCase(input);
  const subject = { type: 'case' as const, id: input.graduateId };

  setHandler(caseStatusQuery, () => kase.view(tasks.openTask));
  setHandler(recordAssessmentUpdate, (r) => kase.recordAssessment(r), { validator: (r) => kase.validateAssessment(r) });
  setHandler(recordPlanUpdate, (r) => kase.recordPlan(r), { validator: (r) => kase.validatePlan(r) });
  setHandler(confirmCheckInUpdate, (r) => kase.confirmCheckIn(r), { validator: (r) => kase.validateCheckIn(r) });
  setHandler(claimOutcomeUpdate, (r) => kase.claimOutcome(r), { validator: (r) => kase.validateClaim(r) });
  setHandler(reportJobLostUpdate, (r) => kase.reportJobLost(r), { validator: (r) => kase.validateJobLost(r) });
  setHandler(mentorsChangedSignal, (change) => kase.changeMentors(change));

  // ——— the durable record: each event, in order, with the case as it stands ———
  let writing = false;
  const recorder = async () => {
    for (;;) {
      await condition(() => kase.outbox.length > 0);
      writing = true;
      const event = kase.outbox[0];
      kase.data.seq += 1;
      await mentoring.recordJobCase({
        graduateId: input.graduateId,
        workflowId: info.workflowId,
        seq: kase.data.seq,
        status: kase.view(tasks.openTask),
        event,
        ...(kase.data.placedAt ? { placedAt: kase.data.placedAt } : {}),
      });
      kase.outbox.shift();
      writing = false;
    }
  };
  void recorder();
  const recorded = () => condition(() => kase.outbox.length === 0 && !writing);

  // ——— the phases ———

  const intake = async () => {
    await casework.ensureGraduateAccount({
      graduateId: input.graduateId,
      userId: input.graduateUserId,
      displayName: input.displayName,
      scope: { level: 'county', code: input.place.divisionCode.slice(0, 6) },
    });
    kase.startAssessment(input.openedBy);
  };

  /** A missed check-in: remind the mentor; still nothing after `escalateAfterMs`: the supervisor's task. */
  const missed = async (moved: () => boolean) => {
    kase.missedPeriod();
    await mentoring.remindMentor({
      graduateId: input.graduateId,
      workflowId: info.workflowId,
      period: kase.data.periods + 1,
      dueAt: new Date(kase.data.nextDueAt ?? Date.now()).toISOString(),
      mentorUserIds: kase.data.mentorUserIds,
    });
    if (await condition(moved, settings.escalateAfterMs)) return;
    const result = await tasks.run(
      {
        step: 'missed-check-in',
        kind: MISSED_CHECK_IN_TASK_KIND,
        subject,
        place: input.place,
        candidateRole: 'supervisor',
        assignment: 'least-loaded',
        dueInMs: settings.supervisorDueMs,
        priority: 2,
        data: { graduateId: input.graduateId, mentors: kase.data.mentorUserIds, missed: kase.data.missed, dueAt: new Date(kase.data.nextDueAt ?? Date.now()).toISOString() },
      },
      { interruptWhen: () => (kase.data.phase !== 'check-ins' ? 'outcome claimed' : moved() ? 'checked in' : undefined) },
    );
    if (result.outcome === 'decided') kase.log(result.decision.decidedBy, 'escalation-handled', result.decision.comment);
  };

  /** Check-in periods until an outcome is claimed; 'continue-as-new' when this run has done enough. */
  const checkIns = async (): Promise<'claimed' | 'continue-as-new'> => {
    let periodsThisRun = 0;
    while (kase.data.phase === 'check-ins') {
      const checkInsBefore = kase.data.checkIns;
      const moved = () => kase.data.phase !== 'check-ins' || kase.data.checkIns > checkInsBefore;
      const dueAt = kase.data.nextDueAt ?? Date.now() + kase.cadenceMs;
      if (!(await condition(moved, Math.max(dueAt - Date.now(), 1)))) await missed(moved);
      if (kase.data.phase !== 'check-ins') return 'claimed';
      kase.nextPeriod();
      periodsThisRun += 1;
      if (periodsThisRun >= settings.periodsPerRun || workflowInfo().continueAsNewSuggested) return 'continue-as-new';
    }
    return 'claimed';
  };

  /** A caseworker verifies the claim (four eyes: not the claimant); refused, check-ins go on. */
  const verify = async () => {
    const claim = kase.data.claim;
    if (!claim) return;
    const result = await tasks.run({
      step: 'verify-outcome',
      kind: OUTCOME_VERIFICATION_TASK_KIND,
      subject,
      place: input.place,
      candidateRole: 'caseworker',
      assignment: 'least-loaded',
      dueInMs: settings.verifyDueMs,
      remindBeforeMs: [DAY],
      escalateAfterMs: DAY,
      data: { graduateId: input.graduateId, outcome: claim.outcome, employer: claim.employer ?? null, claimedBy: claim.by, claimedAs: claim.role, note: claim.note ?? null },
      fourEyes: { submittedBy: claim.by },
    });
    if (result.decision.decision === 'approve') kase.verified(result.decision.decidedBy, claim.outcome);
    else kase.claimRefused(result.decision.decidedBy, result.decision.comment);
  };

  /** Follow-ups at 3 and 6 months after placement; a job lost in between reopens the case. */
  const followUps = async () => {
    const placedAt = kase.data.placedAt ?? Date.now();
    for (let i = kase.data.followUpsDone; i < settings.followUpsMs.length; i++) {
      const reopened = await condition(() => kase.data.phase !== 'follow-up', Math.max(placedAt + settings.followUpsMs[i] - Date.now(), 1));
      if (reopened) return;
      kase.followUpDone();
    }
    kase.close();
  };

  if (kase.data.phase === 'intake') await intake();
  await condition(() => kase.data.phase !== 'assessment' && kase.data.phase !== 'planning');
  while (kase.data.phase !== 'closed') {
    if (kase.data.phase === 'check-ins' && (await checkIns()) === 'continue-as-new') {
      await recorded();
      await condition(() => kase.outbox.length === 0);
      return continueAsNew<typeof jobAssistanceWorkflow>({ ...input, carried: kase.data });
    }
    if (kase.data.phase === 'verifying') await verify();
    if (kase.data.phase === 'follow-up') await followUps();
  }
  await recorded();
  return kase.view();
}
