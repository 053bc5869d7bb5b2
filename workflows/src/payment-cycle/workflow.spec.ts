import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type {
  CaseworkActivities,
  CreateTaskInput,
  PayCycleChunkInput,
  PayCycleChunkResult,
  PaymentCycleInput,
  PaymentCycleState,
  StudentsPaymentCycleActivities,
} from '@eduaid/contracts';
import { testEnv } from '@eduaid/testing';
import { paymentCycleWorkflow } from './workflow';
import { cancelCycleUpdate } from './messages';

/**
 * The cycle's workflows on the time-skipping server, with the students and casework activities
 * played by a fake ledger: each county is walked by key in chunks; a batch left unanswered is sent
 * again in a later round (after the back-off, skipped here); each permanent failure becomes one
 * casework task; an ended cycle refuses a cancel and a second start. The real activities run in
 * tests/e2e/payment-cycle.e2e-spec.ts.
 */
describe('paymentCycleWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  /** A fake ledger: `rows` ids per county, each 'planned' until paid or failed; `unanswered` ids are unanswered on their first batch. */
  function fakes(rows: Record<string, number[]>, options: { fail?: number[]; unanswered?: number[] } = {}) {
    const status = new Map<number, 'planned' | 'sending' | 'paid' | 'failed'>(Object.values(rows).flat().map((id) => [id, 'planned']));
    const sentOnce = new Set<number>();
    const chunks: PayCycleChunkInput[] = [];
    const tasks: CreateTaskInput[] = [];
    const states: PaymentCycleState[] = [];
    const students: StudentsPaymentCycleActivities = {
      openPaymentCycle: async () => ({ counties: Object.entries(rows).map(([countyCode, ids]) => ({ countyCode, due: ids.length })), due: status.size }),
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
      setCycleCountyState: async () => undefined,
      setPaymentCycleState: async (input) => void states.push(input.state),
    };
    const casework: Pick<CaseworkActivities, 'createTask'> = {
      // A retried create answers the same task: the fake keeps one per (workflow, step), as casework does.
      createTask: async (input) => {
        if (!tasks.some((t) => t.workflowId === input.workflowId && t.step === input.step)) tasks.push(input);
        return { taskId: input.taskId, assigneeId: null, created: true };
      },
    };
    return { status, chunks, tasks, states, students, casework };
  }

  async function run<T>(f: ReturnType<typeof fakes>, body: (prefix: string) => Promise<T>): Promise<T> {
    const prefix = `cycle-${Math.random().toString(36).slice(2, 8)}-`;
    const studentsWorker = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}students`, activities: f.students });
    const caseworkWorker = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}casework`, activities: f.casework });
    const workflowWorker = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}workflows`, workflowBundle: { codePath: testEnv('workflowBundle') } });
    return workflowWorker.runUntil(() => studentsWorker.runUntil(() => caseworkWorker.runUntil(() => body(prefix))));
  }

  const input = (term: string): PaymentCycleInput => ({
    term,
    startedBy: 'admin-1',
    settings: { chunkSize: 3, concurrency: 2, batchDeadlineMs: 60_000, maxRounds: 4, roundBackoffMs: 3_600_000, searchAttributes: false },
  });

  it('walks each county by key, resends an unanswered batch in a later round, makes one task per failure, and ends completed', async () => {
    const f = fakes({ '420102': [1, 2, 3, 4, 5, 6, 7], '420103': [10, 11] }, { fail: [5], unanswered: [2] });
    const result = await run(f, async (prefix) => {
      const handle = await env.client.workflow.start(paymentCycleWorkflow, { workflowId: `payment-cycle:${prefix}2026-2027:S1`, taskQueue: `${prefix}workflows`, args: [input('2026-2027:S1')] });
      return handle.result();
    });
    expect(result).toEqual({ term: '2026-2027:S1', state: 'completed', due: 9, paid: 8, failed: 1, unresolved: 0, tasks: 1 });
    expect([...f.status.values()].filter((s) => s !== 'paid' && s !== 'failed')).toEqual([]);
    // County 420102: round 1 in chunks of 3 by key; round 2 from the start finds the batch left unanswered (ids 1-3), a full chunk, so it looks once more.
    const demo = f.chunks.filter((c) => c.countyCode === '420102').map((c) => [c.round, c.afterId]);
    expect(demo).toEqual([[1, '0'], [1, '3'], [1, '6'], [2, '0'], [2, '3']]);
    expect(f.chunks.filter((c) => c.countyCode === '420103').map((c) => [c.round, c.afterId])).toEqual([[1, '0']]);
    expect(f.tasks).toHaveLength(1);
    expect(f.tasks[0]).toMatchObject({ step: 'bank-details:5', kind: 'aid-bank-details', candidateRole: 'caseworker', place: { divisionCode: '420102001001' }, subject: { type: 'application', id: 'app-5' } });
    expect(f.tasks[0].workflowId).toMatch(/:2026-2027:S1:420102$/);
    expect(f.states).toEqual(['running', 'completed']);
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
