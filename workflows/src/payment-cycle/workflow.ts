import {
  ApplicationFailure,
  ChildWorkflowHandle,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  BANK_DETAILS_TASK_KIND,
  CaseworkActivities,
  CreateTaskInput,
  CyclePaymentFailure,
  PaymentCycleControl,
  PaymentCycleControlInput,
  PaymentCycleCountyInput,
  PaymentCycleCountyResult,
  PaymentCycleInput,
  PaymentCycleMemo,
  PaymentCycleResult,
  PaymentCycleState,
  StudentsPaymentCycleActivities,
  activityTaskQueue,
  paymentCycleCountyWorkflowId,
} from '@eduaid/contracts';
import { cancelCycleUpdate, cycleControlSignal, cycleProgressQuery, pauseCycleUpdate, resumeCycleUpdate } from './messages';

const DAY_MS = 24 * 3600 * 1000;
/** Rows claimed per statement while the cycle selects what is due. */
const CLAIM_BATCH = 20_000;
/**
 * Runs (this patch): a run reads the bank's returns feed before it selects, and a county hands each
 * permanent failure to a repair workflow (a bank-details task that can be completed, then the next
 * run pays again) instead of making a bare casework task. Histories from before replay the old path.
 */
export const PAYMENT_CYCLE_RUNS_PATCH = 'payment-cycle-runs';

function studentsActivities(batchDeadlineMs = 0) {
  return proxyActivities<StudentsPaymentCycleActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    // A chunk waits for its batch up to the deadline, then reads its lines: room for both.
    startToCloseTimeout: batchDeadlineMs + 10 * 60_000,
    // Chunks heartbeat while they claim, submit and poll: a dead worker's chunk is retried elsewhere soon.
    // (A minute here left every chunk of a SIGKILLed students service stalled for a minute; the
    // reliability suite measured it. Each step between heartbeats takes a few seconds at most.)
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
}

/** The controls as the cycle holds them, and the guards the Updates' validators use. */
class CycleControls {
  paused = false;
  cancelled = false;
  finished = false;

  canPause(): void {
    this.assertOpen();
    if (this.paused) throw ApplicationFailure.nonRetryable('The cycle is already paused.', 'AlreadyPaused');
  }

  canResume(): void {
    this.assertOpen();
    if (!this.paused) throw ApplicationFailure.nonRetryable('The cycle is not paused.', 'NotPaused');
  }

  assertOpen(): void {
    if (this.finished) throw ApplicationFailure.nonRetryable('The cycle has ended.', 'CycleFinished');
    if (this.cancelled) throw ApplicationFailure.nonRetryable('The cycle is being cancelled.', 'CycleCancelling');
  }

  get signal(): PaymentCycleControl {
    return { paused: this.paused, cancelled: this.cancelled };
  }
}

/**
 * A run of a semester's cycle (`payment-cycle:<term>`, follow-up runs `payment-cycle:<term>:run-<n>`):
 * reads the bank's returns, claims every payment due by the term left to cycles (the term's own,
 * earlier semesters' late ones, what earlier runs left unpaid), then pays county by county, each
 * county a child workflow (`…:<county>`) working through bank batches, a few counties at once.
 * Operators pause, resume or cancel it by Update; the counties apply it at their next batch
 * boundary. Only counts travel here.
 */
export async function paymentCycleWorkflow(input: PaymentCycleInput): Promise<PaymentCycleResult> {
  const students = studentsActivities();
  const controls = new CycleControls();
  const children = new Map<string, ChildWorkflowHandle<typeof paymentCycleCountyWorkflow>>();
  const memo: PaymentCycleMemo = { state: 'selecting', counties: 0, countiesDone: 0, due: 0, paid: 0, failed: 0 };
  const results: PaymentCycleCountyResult[] = [];

  const show = () => {
    upsertMemo({ progress: { ...memo } });
    if (input.settings.searchAttributes !== false) upsertSearchAttributes({ EduaidStatus: [memo.state] });
  };
  // Only a follow-up run names itself to the activities: run 1's calls stay as they were recorded.
  const run = input.run ? { run: input.run } : {};
  const setState = async (state: PaymentCycleState) => {
    memo.state = state;
    await students.setPaymentCycleState({ term: input.term, ...run, state });
    show();
  };
  // A county that ended meanwhile cannot be told, and need not be.
  const tell = (child: ChildWorkflowHandle<typeof paymentCycleCountyWorkflow>) => child.signal(cycleControlSignal, controls.signal).catch(() => undefined);
  const tellCounties = async () => {
    await Promise.all([...children.values()].map(tell));
  };
  let opened = false;

  setHandler(cycleProgressQuery, () => ({ ...memo }));
  setHandler(pauseCycleUpdate, async (_by: PaymentCycleControlInput) => {
    controls.paused = true;
    await setState('paused');
    await tellCounties();
    return { state: memo.state };
  }, { validator: (_by: PaymentCycleControlInput) => controls.canPause() });
  setHandler(resumeCycleUpdate, async (_by: PaymentCycleControlInput) => {
    controls.paused = false;
    await setState(opened ? 'running' : 'selecting');
    await tellCounties();
    return { state: memo.state };
  }, { validator: (_by: PaymentCycleControlInput) => controls.canResume() });
  setHandler(cancelCycleUpdate, async (_by: PaymentCycleControlInput) => {
    controls.cancelled = true;
    await setState('cancelling');
    await tellCounties();
    return { state: memo.state };
  }, { validator: (_by: PaymentCycleControlInput) => controls.assertOpen() });

  show();
  if (patched(PAYMENT_CYCLE_RUNS_PATCH)) await readReturns(input.term);
  const due = await students.openPaymentCycle({ term: input.term, ...run, workflowId: workflowInfo().workflowId, startedBy: input.startedBy, claimBatch: CLAIM_BATCH });
  opened = true;
  memo.counties = due.counties.length;
  memo.due = due.due;
  if (!controls.cancelled) await setState(controls.paused ? 'paused' : 'running');

  const queue = [...due.counties];
  const lane = async () => {
    for (;;) {
      await condition(() => !controls.paused || controls.cancelled);
      if (controls.cancelled) return;
      const county = queue.shift();
      if (!county) return;
      const countyInput: PaymentCycleCountyInput = { term: input.term, ...run, countyCode: county.countyCode, cycleWorkflowId: workflowInfo().workflowId, settings: input.settings, paused: controls.paused };
      const child = await startChild(paymentCycleCountyWorkflow, { workflowId: paymentCycleCountyWorkflowId(input.term, county.countyCode, input.run), args: [countyInput] });
      children.set(county.countyCode, child);
      // A control that came while the child was starting: tell it now.
      if (controls.paused !== countyInput.paused || controls.cancelled) await tell(child);
      const result = await child.result();
      children.delete(county.countyCode);
      results.push(result);
      memo.countiesDone += 1;
      memo.paid += result.paid;
      memo.failed += result.failed;
      show();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(input.settings.concurrency, queue.length)) }, lane));
  // Counties never started when the cycle was cancelled.
  for (const county of queue) await students.setCycleCountyState({ term: input.term, ...run, countyCode: county.countyCode, state: 'cancelled' });

  const cancelled = controls.cancelled || results.some((r) => r.cancelled);
  // An Update still writing its state finishes before the final state is written.
  await condition(allHandlersFinished);
  controls.finished = true;
  await setState(cancelled ? 'cancelled' : 'completed');
  return {
    term: input.term,
    ...run,
    state: cancelled ? 'cancelled' : 'completed',
    due: due.due,
    paid: results.reduce((a, r) => a + r.paid, 0),
    failed: results.reduce((a, r) => a + r.failed, 0),
    unresolved: results.reduce((a, r) => a + r.unresolved, 0),
    tasks: results.reduce((a, r) => a + r.tasks, 0),
  };
}

/** The casework task a payment refused for good becomes: whoever submitted the application fixes the bank details. */
function bankDetailsTask(term: string, failure: CyclePaymentFailure): CreateTaskInput {
  return {
    taskId: uuid4(),
    // One task per ledger row, whatever retries: (this county's workflow id, step) is casework's key.
    workflowId: workflowInfo().workflowId,
    step: `bank-details:${failure.ledgerId}`,
    attempt: 1,
    stepIndex: 0,
    kind: BANK_DETAILS_TASK_KIND,
    subject: { type: 'application', id: failure.applicationId },
    place: { divisionCode: failure.villageCode, ...(failure.schoolCode ? { schoolCode: failure.schoolCode } : {}) },
    candidateRole: 'caseworker',
    ...(failure.submittedBy ? { assigneeId: failure.submittedBy } : { assignment: 'least-loaded' as const }),
    dueAt: new Date(Date.now() + 14 * DAY_MS).toISOString(),
    priority: 2,
    data: { term, studentId: failure.studentId, scheme: failure.scheme, amountFen: failure.amountFen, code: failure.code, ledgerId: failure.ledgerId, idempotencyKey: failure.idempotencyKey },
  };
}

/**
 * One county of a cycle: passes over the county's rows by ledger id, a bank batch per chunk; each
 * permanent failure goes to its repair workflow (a bank-details task; fixed, the next run pays it); rows whose batch went unanswered are sent again in the
 * next pass (same keys: the bank pays each once), up to `maxRounds` passes. Pause and cancel take
 * effect between batches. Continues as new when its history grows long.
 */
export async function paymentCycleCountyWorkflow(input: PaymentCycleCountyInput): Promise<PaymentCycleCountyResult> {
  const { term, countyCode, settings } = input;
  const run = input.run ? { run: input.run } : {};
  const students = studentsActivities(settings.batchDeadlineMs);
  const casework = proxyActivities<CaseworkActivities>({
    taskQueue: activityTaskQueue('casework', workflowInfo().taskQueue),
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  let paused = input.paused;
  let cancelled = false;
  setHandler(cycleControlSignal, (control) => {
    paused = control.paused;
    cancelled = control.cancelled;
  });
  const withSearchAttributes = settings.searchAttributes !== false;
  if (withSearchAttributes) upsertSearchAttributes({ EduaidCounty: [countyCode], EduaidStatus: ['running'] });

  let round = input.resume?.round ?? 1;
  let afterId = input.resume?.afterId ?? '0';
  let unresolved = input.resume?.unresolved ?? 0;
  let tasks = input.resume?.tasks ?? 0;
  let paid = input.resume?.paid ?? 0;
  let failed = input.resume?.failed ?? 0;
  const result = (wasCancelled: boolean): PaymentCycleCountyResult => ({ countyCode, paid, failed, unresolved, tasks, cancelled: wasCancelled });

  if (!input.resume) await students.setCycleCountyState({ term, ...run, countyCode, state: 'running', round });
  for (; round <= settings.maxRounds; round += 1) {
    for (;;) {
      await condition(() => !paused || cancelled);
      if (cancelled) {
        await students.setCycleCountyState({ term, ...run, countyCode, state: 'cancelled', round });
        return result(true);
      }
      const chunk = await students.payCycleChunk({ term, ...run, countyCode, round, afterId, limit: settings.chunkSize, batchDeadlineMs: settings.batchDeadlineMs });
      paid += chunk.paid;
      failed += chunk.failures.length;
      unresolved += chunk.unresolved;
      if (chunk.failures.length > 0) {
        // Each failure's repair workflow makes its task, waits for it, and plans the next attempt.
        if (patched(PAYMENT_CYCLE_RUNS_PATCH)) await students.openPaymentRepairs({ term, failures: chunk.failures });
        else await Promise.all(chunk.failures.map((f) => casework.createTask(bankDetailsTask(term, f))));
        await students.recordFailureTasks({ term, ledgerIds: chunk.failures.map((f) => f.ledgerId) });
        tasks += chunk.failures.length;
      }
      afterId = chunk.lastId;
      if (chunk.passDone) break;
      if (workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof paymentCycleCountyWorkflow>({ ...input, paused, resume: { round, afterId, unresolved, tasks, paid, failed } });
      }
    }
    if (unresolved === 0 || round === settings.maxRounds) break;
    // Give the bank time before the next pass; a cancel cuts the wait short.
    await students.setCycleCountyState({ term, ...run, countyCode, state: 'running', round: round + 1 });
    await condition(() => cancelled, settings.roundBackoffMs * round);
    afterId = '0';
    unresolved = 0;
  }
  await students.setCycleCountyState({ term, ...run, countyCode, state: 'done', round });
  if (withSearchAttributes) upsertSearchAttributes({ EduaidStatus: ['done'] });
  return result(false);
}

/**
 * Reads the bank's returns feed before a run selects: each payment sent back becomes 'returned' with
 * a repair workflow. A bank that does not answer the feed does not hold the run up: the next run reads on.
 */
async function readReturns(term: string): Promise<void> {
  const students = proxyActivities<StudentsPaymentCycleActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 4 },
  });
  await students.readBankReturns({ term }).catch(() => undefined);
}
