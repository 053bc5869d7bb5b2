import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  BANK_DETAILS_TASK_KIND,
  PaymentRepairInput,
  PaymentRepairResult,
  StudentsPaymentCycleActivities,
  activityTaskQueue,
} from '@eduaid/contracts';
import { HumanTasks, HumanTaskSpec } from '../human-task';

const DAY_MS = 24 * 3600 * 1000;

const REASONS: Record<string, string> = {
  'account-closed': 'the bank account is closed',
  'name-mismatch': "the account holder's name does not match",
  'account-not-found': 'no such bank account',
  'no-bank-account': 'no bank account is on file',
  'idempotency-key-reused': 'the bank holds this payment key for another account or amount',
};

/**
 * A payment a cycle could not make (refused for good, no account on file) or that the receiving bank
 * sent back (`payment-repair:<ledgerId>`): a bank-details task for the application's submitter.
 * They fix the account (PUT /aid-applications/:id/bank-account) and complete the task ('approve'):
 * a new attempt of the payment is planned, with its own key, and the term's next run pays it.
 * 'reject' gives the payment up (it stays failed or returned); 'return' asks again.
 */
export async function paymentRepairWorkflow(input: PaymentRepairInput): Promise<PaymentRepairResult> {
  const students = proxyActivities<StudentsPaymentCycleActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const tasks = new HumanTasks();
  const { failure } = input;
  const why = REASONS[failure.code] ?? failure.code;
  const spec: HumanTaskSpec = {
    step: 'bank-details',
    kind: BANK_DETAILS_TASK_KIND,
    subject: { type: 'application', id: failure.applicationId },
    place: { divisionCode: failure.villageCode, ...(failure.schoolCode ? { schoolCode: failure.schoolCode } : {}) },
    candidateRole: 'caseworker',
    ...(failure.submittedBy ? { assigneeId: failure.submittedBy } : { assignment: 'least-loaded' as const }),
    dueInMs: 14 * DAY_MS,
    priority: 2,
    data: {
      term: input.term,
      cause: input.cause,
      studentId: failure.studentId,
      scheme: failure.scheme,
      amountFen: failure.amountFen,
      code: failure.code,
      ledgerId: failure.ledgerId,
      idempotencyKey: failure.idempotencyKey,
      question:
        `${input.cause === 'returned' ? 'The payment was returned' : 'The payment failed'}: ${why}. Fix the bank account ` +
        `(PUT /aid-applications/${failure.applicationId}/bank-account), then approve this task: the next payment run pays it again. Reject gives the payment up.`,
    },
  };
  for (;;) {
    const done = await tasks.run(spec);
    const { decision } = done.decision;
    if (decision === 'return') continue;
    if (decision === 'reject') return { outcome: 'given-up', decidedBy: done.decision.decidedBy };
    const retried = await students.retryCyclePayment({ ledgerId: failure.ledgerId, by: done.decision.decidedBy, ...(done.decision.comment ? { comment: done.decision.comment } : {}) });
    return retried.retryLedgerId
      ? { outcome: 'retried', retryLedgerId: retried.retryLedgerId, decidedBy: done.decision.decidedBy }
      : { outcome: 'nothing-to-retry', decidedBy: done.decision.decidedBy };
  }
}
