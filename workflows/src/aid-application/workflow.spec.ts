import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { AidApplicationInput, AidApplicationResult, AidEligibilityFacts, AidTransitionRecord, CaseworkActivities, CreateTaskInput, StudentsAidActivities, TaskDecision } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { appealUpdate, aidStatusQuery, changeSignal, withdrawUpdate } from './messages';
import { aidApplicationWorkflow } from './workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STUDENT = '7c6e2f8a-3b1d-4e5f-9a8b-1c2d3e4f5a6b';

/**
 * The aid application on the time-skipping server: reminders and escalation while a step waits, the
 * appeal window (closing, or an appeal inside it going one level up), withdrawal and changes while a
 * step is open, return and resubmit, a decision racing a withdrawal, and the hand-off to the payment
 * cycles (planned at approval, a missing bank account asked for). The services' activities are
 * played by recorders.
 */
describe('aidApplicationWorkflow timers', () => {
  const env = timeSkippingEnvForSuite();

  function recorders() {
    const bank = { onFile: true };
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
    const facts: AidEligibilityFacts & { bankAccountOnFile?: boolean } = { found: true, studentId: STUDENT, academicYear: '2026-2027', stage: 'junior-secondary', grade: 2, boarding: true, specialHardship: false, householdStatus: 'poor', ruralHousehold: true, enrolmentConfirmed: true, alreadyPaid: [], reasons: [] };
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
      bankAccountOnFile: async () => (calls.push({ name: 'bankAccountOnFile', input: null }), bank.onFile),
      readAidApplication: async () => undefined,
      handAidPaymentsToCycles: async (input) => (calls.push({ name: 'handToCycles', input }), { handed: 0 }),
    };
    return { calls, named, casework, students, facts, bank };
  }

  const input = (): AidApplicationInput => ({
    studentId: STUDENT,
    academicYear: '2026-2027',
    submittedBy: 'cw-1',
    villageCode: '420102001001',
    countyCode: '420102',
    settings: { stepDueMs: 5 * DAY, remindBeforeMs: [DAY], escalateAfterMs: DAY, appealWindowMs: 15 * DAY, waitForSemesterStart: true, searchAttributes: false },
  });

  const run = <T>(rec: ReturnType<typeof recorders>, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'aid', { casework: rec.casework, students: rec.students }, body);

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

  it('takes one appeal within the window to the county, then plans both semesters with the record and ends approved: the cycles pay', async () => {
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
    // Its work ends at approval: the rows planned, nothing paid by the application itself.
    expect(out).toMatchObject({ state: 'approved', paidSemesters: [], standardsVersion: 'hubei-2026.1' });
    expect(rec.named('disburse')).toHaveLength(0);
    const appealTask = rec.named('createTask').map((c) => c.input as CreateTaskInput).find((c) => c.step === 'appeal-county');
    // Four eyes: the submitter and the previous step's decider (who rejected) may not decide the appeal.
    expect(appealTask).toMatchObject({ candidateRole: 'approver', submittedBy: 'cw-1', excludedDeciders: ['cw-2'] });
    // The durable record: one row write per transition, numbered in order, the open steps with their holder.
    const records = rec.named('record').map((c) => c.input as AidTransitionRecord);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
    expect(records.find((r) => r.status.currentStep === 'appeal-county')).toMatchObject({ status: { state: 'in-appeal' }, holder: { candidateRole: 'approver', level: 'county', divisionCode: '420102001001' } });
    expect(records.find((r) => r.status.state === 'rejected')?.status.appealDeadline).toBeDefined();
    // The plan is written with the approval, in one transition: both semesters' rows.
    const planned = records.find((r) => r.ledger?.plan);
    expect(planned?.status.state).toBe('approved');
    expect(planned?.ledger?.plan?.lines.map((l) => l.semester)).toEqual(['2026-2027:S1', '2026-2027:S2']);
    // …for the term's cycles to pay (an application's own workflow no longer pays them).
    expect(planned?.ledger?.plan?.paidBy).toBe('cycle');
    expect(records[records.length - 1].status.state).toBe('approved');
    expect(records[records.length - 1].status.currentStep).toBeUndefined();
    expect(records[records.length - 1].status.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['approval', 'approved'], ['payments', 'planned']]));
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      // A new file: the histories recorded before the hand-off stay, and must replay too.
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'aid-application-cycles-hand-off.json'), JSON.stringify(history));
    }
  });

  const start = (prefix: string) => env.client.workflow.start(aidApplicationWorkflow, { workflowId: `aid-application:${STUDENT}:2026-2027-${prefix}`, taskQueue: `${prefix}workflows`, args: [input()] });
  const createdTasks = (rec: ReturnType<typeof recorders>) => rec.named('createTask').map((c) => c.input as CreateTaskInput);
  const lastRecord = (rec: ReturnType<typeof recorders>) => rec.named('record').map((c) => c.input as AidTransitionRecord).pop();

  it('a withdrawal while a step is open cancels its casework task and closes the application withdrawn', async () => {
    const rec = recorders();
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const t = await pendingAt(handle, 'school-check');
      const notSubmitter = await handle.executeUpdate(withdrawUpdate, { args: [{ by: 'cw-9', reason: 'not mine' }] }).catch((e: WorkflowUpdateFailedError) => e);
      expect((notSubmitter as WorkflowUpdateFailedError).cause?.message).toMatch(/Only the submitter/);
      await handle.executeUpdate(withdrawUpdate, { args: [{ by: 'cw-1', reason: 'the family moved away' }] });
      const result = (await handle.result()) as AidApplicationResult;
      // The cancelled task can no longer be decided.
      await expect(handle.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, 'school-check', 'cw-2', 'approve')] })).rejects.toThrow();
      return { result, taskId: t.taskId, status: await handle.query(aidStatusQuery) };
    });
    expect(out.result.state).toBe('withdrawn');
    expect(rec.named('cancelTask').map((c) => c.input)).toEqual([{ taskId: out.taskId, reason: 'withdrawn: the family moved away' }]);
    expect(rec.named('completeTask')).toHaveLength(0);
    expect(out.status.timeline.at(-1)).toMatchObject({ step: 'school-check', action: 'withdraw', actor: 'cw-1', comment: 'the family moved away' });
    expect(lastRecord(rec)?.status.state).toBe('withdrawn');
    expect(lastRecord(rec)?.status.currentStep).toBeUndefined();
    expect(rec.named('plan')).toHaveLength(0);
  });

  it('a change while a step is open: the task is cancelled and re-checked; still eligible, the step opens again; no longer, the application is cancelled', async () => {
    const rec = recorders();
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const first = await pendingAt(handle, 'school-check');
      await handle.signal(changeSignal, { kind: 'school-changed', reason: 'moved to the county school', reportedBy: 'cw-1' });
      let again = await pendingAt(handle, 'school-check');
      while (again.taskId === first.taskId) again = await pendingAt(handle, 'school-check');
      rec.facts.householdStatus = 'lifted-out';
      await handle.signal(changeSignal, { kind: 'household-left-poverty', reason: 'lifted out in the 2026 review', reportedBy: 'cw-1' });
      return { result: (await handle.result()) as AidApplicationResult, first: first.taskId, again: again.taskId, status: await handle.query(aidStatusQuery) };
    });
    expect(rec.named('cancelTask').map((c) => c.input)).toEqual([
      { taskId: out.first, reason: 'facts changed: school-changed' },
      { taskId: out.again, reason: 'facts changed: household-left-poverty' },
    ]);
    expect(createdTasks(rec).map((t) => [t.step, t.attempt])).toEqual([['school-check', 1], ['school-check', 2]]);
    expect(out.result.state).toBe('cancelled');
    expect(out.result.reasons).toEqual(['the household is lifted-out, not registered-poor']);
    expect(out.status.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['change', 'school-changed'], ['change', 'household-left-poverty'], ['change', 'cancel']]));
    expect(rec.named('plan')).toHaveLength(0);
  });

  it('a return asks the submitter, who resubmits; the step is asked again with the same four eyes, then approval ends it', async () => {
    const rec = recorders();
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const s = await pendingAt(handle, 'school-check');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(s.taskId, 'school-check', 'cw-2', 'approve', 'enrolment confirmed')] });
      const c1 = await pendingAt(handle, 'county-approval');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(c1.taskId, 'county-approval', 'ap-1', 'return', 'which dormitory?')] });
      const info = await pendingAt(handle, 'more-information');
      expect((await handle.query(aidStatusQuery)).state).toBe('more-information-requested');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(info.taskId, 'more-information', 'cw-1', 'approve', 'dormitory 3')] });
      const c2 = await pendingAt(handle, 'county-approval');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(c2.taskId, 'county-approval', 'ap-1', 'approve', 'fine')] });
      return { result: (await handle.result()) as AidApplicationResult, status: await handle.query(aidStatusQuery) };
    });
    expect(out.result.state).toBe('approved');
    const created = createdTasks(rec);
    expect(created.map((t) => [t.step, t.attempt])).toEqual([['school-check', 1], ['county-approval', 1], ['more-information', 1], ['county-approval', 2]]);
    expect(created[2]).toMatchObject({ kind: 'aid-more-information', assigneeId: 'cw-1', data: expect.objectContaining({ question: 'which dormitory?', returnedBy: 'ap-1' }) });
    // Four eyes on both attempts: the submitter and the school check's decider may not decide.
    for (const t of [created[1], created[3]]) expect(t).toMatchObject({ submittedBy: 'cw-1', excludedDeciders: ['cw-2'] });
    expect(out.status.timeline.map((t) => [t.step, t.action])).toEqual(
      expect.arrayContaining([['county-approval', 'return'], ['more-information', 'resubmit'], ['county-approval', 'approve'], ['approval', 'approved']]),
    );
  });

  it('a resubmission that is no longer eligible ends the application ineligible, with the reason', async () => {
    const rec = recorders();
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const s = await pendingAt(handle, 'school-check');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(s.taskId, 'school-check', 'cw-2', 'return', 'is the enrolment confirmed?')] });
      const info = await pendingAt(handle, 'more-information');
      rec.facts.enrolmentConfirmed = false;
      rec.facts.reasons = ['no confirmed enrolment for 2026-2027'];
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(info.taskId, 'more-information', 'cw-1', 'approve', 'not yet')] });
      return { result: (await handle.result()) as AidApplicationResult, status: await handle.query(aidStatusQuery) };
    });
    expect(out.result.state).toBe('ineligible');
    expect(out.result.reasons).toContain('no confirmed enrolment for 2026-2027');
    expect(out.status.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['more-information', 'resubmit'], ['eligibility', 'ineligible']]));
    // The step is not asked again.
    expect(createdTasks(rec).map((t) => t.step)).toEqual(['school-check', 'more-information']);
  });

  it('a decision racing a withdrawal: each task ends once, decided or cancelled, and the application closes withdrawn', async () => {
    const rec = recorders();
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const t = await pendingAt(handle, 'school-check');
      const [decided, withdrawn] = await Promise.allSettled([
        handle.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, 'school-check', 'cw-2', 'approve', 'ok')] }),
        handle.executeUpdate(withdrawUpdate, { args: [{ by: 'cw-1', reason: 'changed our mind' }] }),
      ]);
      return { result: (await handle.result()) as AidApplicationResult, decided, withdrawn, status: await handle.query(aidStatusQuery) };
    });
    expect(out.withdrawn.status).toBe('fulfilled');
    expect(out.result.state).toBe('withdrawn');
    const completed = rec.named('completeTask').map((c) => (c.input as { taskId: string }).taskId);
    const cancelled = rec.named('cancelTask').map((c) => (c.input as { taskId: string }).taskId);
    // No task is both decided and cancelled, and every task created ended one way.
    expect(completed.filter((id) => cancelled.includes(id))).toEqual([]);
    expect([...completed, ...cancelled].sort()).toEqual(createdTasks(rec).map((c) => c.taskId).sort());
    if (out.decided.status === 'fulfilled') {
      // The decision came first: it stands, and the next step is the one the withdrawal cancels.
      expect(out.status.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['approve', 'withdraw']));
    } else {
      // The withdrawal came first: the decision is refused, never acknowledged for a cancelled task.
      expect((out.decided.reason as WorkflowUpdateFailedError).cause?.message).toMatch(/cancelled|no longer waiting|No task is waiting/);
      expect(completed).toEqual([]);
    }
    expect(rec.named('plan')).toHaveLength(0);
  });

  it('approved without a bank account: plans the rows, asks the submitter (aid-bank-details), and ends approved once one is on file', async () => {
    const rec = recorders();
    rec.bank.onFile = false;
    const out = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      const s = await pendingAt(handle, 'school-check');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(s.taskId, 'school-check', 'cw-2', 'approve')] });
      const c = await pendingAt(handle, 'county-approval');
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(c.taskId, 'county-approval', 'ap-1', 'approve')] });
      const b1 = await pendingAt(handle, 'bank-details');
      const waiting = await handle.query(aidStatusQuery);
      // Still none on file: asked again.
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(b1.taskId, 'bank-details', 'cw-1', 'approve', 'asked the family')] });
      let b2 = await pendingAt(handle, 'bank-details');
      while (b2.taskId === b1.taskId) b2 = await pendingAt(handle, 'bank-details');
      rec.bank.onFile = true;
      await handle.executeUpdate(decideTaskUpdate, { args: [decision(b2.taskId, 'bank-details', 'cw-1', 'approve', 'account recorded')] });
      return { result: (await handle.result()) as AidApplicationResult, waiting, status: await handle.query(aidStatusQuery) };
    });
    expect(out.waiting).toMatchObject({ state: 'awaiting-bank-details', currentStep: 'bank-details', heldBy: 'cw-1' });
    const asks = createdTasks(rec).filter((t) => t.step === 'bank-details');
    expect(asks.map((t) => [t.kind, t.assigneeId, t.attempt])).toEqual([['aid-bank-details', 'cw-1', 1], ['aid-bank-details', 'cw-1', 2]]);
    const records = rec.named('record').map((c) => c.input as AidTransitionRecord);
    // The rows are planned with the approval, while the row says it waits for bank details.
    expect(records.find((r) => r.ledger?.plan)?.status.state).toBe('awaiting-bank-details');
    expect(records.find((r) => r.status.currentStep === 'bank-details')).toMatchObject({ holder: { candidateRole: 'caseworker', assigneeId: 'cw-1' } });
    expect(out.result.state).toBe('approved');
    expect(out.status.timeline.map((t) => [t.step, t.action])).toEqual(expect.arrayContaining([['payments', 'planned'], ['bank-details', 'given']]));
    expect(rec.named('disburse')).toHaveLength(0);
  });
});
