import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type {
  CaseworkActivities,
  CreateTaskInput,
  CyclePaymentFailure,
  PayCycleChunkInput,
  PayCycleChunkResult,
  PaymentCycleInput,
  PaymentCycleState,
  PaymentRepairInput,
  StudentsPaymentCycleActivities,
  TaskDecision,
} from '@eduaid/contracts';
import { termOn } from '@eduaid/policy';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { paymentCycleWorkflow } from './workflow';
import { paymentRepairWorkflow } from './repair';
import { scheduledPaymentCycleWorkflow } from './scheduled';
import { cancelCycleUpdate } from './messages';

/**
 * The cycle's workflows on the time-skipping server, with the students and casework activities
 * played by a fake ledger: each county is walked by key in chunks; a batch left unanswered is sent
 * again in a later round (after the back-off, skipped here); each permanent failure becomes one
 * casework task; an ended cycle refuses a cancel and a second start. The real activities run in
 * tests/e2e/payment-cycle.e2e-spec.ts.
 */
describe('paymentCycleWorkflow', () => {
  const env = timeSkippingEnvForSuite();

  /** A fake ledger: `rows` ids per county, each 'planned' until paid or failed; `unanswered` ids are unanswered on their first batch. */
  function fakes(rows: Record<string, number[]>, options: { fail?: number[]; unanswered?: number[] } = {}) {
    const status = new Map<number, 'planned' | 'sending' | 'paid' | 'failed'>(Object.values(rows).flat().map((id) => [id, 'planned']));
    const sentOnce = new Set<number>();
    const chunks: PayCycleChunkInput[] = [];
    const tasks: CreateTaskInput[] = [];
    const states: PaymentCycleState[] = [];
    const repairs: CyclePaymentFailure[] = [];
    const opened: unknown[] = [];
    const countyStates: unknown[] = [];
    const retried: string[] = [];
    const runsStarted: { term: string; requestedBy: string }[] = [];
    let returnsRead = 0;
    const students: StudentsPaymentCycleActivities = {
      openPaymentCycle: async (input) => {
        opened.push(input);
        return { counties: Object.entries(rows).map(([countyCode, ids]) => ({ countyCode, due: ids.length })), due: status.size };
      },
      payCycleChunk: async (input): Promise<PayCycleChunkResult> => {
        chunks.push(input);
        const picked = rows[input.countyCode].filter((id) => id > Number(input.afterId) && ['planned', 'sending'].includes(status.get(id) as string)).slice(0, input.limit);
        const result: PayCycleChunkResult = { lastId: String(picked.at(-1) ?? input.afterId), selected: picked.length, paid: 0, unresolved: 0, failures: [], passDone: picked.length < input.limit };
        const batchUnanswered = picked.some((id) => options.unanswered?.includes(id) && !sentOnce.has(id));
        for (const id of picked) {
          sentOnce.add(id);
          if (batchUnanswered) { status.set(id, 'sending'); result.unresolved += 1; continue; }
          if (options.fail?.includes(id)) {
            status.set(id, 'failed');
            result.failures.push({ ledgerId: String(id), idempotencyKey: `k${id}`, applicationId: `app-${id}`, studentId: `s-${id}`, villageCode: `${input.countyCode}001001`, scheme: 'x', amountFen: 100, code: 'account-closed' });
          } else { status.set(id, 'paid'); result.paid += 1; }
        }
        return result;
      },
      recordFailureTasks: async () => undefined,
      setCycleCountyState: async (input) => void countyStates.push(input),
      setPaymentCycleState: async (input) => void states.push(input.state),
      // One repair per ledger row, as the repair workflow's id makes it.
      openPaymentRepairs: async (input) => input.failures.forEach((f) => repairs.some((r) => r.ledgerId === f.ledgerId) || repairs.push(f)),
      readBankReturns: async () => {
        returnsRead += 1;
        return { returned: 0 };
      },
      retryCyclePayment: async (input) => (retried.push(input.ledgerId), { retryLedgerId: `${input.ledgerId}-2` }),
      startPaymentCycleRun: async (input) => (runsStarted.push(input), { workflowId: `payment-cycle:${input.term}:run-2`, run: 2 }),
    };
    const completed: string[] = [];
    const casework: Pick<CaseworkActivities, 'createTask' | 'completeTask'> = {
      completeTask: async (input) => void completed.push(`${input.taskId}:${input.decision.decision}`),
      // A retried create answers the same task: the fake keeps one per (workflow, step), as casework does.
      createTask: async (input) => {
        if (!tasks.some((t) => t.workflowId === input.workflowId && t.step === input.step)) tasks.push(input);
        return { taskId: input.taskId, assigneeId: null, created: true };
      },
    };
    return { status, chunks, tasks, completed, states, repairs, opened, countyStates, retried, runsStarted, returnsRead: () => returnsRead, students, casework };
  }

  const run = <T>(f: ReturnType<typeof fakes>, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'cycle', { students: f.students, casework: f.casework }, body);

  const input = (term: string): PaymentCycleInput => ({
    term,
    startedBy: 'admin-1',
    settings: { chunkSize: 3, concurrency: 2, batchDeadlineMs: 60_000, maxRounds: 4, roundBackoffMs: 3_600_000, searchAttributes: false },
  });

  it('walks each county by key, resends an unanswered batch in a later round, makes one task per failure, and ends completed', async () => {
    const f = fakes({ '420102': [1, 2, 3, 4, 5, 6, 7], '420103': [10, 11] }, { fail: [5], unanswered: [2] });
    const result = await run(f, async (prefix) => {
      const handle = await env.client.workflow.start(paymentCycleWorkflow, { workflowId: `payment-cycle:${prefix}2026-2027:S1`, taskQueue: `${prefix}workflows`, args: [input('2026-2027:S1')] });
      const out = await handle.result();
      if (process.env.EDUAID_RECORD_HISTORIES === '1') {
        // New files: the histories recorded before runs (payment-cycle-single-run, payment-cycle-county-tasks) stay, and must replay too.
        const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'payment-cycle-run-with-returns.json'), JSON.stringify(await handle.fetchHistory()));
        writeFileSync(path.join(dir, 'payment-cycle-county-repairs.json'), JSON.stringify(await env.client.workflow.getHandle(`payment-cycle:2026-2027:S1:420102`).fetchHistory()));
      }
      return out;
    });
    expect(result).toEqual({ term: '2026-2027:S1', state: 'completed', due: 9, paid: 8, failed: 1, unresolved: 0, tasks: 1 });
    expect([...f.status.values()].filter((s) => s !== 'paid' && s !== 'failed')).toEqual([]);
    // County 420102: round 1 in chunks of 3 by key; round 2 from the start finds the batch left unanswered (ids 1-3), a full chunk, so it looks once more.
    const demo = f.chunks.filter((c) => c.countyCode === '420102').map((c) => [c.round, c.afterId]);
    expect(demo).toEqual([[1, '0'], [1, '3'], [1, '6'], [2, '0'], [2, '3']]);
    expect(f.chunks.filter((c) => c.countyCode === '420103').map((c) => [c.round, c.afterId])).toEqual([[1, '0']]);
    // The failure goes to its repair workflow (which makes the task); the cycle makes no bare task any more.
    expect(f.repairs.map((r) => [r.ledgerId, r.code])).toEqual([['5', 'account-closed']]);
    expect(f.tasks).toEqual([]);
    expect(f.returnsRead()).toBe(1);
    expect(f.states).toEqual(['running', 'completed']);
    // Run 1 keeps the ids and activity inputs of cycles from before runs.
    expect(f.opened).toEqual([expect.not.objectContaining({ run: expect.anything() })]);
  });

  it('a follow-up run names its run to every activity, and its counties carry the run in their ids', async () => {
    const f = fakes({ '420102': [1, 2] });
    const result = await run(f, async (prefix) => {
      const handle = await env.client.workflow.start(paymentCycleWorkflow, { workflowId: `payment-cycle:${prefix}2026-2027:S2:run-3`, taskQueue: `${prefix}workflows`, args: [{ ...input('2026-2027:S2'), run: 3 }] });
      const out = await handle.result();
      // The county's child has the run in its id.
      expect((await env.client.workflow.getHandle('payment-cycle:2026-2027:S2:run-3:420102').describe()).status.name).toBe('COMPLETED');
      return out;
    });
    expect(result).toMatchObject({ term: '2026-2027:S2', run: 3, state: 'completed', due: 2, paid: 2 });
    expect(f.opened).toEqual([expect.objectContaining({ term: '2026-2027:S2', run: 3 })]);
    expect(f.chunks.map((c) => c.run)).toEqual([3]);
    expect(f.countyStates).toEqual([expect.objectContaining({ run: 3, state: 'running' }), expect.objectContaining({ run: 3, state: 'done' })]);
  });

  const failure: CyclePaymentFailure = { ledgerId: '77', idempotencyKey: 'k77', applicationId: 'aid-application:s-77:2026-2027', studentId: 's-77', villageCode: '420102001001', submittedBy: 'cw-1', scheme: 'x', amountFen: 62_500, code: 'account-closed' };
  const decide = (taskId: string, decision: TaskDecision['decision']): TaskDecision => ({ taskId, step: 'bank-details', decision, decidedBy: 'cw-1', decidedAt: new Date().toISOString(), requestId: 'r' });

  it('a repair makes one bank-details task for the submitter; "return" asks again; completing it plans the next attempt', async () => {
    const f = fakes({});
    const out = await run(f, async (prefix) => {
      const repairInput: PaymentRepairInput = { term: '2026-2027:S1', failure, cause: 'returned' };
      const handle = await env.client.workflow.start(paymentRepairWorkflow, { workflowId: `payment-repair:${prefix}77`, taskQueue: `${prefix}workflows`, args: [repairInput] });
      const pending = async () => {
        for (;;) {
          const p = await handle.query(pendingTaskQuery);
          if (p) return p;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const first = await pending();
      await handle.executeUpdate(decideTaskUpdate, { args: [decide(first.taskId, 'return')] });
      let second = await pending();
      while (second.taskId === first.taskId) second = await pending();
      // A decision for the first task is stale now.
      await expect(handle.executeUpdate(decideTaskUpdate, { args: [decide(first.taskId, 'approve')] })).rejects.toThrow();
      await handle.executeUpdate(decideTaskUpdate, { args: [decide(second.taskId, 'approve')] });
      return handle.result();
    });
    expect(out).toEqual({ outcome: 'retried', retryLedgerId: '77-2', decidedBy: 'cw-1' });
    expect(f.retried).toEqual(['77']);
    expect(f.completed.map((c) => c.split(':')[1])).toEqual(['return', 'approve']);
    expect(f.tasks).toHaveLength(1); // the fake keeps one per (workflow, step): both attempts of the step
    expect(f.tasks[0]).toMatchObject({ kind: 'aid-bank-details', step: 'bank-details', assigneeId: 'cw-1', candidateRole: 'caseworker', place: { divisionCode: '420102001001' }, subject: { type: 'application', id: failure.applicationId } });
    expect(f.tasks[0].data).toMatchObject({ cause: 'returned', ledgerId: '77', code: 'account-closed' });
  });

  it('a rejected repair gives the payment up: nothing is planned again', async () => {
    const f = fakes({});
    const out = await run(f, async (prefix) => {
      const handle = await env.client.workflow.start(paymentRepairWorkflow, { workflowId: `payment-repair:${prefix}78`, taskQueue: `${prefix}workflows`, args: [{ term: '2026-2027:S1', failure: { ...failure, ledgerId: '78' }, cause: 'failed' }] });
      let pending = await handle.query(pendingTaskQuery);
      while (!pending) pending = await handle.query(pendingTaskQuery);
      await handle.executeUpdate(decideTaskUpdate, { args: [decide(pending.taskId, 'reject')] });
      return handle.result();
    });
    expect(out).toEqual({ outcome: 'given-up', decidedBy: 'cw-1' });
    expect(f.retried).toEqual([]);
  });

  it('the Schedule\'s workflow starts the next run of the term under way (or of a pinned term)', async () => {
    const f = fakes({});
    const [byClock, pinned, startedAt] = await run(f, async (prefix) => {
      // One after the other: run at once, the two could start their runs in either order (a CI run did).
      const a = await env.client.workflow.start(scheduledPaymentCycleWorkflow, { workflowId: `scheduled-${prefix}a`, taskQueue: `${prefix}workflows`, args: [{}] });
      const aResult = await a.result();
      const b = await env.client.workflow.execute(scheduledPaymentCycleWorkflow, { workflowId: `scheduled-${prefix}b`, taskQueue: `${prefix}workflows`, args: [{ term: '2040-2041:S2' }] });
      return [aResult, b, (await a.describe()).startTime] as const;
    });
    // The term under way at the workflow's own start (the time-skipping server's clock runs ahead of ours).
    const today = termOn(startedAt.toISOString().slice(0, 10));
    expect(byClock).toEqual({ term: today, started: { workflowId: `payment-cycle:${today}:run-2`, run: 2 } });
    expect(pinned.term).toBe('2040-2041:S2');
    // Both runs were started by the Schedule's workflow, the term under way and the pinned one.
    expect(f.runsStarted.map((r) => r.term).sort()).toEqual([today, '2040-2041:S2'].sort());
    expect(f.runsStarted.map((r) => r.requestedBy)).toEqual([expect.stringMatching(/^schedule:scheduled-/), expect.stringMatching(/^schedule:scheduled-/)]);
  });

  it("retries a chunk whose worker died (no heartbeat) within 30 s, not a minute later", async () => {
    // The first attempt of the first chunk hangs as on a SIGKILLed students service: no heartbeat, no answer.
    const f = fakes({ '420104': [21, 22] });
    const payChunk = f.students.payCycleChunk;
    let release: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const retriedAfterMs: number[] = [];
    f.students.payCycleChunk = async (chunk) => {
      const info = Context.current().info;
      if (info.attempt === 1 && chunk.afterId === '0') {
        await hung;
        throw new Error('the worker that ran this attempt is gone');
      }
      if (info.attempt > 1) retriedAfterMs.push(info.currentAttemptScheduledTimestampMs - info.scheduledTimestampMs);
      return payChunk(chunk);
    };
    const result = await run(f, async (prefix) => {
      const handle = await env.client.workflow.start(paymentCycleWorkflow, { workflowId: `payment-cycle:${prefix}2028-2029:S1`, taskQueue: `${prefix}workflows`, args: [input('2028-2029:S1')] });
      const done = await handle.result();
      release();
      return done;
    });
    expect(result).toMatchObject({ state: 'completed', due: 2, paid: 2 });
    expect(retriedAfterMs).toHaveLength(1);
    expect(retriedAfterMs[0]).toBeLessThanOrEqual(30_000);
  });

  it('a term with nothing due completes at once; an ended cycle refuses a cancel, and its id a second start', async () => {
    const f = fakes({});
    await run(f, async (prefix) => {
      const workflowId = `payment-cycle:${prefix}2027-2028:S2`;
      const options = { workflowId, taskQueue: `${prefix}workflows`, args: [input('2027-2028:S2')] as [PaymentCycleInput], workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE };
      const handle = await env.client.workflow.start(paymentCycleWorkflow, options);
      expect(await handle.result()).toMatchObject({ state: 'completed', due: 0, paid: 0, failed: 0, tasks: 0 });
      await expect(handle.executeUpdate(cancelCycleUpdate, { args: [{ by: 'admin-1' }] })).rejects.toThrow();
      await expect(env.client.workflow.start(paymentCycleWorkflow, options)).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    });
    expect(f.chunks).toEqual([]);
    expect(f.states).toEqual(['running', 'completed']);
  });
});
