import { WorkflowHandle } from '@temporalio/client';
import type { CampaignInput, CampaignListOutcome, CaseworkActivities, CaseworkBatchActivities, CloseCampaignListInput, CreateTaskInput, StudentsCampaignActivities, StudentsCampaignListActivities, TaskDecision } from '@eduaid/contracts';
import { campaignCountyWorkflowId, campaignSchoolListWorkflowId, campaignWorkflowId } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { campaignProgressQuery, pendingListTasksQuery } from './messages';
import { campaignWorkflow } from './workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COUNTY = '420102';
const SCHOOLS = [`${COUNTY}0001`, `${COUNTY}0002`];

/**
 * The campaign on the time-skipping server: assessment in resumable steps, a list task per school
 * with reminders and escalation while it waits, one decision per list, the county's approval (four
 * eyes against the school reviewers, a return asks again), the sign-off the amounts need, and the
 * ledger planned once the county is approved. The services' activities are played by recorders.
 */
describe('campaignWorkflow timers', () => {
  const env = timeSkippingEnvForSuite();

  function recorders(needSignOff: number) {
    const calls: { name: string; input: unknown }[] = [];
    const named = (name: string) => calls.filter((c) => c.name === name);
    let assessSteps = 0;
    const casework: CaseworkActivities & CaseworkBatchActivities = {
      createTask: async (input: CreateTaskInput) => (calls.push({ name: 'createTask', input }), { taskId: input.taskId, assigneeId: null, created: true }),
      completeTask: async (input) => void calls.push({ name: 'completeTask', input }),
      // A batch is recorded as such, and each of its tasks as its single counterpart would be.
      createTasks: async (input) => {
        calls.push({ name: 'createTasks', input });
        return input.tasks.map((t) => (calls.push({ name: 'createTask', input: t }), { taskId: t.taskId, assigneeId: null, created: true }));
      },
      completeTasks: async (input) => void input.tasks.forEach((t) => calls.push({ name: 'completeTask', input: t })),
      remindTask: async (input) => void calls.push({ name: 'remindTask', input }),
      escalateTask: async (input) => (calls.push({ name: 'escalateTask', input }), { taskId: input.taskId, escalatedTo: 'sup-1' }),
      releaseIdleClaim: async () => false,
      cancelTask: async (input) => void calls.push({ name: 'cancelTask', input }),
    };
    const listed: Record<string, number> = { [SCHOOLS[0]]: 50, [SCHOOLS[1]]: 30 };
    const close = (input: CloseCampaignListInput): CampaignListOutcome => {
      calls.push({ name: 'close', input });
      const kept = input.level === 'school' ? listed[input.code] - 1 : 78;
      return { level: input.level, code: input.code, decision: input.decision, decidedBy: input.decidedBy, kept, excluded: input.level === 'school' ? 1 : 0, needSignOff: input.level === 'county' ? needSignOff : 0 };
    };
    const students: StudentsCampaignActivities & StudentsCampaignListActivities = {
      setCampaignState: async (input) => void calls.push({ name: 'state', input }),
      assessCampaign: async (input) => {
        assessSteps += 1;
        calls.push({ name: 'assess', input });
        return { done: assessSteps >= 3, assessed: assessSteps < 3 ? 40 : 20, eligible: assessSteps < 3 ? 35 : 10 };
      },
      campaignCounties: async () => [{ countyCode: COUNTY, listed: 80 }],
      campaignSchools: async () => SCHOOLS.map((schoolCode) => ({ schoolCode, listed: listed[schoolCode] })),
      openCampaignList: async (input) => void calls.push({ name: 'open', input }),
      closeCampaignList: async (input: CloseCampaignListInput) => close(input),
      openCampaignLists: async (input) => void input.codes.forEach((code) => calls.push({ name: 'open', input: { ...input, code } })),
      closeCampaignLists: async (input) => input.lists.map(close),
      planCampaignCounty: async (input) => (calls.push({ name: 'plan', input }), { planned: 77, alreadyPlanned: 1 }),
    };
    return { calls, named, casework, students };
  }

  const run = <T>(rec: ReturnType<typeof recorders>, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'cmp', { casework: rec.casework, students: rec.students }, body);

  const input = (year: string): CampaignInput => ({
    campaignId: '0b6f4b5e-2c1d-4e5f-9a8b-1c2d3e4f5a6b',
    academicYear: year,
    scopeLevel: 'county',
    scopeCode: COUNTY,
    startedBy: 'admin-1',
    settings: { chunkSize: 100, chunksPerActivity: 2, planChunkSize: 100, listDueMs: 14 * DAY, remindBeforeMs: [3 * DAY, DAY], escalateAfterMs: 2 * DAY, searchAttributes: false },
  });
  const decision = (taskId: string, step: string, decidedBy: string, d: TaskDecision['decision']): TaskDecision => ({ taskId, step, decision: d, decidedBy, decidedAt: new Date().toISOString() });

  /** Waits (in real time: the test server does not skip while nothing awaits a result) until the workflow waits at the step. */
  async function pendingAt(handle: WorkflowHandle, step: string, notTask?: string) {
    for (;;) {
      const p = await handle.query(pendingTaskQuery).catch(() => null);
      if (p?.step === step && p.taskId !== notTask) return p;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The county's school-list tasks once casework has been asked for them, in SCHOOLS order. */
  async function schoolTasks(rec: ReturnType<typeof recorders>, county: WorkflowHandle) {
    for (;;) {
      const pending = (await county.query(pendingListTasksQuery).catch(() => [])).filter((p) => p.step === 'school-list');
      const created = rec.named('createTask').map((c) => c.input as CreateTaskInput);
      const bySchool = SCHOOLS.map((school) => pending.find((p) => created.some((t) => t.taskId === p.taskId && t.place.schoolCode === school)));
      if (bySchool.every((p) => p !== undefined)) return bySchool as NonNullable<(typeof bySchool)[number]>[];
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('reminds and escalates school lists left waiting, takes one decision per list, then the county (four eyes, a return, a sign-off) and plans the ledger', async () => {
    const rec = recorders(2);
    const year = '2041-2042';
    const parentId = campaignWorkflowId(year, COUNTY);
    const { result, progress } = await run(rec, async (prefix) => {
      const handle = await env.client.workflow.start(campaignWorkflow, { workflowId: parentId, taskQueue: `${prefix}workflows`, args: [input(year)] });
      // The county holds its school lists: their tasks wait in its workflow, created in one batch.
      const county = env.client.workflow.getHandle(campaignCountyWorkflowId(parentId, COUNTY));
      const tasks = await schoolTasks(rec, county);
      // Nothing decided for 16 days and an hour: two reminders each (3 days and 1 day before the due day), then escalation 2 days after it.
      await env.sleep(16 * DAY + HOUR);
      expect(rec.named('remindTask')).toHaveLength(4);
      expect(rec.named('escalateTask')).toHaveLength(2);
      await county.executeUpdate(decideTaskUpdate, { args: [decision(tasks[0].taskId, 'school-list', 'cw-a', 'approve')] });
      // A list decided twice: the second decision is refused by the Update's validator.
      await expect(county.executeUpdate(decideTaskUpdate, { args: [decision(tasks[0].taskId, 'school-list', 'cw-x', 'reject')] })).rejects.toThrow();
      // A decision for a step the task is not at is refused too.
      await expect(county.executeUpdate(decideTaskUpdate, { args: [decision(tasks[1].taskId, 'county-approval', 'cw-b', 'approve')] })).rejects.toThrow();
      await county.executeUpdate(decideTaskUpdate, { args: [decision(tasks[1].taskId, 'school-list', 'cw-b', 'approve')] });

      const first = await pendingAt(county, 'county-approval');
      await county.executeUpdate(decideTaskUpdate, { args: [decision(first.taskId, 'county-approval', 'ap-1', 'return')] });
      const again = await pendingAt(county, 'county-approval', first.taskId);
      await county.executeUpdate(decideTaskUpdate, { args: [decision(again.taskId, 'county-approval', 'ap-2', 'approve')] });
      const signOff = await pendingAt(county, 'prefecture-sign-off');
      await county.executeUpdate(decideTaskUpdate, { args: [decision(signOff.taskId, 'prefecture-sign-off', 'pref-1', 'approve')] });
      const result = await handle.result();
      return { result, progress: await handle.query(campaignProgressQuery) };
    });

    // Assessed in three resumable steps, the counts added up.
    expect(rec.named('assess')).toHaveLength(3);
    expect(result).toEqual({ campaignId: input(year).campaignId, assessed: 100, eligible: 80, counties: 1, approved: 78, planned: 77, alreadyPlanned: 1 });
    expect(progress).toEqual({ state: 'completed', assessed: 100, counties: 1, countiesDone: 1 });
    expect(rec.named('state').map((c) => (c.input as { state: string }).state)).toEqual(['reviewing', 'completed']);
    const created = rec.named('createTask').map((c) => c.input as CreateTaskInput);
    // Both school lists' tasks were asked for in one batch, held by the county's workflow, one key per school.
    const batch = (rec.named('createTasks')[0].input as { tasks: CreateTaskInput[] }).tasks;
    expect(batch.map((t) => [t.step, t.workflowId, t.subject.id, t.key])).toEqual(SCHOOLS.map((s) => [
      'school-list', campaignCountyWorkflowId(parentId, COUNTY), campaignSchoolListWorkflowId(parentId, s), `${campaignCountyWorkflowId(parentId, COUNTY)}:school-list:${s}#1`,
    ]));
    expect(rec.named('open').map((c) => (c.input as { level: string; code: string }).code)).toEqual([...SCHOOLS, COUNTY, COUNTY]);
    expect(created.filter((t) => t.step === 'school-list').map((t) => [t.kind, t.place.level, t.place.schoolCode, t.candidateRole])).toEqual(
      expect.arrayContaining(SCHOOLS.map((s) => ['campaign-school-list', 'school', s, 'caseworker'])),
    );
    // Four eyes: the county's approval excludes both school reviewers; the sign-off also the county's decider.
    const countyTasks = created.filter((t) => t.step === 'county-approval');
    expect(countyTasks.map((t) => t.attempt)).toEqual([1, 2]);
    expect(countyTasks[1]).toMatchObject({ kind: 'campaign-county-list', candidateRole: 'approver', place: { divisionCode: COUNTY, level: 'county' }, submittedBy: 'admin-1' });
    expect([...(countyTasks[1].excludedDeciders ?? [])].sort()).toEqual(['cw-a', 'cw-b']);
    const signOffTask = created.find((t) => t.step === 'prefecture-sign-off');
    expect(signOffTask).toMatchObject({ kind: 'campaign-sign-off', place: { level: 'prefecture' } });
    expect([...(signOffTask?.excludedDeciders ?? [])].sort()).toEqual(['ap-2', 'cw-a', 'cw-b']);
    // Lists are opened before their tasks and closed once, with the deciding decision (the return closes nothing).
    const closes = rec.named('close').map((c) => c.input as CloseCampaignListInput);
    expect(closes.map((c) => [c.level, c.code, c.decision, c.decidedBy])).toEqual(expect.arrayContaining([
      ['school', SCHOOLS[0], 'approve', 'cw-a'], ['school', SCHOOLS[1], 'approve', 'cw-b'], ['county', COUNTY, 'approve', 'ap-2'], ['prefecture', COUNTY, 'approve', 'pref-1'],
    ]));
    expect(closes).toHaveLength(4);
    expect(rec.named('plan')).toEqual([{ name: 'plan', input: { campaignId: input(year).campaignId, countyCode: COUNTY, chunkSize: 100 } }]);
  });

  it('plans nothing when the county rejects its lists, and asks no sign-off', async () => {
    const rec = recorders(5);
    const year = '2042-2043';
    const parentId = campaignWorkflowId(year, COUNTY);
    await run(rec, async (prefix) => {
      const handle = await env.client.workflow.start(campaignWorkflow, { workflowId: parentId, taskQueue: `${prefix}workflows`, args: [input(year)] });
      const county = env.client.workflow.getHandle(campaignCountyWorkflowId(parentId, COUNTY));
      const tasks = await schoolTasks(rec, county);
      for (const [i, s] of SCHOOLS.entries()) {
        await county.executeUpdate(decideTaskUpdate, { args: [decision(tasks[i].taskId, 'school-list', `cw-${s}`, 'approve')] });
      }
      const t = await pendingAt(county, 'county-approval');
      await county.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, 'county-approval', 'ap-1', 'reject')] });
      return handle.result();
    });
    expect(rec.named('plan')).toHaveLength(0);
    expect(rec.named('createTask').some((c) => (c.input as CreateTaskInput).step === 'prefecture-sign-off')).toBe(false);
    expect(rec.named('close').map((c) => (c.input as CloseCampaignListInput).decision)).toContain('reject');
  });
});
