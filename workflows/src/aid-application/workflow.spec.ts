import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { AidApplicationInput, AidApplicationResult, AidEligibilityFacts, AidTransitionRecord, CaseworkActivities, CreateTaskInput, StudentsAidActivities, TaskDecision } from '@eduaid/contracts';
import { testEnv } from '@eduaid/testing';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { appealUpdate, aidStatusQuery } from './messages';
import { aidApplicationWorkflow } from './workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STUDENT = '7c6e2f8a-3b1d-4e5f-9a8b-1c2d3e4f5a6b';

/**
 * The aid application's timers on the time-skipping server: reminders and escalation while a step
 * waits, the appeal window (closing, or an appeal inside it going one level up), and the second
 * semester's payment held until its start date. The services' activities are played by recorders.
 */
describe('aidApplicationWorkflow timers', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } } });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  function recorders() {
    const calls: { name: string; input: unknown }[] = [];
    const named = (name: string) => calls.filter((c) => c.name === name);
    const casework: CaseworkActivities = {
      createTask: async (input: CreateTaskInput) => (calls.push({ name: 'createTask', input }), { taskId: input.taskId, assigneeId: null, created: true }),
      completeTask: async (input) => void calls.push({ name: 'completeTask', input }),
      remindTask: async (input) => void calls.push({ name: 'remindTask', input }),
      escalateTask: async (input) => (calls.push({ name: 'escalateTask', input }), { taskId: input.taskId, escalatedTo: 'sup-1' }),
      releaseIdleClaim: async () => false,
      cancelTask: async (input) => void calls.push({ name: 'cancelTask', input }),
    };
    const facts: AidEligibilityFacts = { found: true, studentId: STUDENT, academicYear: '2026-2027', stage: 'junior-secondary', grade: 2, boarding: true, specialHardship: false, householdStatus: 'poor', ruralHousehold: true, enrolmentConfirmed: true, alreadyPaid: [], reasons: [] };
    const students: StudentsAidActivities = {
      // Like the service: the row at a transition, with the ledger rows it plans or cancels (one transaction there).
      recordAidTransition: async (input) => {
        calls.push({ name: 'record', input });
        if (input.ledger?.cancel) calls.push({ name: 'cancel', input: input.ledger.cancel });
        if (input.ledger?.plan) calls.push({ name: 'plan', input: input.ledger.plan });
        return { applied: true, planned: input.ledger?.plan?.lines.length ?? 0, cancelled: 0 };
      },
      readAidEligibility: async () => facts,
      planAidPayments: async (input) => (calls.push({ name: 'plan', input }), { planned: input.lines.length }),
      cancelAidPayments: async (input) => (calls.push({ name: 'cancel', input }), { cancelled: 0 }),
      disburseAidPayments: async (input) => (calls.push({ name: 'disburse', input: { ...input, at: await env.currentTimeMs() } }), { semester: input.semester, paid: 1, alreadyPaid: 0, failed: [], cancelled: 0 }),
    };
    return { calls, named, casework, students };
  }

  const input = (): AidApplicationInput => ({
    studentId: STUDENT,
    academicYear: '2026-2027',
    submittedBy: 'cw-1',
    villageCode: '420102001001',
    countyCode: '420102',
    settings: { stepDueMs: 5 * DAY, remindBeforeMs: [DAY], escalateAfterMs: DAY, appealWindowMs: 15 * DAY, waitForSemesterStart: true, searchAttributes: false },
  });

  async function run<T>(rec: ReturnType<typeof recorders>, body: (prefix: string) => Promise<T>): Promise<T> {
    const prefix = `aid-${Math.random().toString(36).slice(2, 8)}-`;
    const cw = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}casework`, activities: rec.casework });
    const st = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}students`, activities: rec.students });
    const wf = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}workflows`, workflowBundle: { codePath: testEnv('workflowBundle') } });
    return wf.runUntil(() => cw.runUntil(() => st.runUntil(() => body(prefix))));
  }

  const decision = (taskId: string, step: string, decidedBy: string, d: TaskDecision['decision'], comment?: string): TaskDecision => ({ taskId, step, decision: d, decidedBy, decidedAt: new Date().toISOString(), comment });

  async function pendingAt(handle: { query: (q: typeof pendingTaskQuery) => Promise<{ taskId: string; step: string } | null> }, step: string) {
    for (;;) {
      const p = await handle.query(pendingTaskQuery);
      if (p?.step === step) return p;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('reminds and escalates a waiting step, and closes the appeal window after 15 days', async () => {
    const rec = recorders();
    const result = await run(rec, async (prefix) => {
      const handle = await env.client.workflow.start(aidApplicationWorkflow, { workflowId: `aid-application:${STUDENT}:2026-2027-${prefix}`, taskQueue: `${prefix}workflows`, args: [input()] });
      const t = await pendingAt(handle, 'school-check');
      await env.sleep(6 * DAY + HOUR);
      expect(rec.named('remindTask')).toHaveLength(1);
      expect(rec.named('escalateTask')).toHaveLength(1);
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, 'school-check', 'cw-2', 'reject', 'not a boarder')] });
      const rejected = await handle.query(aidStatusQuery);
      expect(rejected.state === 'rejected' || rejected.state === 'in-review').toBe(true);
      const out = (await handle.result()) as AidApplicationResult; // skips the 15-day window
      // Too late for an appeal.
      await expect(handle.executeUpdate(appealUpdate, { args: [{ by: 'cw-1', reason: 'late' }] })).rejects.toThrow();
      return { out, status: await handle.query(aidStatusQuery) };
    });
    expect(result.out.state).toBe('rejected');
    expect(result.status.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['reject', 'window-closed']));
    expect(rec.named('plan')).toHaveLength(0);
  });

  it('takes one appeal within the window to the county, then pays each semester from its start date', async () => {
    const rec = recorders();
    const { out, history } = await run(rec, async (prefix) => {
      const handle = await env.client.workflow.start(aidApplicationWorkflow, { workflowId: `aid-application:${STUDENT}:2026-2027-${prefix}`, taskQueue: `${prefix}workflows`, args: [input()] });
      const t = await pendingAt(handle, 'school-check');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, 'school-check', 'cw-2', 'reject', 'not a boarder')] });
      for (;;) {
        if ((await handle.query(aidStatusQuery)).state === 'rejected') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await env.sleep(10 * DAY);
      await handle.executeUpdate(appealUpdate, { args: [{ by: 'cw-1', reason: 'boarding record was wrong' }] });
      const second = await handle.executeUpdate(appealUpdate, { args: [{ by: 'cw-1', reason: 'again' }] }).catch((e: WorkflowUpdateFailedError) => e);
      expect((second as WorkflowUpdateFailedError).cause?.message).toMatch(/already been appealed/);
      const a = await pendingAt(handle, 'appeal-county');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(a.taskId, 'appeal-county', 'ap-1', 'approve', 'confirmed')] });
      const result = (await handle.result()) as AidApplicationResult;
      return { out: result, history: await handle.fetchHistory() };
    });
    expect(out).toMatchObject({ state: 'completed', paidSemesters: ['2026-2027:S1', '2026-2027:S2'], standardsVersion: 'hubei-2026.1' });
    const appealTask = rec.named('createTask').map((c) => c.input as CreateTaskInput).find((c) => c.step === 'appeal-county');
    expect(appealTask).toMatchObject({ candidateRole: 'approver', excludedDeciders: ['cw-2'] });
    const disbursed = rec.named('disburse').map((c) => c.input as { semester: string; at: number });
    expect(disbursed.map((d) => d.semester)).toEqual(['2026-2027:S1', '2026-2027:S2']);
    expect(disbursed[1].at).toBeGreaterThanOrEqual(Date.parse('2027-03-01T00:00:00+08:00') - 60_000);
    // The durable record: one row write per transition, numbered in order, the open steps with their holder.
    const records = rec.named('record').map((c) => c.input as AidTransitionRecord);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.find((r) => r.status.currentStep === 'appeal-county')).toMatchObject({ status: { state: 'in-appeal' }, holder: { candidateRole: 'approver', level: 'county', divisionCode: '420102001001' } });
    expect(records.find((r) => r.status.state === 'rejected')?.status.appealDeadline).toBeDefined();
    expect(records.find((r) => r.ledger?.plan)?.status.state).toBe('paying');
    expect(records[records.length - 1].status.state).toBe('completed');
    expect(records[records.length - 1].status.currentStep).toBeUndefined();
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      // A new file: the histories recorded before the durable record stay, and must replay too.
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'aid-application-durable-record.json'), JSON.stringify(history));
    }
  });
});
