import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { CaseReviewInput, CaseReviewResult, CaseworkActivities, CompleteTaskInput, CreateTaskInput, TaskDecision } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { caseReviewWorkflow } from './workflow';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The human-task piece on the time-skipping server: durable timers send reminders and escalate
 * over days in milliseconds; the decision Update's validator refuses stale, out-of-order and
 * repeated decisions. Casework's activities are played by a recorder; the real ones run in the
 * casework end-to-end suite.
 */
describe('caseReviewWorkflow with human tasks', () => {
  const env = timeSkippingEnvForSuite();

  function recorder() {
    const calls: { name: string; input: unknown; at: number }[] = [];
    // The test server's clock, which skips; the activity's own Date.now() does not.
    const push = (name: string, input: unknown) => env.currentTimeMs().then((at) => void calls.push({ name, input, at }));
    const activities: CaseworkActivities = {
      createTask: async (input: CreateTaskInput) => {
        await push('createTask', input);
        return { taskId: input.taskId, assigneeId: null, created: true };
      },
      completeTask: async (input: CompleteTaskInput) => await push('completeTask', input),
      remindTask: async (input) => await push('remindTask', input),
      escalateTask: async (input) => {
        await push('escalateTask', input);
        return { taskId: input.taskId, escalatedTo: 'supervisor-1' };
      },
      releaseIdleClaim: async (input) => {
        await push('releaseIdleClaim', input);
        return false;
      },
      cancelTask: async (input) => await push('cancelTask', input),
    };
    return { calls, activities, named: (name: string) => calls.filter((c) => c.name === name) };
  }

  const input: CaseReviewInput = {
    subject: { type: 'application', id: 'app-1' },
    place: { divisionCode: '420102001' },
    submittedBy: 'caseworker-1',
    data: { student: 'S-1', amountFen: 200000 },
    steps: [
      { step: 'county-review', kind: 'review', candidateRole: 'caseworker', dueInMs: 3 * DAY, remindBeforeMs: [DAY, HOUR], escalateAfterMs: DAY, releaseIdleClaimAfterMs: 2 * DAY },
      { step: 'county-approval', kind: 'approval', candidateRole: 'approver', dueInMs: 2 * DAY },
    ],
  };

  const withWorkers = <T>(activities: CaseworkActivities, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'spec', { casework: activities }, body);


  const decision = (taskId: string, step: string, decidedBy: string, d: TaskDecision['decision'] = 'approve'): TaskDecision => ({
    taskId, step, decision: d, decidedBy, decidedAt: new Date().toISOString(),
  });

  it('reminds before the due time, escalates after it, releases idle claims, and refuses stale or repeated decisions', async () => {
    const rec = recorder();
    const result = await withWorkers(rec.activities, async (prefix) => {
      const handle = await env.client.workflow.start(caseReviewWorkflow, { workflowId: `case-review:application:${prefix}`, taskQueue: `${prefix}workflows`, args: [input] });
      const started = await env.currentTimeMs();
      const firstTask = async () => {
        for (;;) {
          const pending = await handle.query(pendingTaskQuery);
          if (pending && rec.named('createTask').length > 0) return pending;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const pending = await firstTask();
      expect(pending.step).toBe('county-review');

      await env.sleep(2 * DAY + HOUR); // past the one-day-before reminder
      expect(rec.named('remindTask')).toHaveLength(1);
      expect(rec.named('escalateTask')).toHaveLength(0);
      await env.sleep(DAY); // past the one-hour-before reminder and the due time
      expect(rec.named('remindTask')).toHaveLength(2);
      expect(rec.named('escalateTask')).toHaveLength(0);
      await env.sleep(DAY); // due + 1 day: escalated
      expect(rec.named('escalateTask')).toHaveLength(1);
      expect(rec.named('escalateTask')[0].at - started).toBeGreaterThanOrEqual(4 * DAY - 60_000);
      expect(rec.named('releaseIdleClaim').length).toBeGreaterThanOrEqual(2);

      // A decision for another task, or for a step the process is not at, is refused by the validator.
      await expect(handle.executeUpdate(decideTaskUpdate, { args: [decision('00000000-0000-4000-8000-000000000000', 'county-review', 'caseworker-2')] })).rejects.toThrow(WorkflowUpdateFailedError);
      const outOfOrder = await handle.executeUpdate(decideTaskUpdate, { args: [decision(pending.taskId, 'county-approval', 'caseworker-2')] }).catch((e: WorkflowUpdateFailedError) => e);
      expect((outOfOrder as WorkflowUpdateFailedError).cause?.message).toMatch(/Out of order/);
      await expect(handle.executeUpdate(decideTaskUpdate, { args: [decision(pending.taskId, 'county-review', 'caseworker-2')] })).resolves.toMatchObject({ accepted: true });
      // The same task again: already decided (or no longer waiting).
      await expect(handle.executeUpdate(decideTaskUpdate, { args: [decision(pending.taskId, 'county-review', 'caseworker-3')] })).rejects.toThrow(WorkflowUpdateFailedError);

      let second = await handle.query(pendingTaskQuery);
      while (!second || second.step !== 'county-approval') {
        await new Promise((r) => setTimeout(r, 50));
        second = await handle.query(pendingTaskQuery);
      }
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(second.taskId, 'county-approval', 'approver-1')] });
      return (await handle.result()) as CaseReviewResult;
    });

    expect(result.outcome).toBe('approved');
    expect(result.decisions.map((d) => [d.step, d.decidedBy])).toEqual([['county-review', 'caseworker-2'], ['county-approval', 'approver-1']]);
    expect(rec.named('completeTask')).toHaveLength(2);
    // Four eyes is passed to casework: the submitter never, and the first step's decider not at the second.
    const created = rec.named('createTask').map((c) => c.input as CreateTaskInput);
    expect(created.map((c) => [c.step, c.submittedBy, c.excludedDeciders])).toEqual([
      ['county-review', 'caseworker-1', []],
      ['county-approval', 'caseworker-1', ['caseworker-2']],
    ]);
    expect(created[0].dueAt).not.toBe(created[1].dueAt);
  });

  it('ends at a rejection, and sends a returned case back one step with a new task', async () => {
    const rec = recorder();
    const result = await withWorkers(rec.activities, async (prefix) => {
      const handle = await env.client.workflow.start(caseReviewWorkflow, { workflowId: `case-review:application:${prefix}`, taskQueue: `${prefix}workflows`, args: [input] });
      const waitFor = async (step: string, n: number) => {
        for (;;) {
          const p = await handle.query(pendingTaskQuery);
          if (p?.step === step && rec.named('createTask').length >= n) return p;
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const t1 = await waitFor('county-review', 1);
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(t1.taskId, 'county-review', 'cw-2')] });
      const t2 = await waitFor('county-approval', 2);
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(t2.taskId, 'county-approval', 'ap-1', 'return')] });
      const t3 = await waitFor('county-review', 3);
      expect(t3.taskId).not.toBe(t1.taskId);
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(t3.taskId, 'county-review', 'cw-3', 'reject')] });
      return (await handle.result()) as CaseReviewResult;
    });
    expect(result.outcome).toBe('rejected');
    expect(result.decisions.map((d) => d.decision)).toEqual(['approve', 'return', 'reject']);
    expect(rec.named('createTask').map((c) => (c.input as CreateTaskInput).attempt)).toEqual([1, 1, 2]);
  });
});
