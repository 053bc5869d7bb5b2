import { CaseReviewInput, CaseReviewResult, TaskDecision } from '@eduaid/contracts';
import { HumanTasks } from '../human-task';

/**
 * A generic multi-step review: each step is a human task in casework. 'approve' moves on, 'reject'
 * ends the review, 'return' sends it back one step (or repeats the first). Four eyes: the submitter
 * never decides, and nobody decides two steps in a row.
 */
export async function caseReviewWorkflow(input: CaseReviewInput): Promise<CaseReviewResult> {
  const tasks = new HumanTasks();
  const decisions: TaskDecision[] = [];
  let index = 0;
  let previousDecider: string | undefined;
  while (index < input.steps.length) {
    const step = input.steps[index];
    const { decision } = await tasks.run({
      step: step.step,
      kind: step.kind,
      subject: input.subject,
      place: input.place,
      candidateRole: step.candidateRole,
      assigneeId: step.assigneeId,
      assignment: step.assignment,
      dueInMs: step.dueInMs,
      priority: step.priority,
      data: { ...input.data, step: step.step, earlierDecisions: decisions.map((d) => ({ step: d.step, decision: d.decision, by: d.decidedBy })) },
      fourEyes: { submittedBy: input.submittedBy, previousStepDecider: previousDecider },
      remindBeforeMs: step.remindBeforeMs,
      escalateAfterMs: step.escalateAfterMs,
      releaseIdleClaimAfterMs: step.releaseIdleClaimAfterMs,
    });
    decisions.push(decision);
    previousDecider = decision.decidedBy;
    if (decision.decision === 'reject') return { outcome: 'rejected', decisions };
    index = decision.decision === 'return' ? Math.max(index - 1, 0) : index + 1;
  }
  return { outcome: 'approved', decisions };
}
