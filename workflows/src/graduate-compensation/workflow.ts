import { ApplicationFailure, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  COMMITMENT_VERIFICATION_TASK_KIND,
  COMPENSATION_APPROVAL_TASK_KIND,
  COMPENSATION_FROM_SERVICE_START_PATCH,
  CompensationStatus,
  GraduateCompensationInput,
  MentoringCompensationActivities,
  Role,
  StudentsAidActivities,
  StudentsCompensationActivities,
  TaskDecision,
  TaskPlace,
  activityTaskQueue,
} from '@eduaid/contracts';
import { CompensationAward, calculateCompensation, compensationFactsProblems, compensationPolicyOn, reasonText } from '@eduaid/policy';
import { HumanTasks, HumanTaskSpec } from '../human-task';
import { commitmentEndedUpdate, compensationStatusQuery } from './messages';
import { Compensation } from './state';

type StepEnd = { decided: TaskDecision } | { interrupted: string };

/**
 * One graduate's tuition compensation and loan repayment (workflow id `graduate-compensation:<graduateId>`),
 * as the process reads on paper:
 *
 *   verify the commitment (a caseworker checks the evidence: unit, county, start date, proof)
 *   → review chain (county approval; the prefecture's sign-off when the total is large; four eyes)
 *   → plan the instalments (one a year, in the students ledger, paid by the semester cycles)
 *   → serve: wait for the last instalment's term, or an early end (a reported change), which cancels
 *     every instalment not yet paid, with the reason in the timeline.
 *
 * Every transition is written to mentoring's durable row (`recordCompensation`, idempotent by
 * sequence); GET and lists read that row. An end reported while a step waits interrupts the step (its
 * casework task is cancelled) and nothing is planned.
 */
export async function graduateCompensationWorkflow(input: GraduateCompensationInput): Promise<CompensationStatus> {
  const info = workflowInfo();
  const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;
  const mentoring = proxyActivities<MentoringCompensationActivities>({ taskQueue: activityTaskQueue('mentoring', info.taskQueue), startToCloseTimeout: '30 seconds', retry });
  const students = proxyActivities<StudentsAidActivities & StudentsCompensationActivities>({ taskQueue: activityTaskQueue('students', info.taskQueue), startToCloseTimeout: '2 minutes', retry });
  const tasks = new HumanTasks();
  const comp = new Compensation(input);
  const workflowId = info.workflowId;

  setHandler(compensationStatusQuery, () => comp.view(tasks.openTask));
  setHandler(commitmentEndedUpdate, (r) => comp.end(r), { validator: (r) => comp.validateEnd(r) });

  let seq = 0;
  const record = async () => {
    seq += 1;
    await mentoring.recordCompensation({ graduateId: input.graduateId, workflowId, seq, status: comp.view(tasks.openTask) });
  };

  const county = input.place.divisionCode.slice(0, 6);
  const placeAt = (level: 'county' | 'prefecture'): TaskPlace =>
    level === 'county' ? { divisionCode: input.place.divisionCode, level } : { divisionCode: county.slice(0, 4), level };
  const today = () => new Date(Date.now()).toISOString().slice(0, 10);

  /** A human step: opened, recorded, then decided or interrupted by an early end. */
  const humanStep = async (spec: HumanTaskSpec, heldBy: string): Promise<StepEnd> => {
    comp.openStep(spec.step, heldBy);
    const ended = tasks.run(spec, { interruptWhen: () => comp.interruption() });
    await record();
    const result = await ended;
    comp.closeStep();
    if (result.outcome === 'interrupted') return { interrupted: result.reason };
    comp.previousDecider = result.decision.decidedBy;
    return { decided: result.decision };
  };

  // Instalments are for years served: paid from the academic year the service starts in, if later than the decision.
  const facts = {
    tuitionPaidFen: input.tuitionPaidFen,
    loanOutstandingFen: input.loanOutstandingFen,
    studyYears: input.studyYears,
    serviceStartsOn: patched(COMPENSATION_FROM_SERVICE_START_PATCH) ? input.evidence.startDate : undefined,
  };
  const problems = compensationFactsProblems(facts, compensationPolicyOn(today()));
  if (problems.length) throw ApplicationFailure.nonRetryable(problems.join('; '), 'CompensationFactsInvalid');
  // The award the reviewers see; the plan recomputes it with the same version on the approval date.
  let award: CompensationAward = calculateCompensation(facts, today());
  const taskData = (step: string) => ({
    compensationId: workflowId,
    graduateId: input.graduateId,
    step,
    evidence: { ...input.evidence },
    tuitionPaidFen: input.tuitionPaidFen,
    loanOutstandingFen: input.loanOutstandingFen,
    studyYears: input.studyYears,
    policyVersion: award.version,
    lines: award.lines,
    totalFen: award.totalFen,
  });

  /** The caseworker checks the evidence; 'return' holds it for more proof and asks again. */
  const verify = async (): Promise<'verified' | 'not-verified' | 'ended'> => {
    comp.note('filing', 'filed', input.submittedBy, `${input.evidence.commitment} at ${input.evidence.unitName} (county ${input.evidence.serviceCountyCode}) from ${input.evidence.startDate}, proof ${input.evidence.proofReference}`);
    for (;;) {
      const end = await humanStep(
        {
          step: 'verify-commitment',
          kind: COMMITMENT_VERIFICATION_TASK_KIND,
          subject: { type: 'application', id: workflowId },
          place: placeAt('county'),
          candidateRole: 'caseworker',
          assignment: 'least-loaded',
          dueInMs: input.settings.stepDueMs,
          remindBeforeMs: input.settings.remindBeforeMs,
          escalateAfterMs: input.settings.escalateAfterMs,
          data: taskData('verify-commitment'),
          fourEyes: { submittedBy: input.submittedBy },
        },
        `caseworker at county ${county}`,
      );
      if ('interrupted' in end) return 'ended';
      const d = end.decided;
      comp.note('verify-commitment', d.decision, d.decidedBy, d.comment);
      if (d.decision === 'approve') return 'verified';
      if (d.decision === 'reject') {
        comp.reasons.push(reasonText.commitmentNotVerified(d.comment));
        return 'not-verified';
      }
    }
  };

  /** County approval, then the prefecture's sign-off when the total passes the policy's threshold. */
  const reviewChain = async (): Promise<'approved' | 'rejected' | 'ended'> => {
    comp.state = 'in-review';
    const chain: { step: string; level: 'county' | 'prefecture' }[] = [
      { step: 'county-approval', level: 'county' },
      ...(award.needsHigherSignOff ? [{ step: 'prefecture-sign-off', level: 'prefecture' as const }] : []),
    ];
    for (const link of chain) {
      for (;;) {
        const where = link.level === 'county' ? county : county.slice(0, 4);
        const end = await humanStep(
          {
            step: link.step,
            kind: COMPENSATION_APPROVAL_TASK_KIND,
            subject: { type: 'application', id: workflowId },
            place: placeAt(link.level),
            candidateRole: 'approver' as Role,
            assignment: 'pool',
            dueInMs: input.settings.stepDueMs,
            remindBeforeMs: input.settings.remindBeforeMs,
            escalateAfterMs: input.settings.escalateAfterMs,
            data: taskData(link.step),
            fourEyes: { submittedBy: input.submittedBy, previousStepDecider: comp.previousDecider },
          },
          `approver at ${link.level} ${where}`,
        );
        if ('interrupted' in end) return 'ended';
        const d = end.decided;
        comp.note(link.step, d.decision, d.decidedBy, d.comment);
        if (d.decision === 'approve') break;
        if (d.decision === 'reject') {
          comp.reasons.push(reasonText.rejectedAtStep(link.step, d.comment));
          return 'rejected';
        }
      }
    }
    return 'approved';
  };

  /** The instalments go into the students ledger, one academic year at a time, for the cycles to pay. */
  const planInstalments = async () => {
    award = calculateCompensation(facts, today(), award.version);
    for (const academicYear of [...new Set(award.instalments.map((i) => i.academicYear))]) {
      const lines = award.instalments.filter((i) => i.academicYear === academicYear).map((i) => ({ scheme: i.scheme, ruleId: i.ruleId, semester: i.semester, startsOn: i.startsOn, amountFen: i.amountFen }));
      await students.planAidPayments({ workflowId, studentId: input.studentId, academicYear, standardsVersion: award.version, lines, paidBy: 'cycle' });
    }
    comp.planned(award);
    comp.note('plan', 'instalments-planned', 'system', `${award.instalments.length} instalments, ${award.totalFen} fen, policy ${award.version}`);
    if (!(await students.bankAccountOnFile({ studentId: input.studentId }))) {
      comp.note('plan', 'no-bank-account', 'system', "no bank account on file: the cycle's payment repair asks a caseworker for one");
    }
    await record();
  };

  /** Until the last instalment's term: an early end cancels what is not yet paid. */
  const serve = async (): Promise<void> => {
    const last = award.instalments[award.instalments.length - 1];
    const until = Date.parse(`${last.startsOn}T00:00:00Z`);
    await condition(() => comp.ended !== undefined, Math.max(until - Date.now(), 1));
    if (!comp.ended) {
      comp.state = 'completed';
      comp.note('serve', 'all-instalments-due', 'system');
      return;
    }
    await stopEarly();
  };

  const stopEarly = async () => {
    const e = comp.ended!;
    comp.note('change', 'commitment-ended', e.by, `${e.endedOn}: ${e.reason}`);
    const { cancelled } = comp.award ? await students.cancelAidPayments({ workflowId, reason: `commitment ended ${e.endedOn}: ${e.reason}` }) : { cancelled: 0 };
    const rows = comp.award ? await students.ledgerRowsOf({ workflowId }) : [];
    comp.stopped(rows, cancelled);
    comp.note('payments', 'cancel-unpaid', 'system', `${cancelled} instalment(s) not yet paid cancelled`);
  };

  const verified = await verify();
  if (verified === 'not-verified') comp.state = 'not-verified';
  else if (verified === 'ended') await stopEarly();
  else {
    const reviewed = await reviewChain();
    if (reviewed === 'rejected') comp.state = 'rejected';
    else if (reviewed === 'ended' || comp.ended) await stopEarly();
    else {
      await planInstalments();
      await serve();
    }
  }
  await record();
  return comp.view();
}
