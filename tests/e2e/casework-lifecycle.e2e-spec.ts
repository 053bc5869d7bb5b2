import { randomUUID } from 'node:crypto';
import type { CreateTaskInput } from '@eduaid/contracts';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { CaseworkActivitiesProvider } from '../../services/casework/src/tasks/tasks.activities';
import { DEMO_COUNTY, login, seedUsers } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string }
interface Task { taskId: string; status: string; assigneeId?: string }

const DAY = 24 * 3600 * 1000;

/**
 * The whole task lifecycle, as casework's activities (what workflows call) and its HTTP routes (what
 * people do) see it: from which states each step goes, what it writes to the task, the audit log and
 * the notifications, and the 409 a person gets from a state the step does not go from. The tasks'
 * workflows do not exist (no workflow worker): a decision sent to one is refused as `task.process-gone`.
 */
describe('casework task lifecycle', () => {
  let eduaid: EduaidHarness;
  let activities: CaseworkActivitiesProvider;
  const cw = () => eduaid.http('casework');

  beforeAll(async () => {
    eduaid = await startEduaid('casework-lifecycle', [caseworkService], { workflowWorker: false });
    await seedUsers(eduaid);
    activities = eduaid.app('casework').get(CaseworkActivitiesProvider);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const create = (name: string, overrides: Partial<CreateTaskInput> = {}) => {
    const input: CreateTaskInput = {
      taskId: randomUUID(),
      workflowId: `lifecycle-spec:${name}`,
      step: 'county-review',
      attempt: 1,
      stepIndex: 0,
      kind: 'review',
      subject: { type: 'application', id: `lifecycle-${name}` },
      place: { divisionCode: `${DEMO_COUNTY}001` },
      candidateRole: 'caseworker',
      assignment: 'least-loaded',
      dueAt: new Date(Date.now() + 3 * DAY).toISOString(),
      priority: 3,
      data: {},
      submittedBy: 'demo-caseworker-1',
      ...overrides,
    };
    return activities.createTask(input).then((ref) => ({ ...ref, input }));
  };
  const row = async (taskId: string) =>
    (await eduaid.db.query<{ status: string; assignee_id: string | null; escalated_to: string | null; reminders_sent: number; decision: string | null; decided_by: string | null; version: number }>(
      'SELECT status, assignee_id, escalated_to, reminders_sent, decision, decided_by, version FROM casework.tasks WHERE task_id = $1',
      [taskId],
    ))[0];
  const audit = (taskSubject: string) =>
    eduaid.db.query<{ action: string; actor: string; reason: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      'SELECT action, actor, reason, before, after FROM casework.audit_log WHERE subject_id = $1 ORDER BY seq',
      [taskSubject],
    );
  const notes = (taskId: string) =>
    eduaid.db.query<{ user_id: string; kind: string }>('SELECT user_id, kind FROM casework.notifications WHERE task_id = $1 ORDER BY created_at, user_id', [taskId]);

  /** What the holder (caseworker 2) and the supervisor are answered asking for each person's step: claim, unclaim, reassign, decide. */
  const personSteps = async (taskId: string) => {
    const cw2 = await login(eduaid, 'caseworker2.demo');
    const supervisor = await login(eduaid, 'supervisor.demo');
    const answers = [
      await cw().post<Problem>(`/tasks/${taskId}/claim`, undefined, cw2),
      await cw().post<Problem>(`/tasks/${taskId}/unclaim`, undefined, cw2),
      await cw().post<Problem>(`/tasks/${taskId}/reassign`, { assigneeId: 'demo-caseworker-2' }, supervisor),
      await cw().post<Problem>(`/tasks/${taskId}/decision`, { decision: 'reject' }, cw2),
    ];
    return answers.map((a) => [a.status, a.body.code]);
  };
  /** The workflow records a decision of caseworker 2's. */
  const complete = (task: { taskId: string; input: CreateTaskInput }, comment?: string, requestId?: string) =>
    activities.completeTask({ taskId: task.taskId, workflowId: task.input.workflowId, step: task.input.step, decision: { taskId: task.taskId, step: task.input.step, decision: 'approve', comment, decidedBy: 'demo-caseworker-2', decidedAt: new Date().toISOString(), requestId } });

  it('creates once, reminds once per number, escalates once, and gives an idle claim back', async () => {
    const task = await create('timers');
    // The submitter is excluded (four eyes): the task goes to the other county caseworker.
    expect(task).toMatchObject({ created: true, assigneeId: 'demo-caseworker-2' });
    expect(await create('timers', { taskId: task.taskId })).toMatchObject({ created: false, assigneeId: 'demo-caseworker-2' });
    const created = await row(task.taskId);
    expect(created).toMatchObject({ status: 'claimed', assignee_id: 'demo-caseworker-2' });

    await activities.remindTask({ taskId: task.taskId, reminder: 1 });
    await activities.remindTask({ taskId: task.taskId, reminder: 1 });
    const reminded = await row(task.taskId);
    expect(reminded.reminders_sent).toBe(1);
    // A reminder is no change of the task's state: its version stays.
    expect(reminded.version).toBe(created.version);

    expect(await activities.escalateTask({ taskId: task.taskId })).toEqual({ taskId: task.taskId, escalatedTo: 'demo-supervisor' });
    expect(await activities.escalateTask({ taskId: task.taskId })).toEqual({ taskId: task.taskId, escalatedTo: 'demo-supervisor' });
    expect(await row(task.taskId)).toMatchObject({ status: 'claimed', escalated_to: 'demo-supervisor' });

    expect(await activities.releaseIdleClaim({ taskId: task.taskId, idleForMs: DAY })).toBe(false);
    expect(await row(task.taskId)).toMatchObject({ status: 'claimed', assignee_id: 'demo-caseworker-2' });
    expect(await activities.releaseIdleClaim({ taskId: task.taskId, idleForMs: 0 })).toBe(true);
    expect(await row(task.taskId)).toMatchObject({ status: 'open', assignee_id: null });
    expect(await activities.releaseIdleClaim({ taskId: task.taskId, idleForMs: 0 })).toBe(false);

    await activities.remindTask({ taskId: task.taskId, reminder: 2 });
    expect((await row(task.taskId)).reminders_sent).toBe(2);

    const entries = await audit('lifecycle-timers');
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['task.created', 'workflow:lifecycle-spec:timers'],
      ['task.reminded', 'workflow:lifecycle-spec:timers'],
      ['task.escalated', 'workflow:lifecycle-spec:timers'],
      ['task.claim-released', 'workflow:lifecycle-spec:timers'],
      ['task.reminded', 'workflow:lifecycle-spec:timers'],
    ]);
    expect(entries[1].after).toEqual({ reminder: 1, recipients: ['demo-caseworker-2'] });
    expect(entries[2]).toMatchObject({ before: { escalatedTo: null }, after: { escalatedTo: 'demo-supervisor', status: 'claimed' }, reason: expect.stringMatching(/^overdue since /) });
    expect(entries[3]).toMatchObject({ before: { status: 'claimed', assigneeId: 'demo-caseworker-2' }, after: { status: 'open', assigneeId: null }, reason: 'claim idle for more than 0 minutes' });
    // Nobody holds it: everyone who could take it is reminded (the county's caseworkers; the school's does not cover the village).
    expect(entries[4].after).toEqual({ reminder: 2, recipients: ['demo-caseworker-1', 'demo-caseworker-2'] });
    const kinds = (await notes(task.taskId)).map((n) => `${n.kind}:${n.user_id}`);
    expect(kinds.filter((k) => k === 'task-assigned:demo-caseworker-2')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'task-reminder:demo-caseworker-2')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'task-escalated:demo-supervisor')).toHaveLength(1);
  });

  it('claims, unclaims and reassigns from the states each goes from, and answers the same 409s as ever from the others', async () => {
    const task = await create('claims', { assignment: 'pool' });
    expect(await row(task.taskId)).toMatchObject({ status: 'open', assignee_id: null });
    const cw1 = await login(eduaid, 'caseworker1.demo');
    const cw2 = await login(eduaid, 'caseworker2.demo');
    const supervisor = await login(eduaid, 'supervisor.demo');

    // The submitter may not claim it (four eyes, 403); an open task is nobody's to give back (409).
    expect((await cw().post<Problem>(`/tasks/${task.taskId}/claim`, undefined, cw1)).body.code).toBe('task.four-eyes');
    const notClaimed = await cw().post<Problem>(`/tasks/${task.taskId}/unclaim`, undefined, supervisor);
    expect([notClaimed.status, notClaimed.body.code]).toEqual([409, 'task.not-claimed']);

    expect((await cw().post<Task>(`/tasks/${task.taskId}/claim`, undefined, cw2)).body).toMatchObject({ status: 'claimed', assigneeId: 'demo-caseworker-2' });
    const twice = await cw().post<Problem>(`/tasks/${task.taskId}/claim`, undefined, cw2);
    expect([twice.status, twice.body.code]).toEqual([409, 'task.already-claimed']);
    const notYours = await cw().post<Problem>(`/tasks/${task.taskId}/unclaim`, undefined, cw1);
    expect([notYours.status, notYours.body.code]).toEqual([403, 'task.not-yours']);
    // Four eyes holds for a new assignee too: the submitter cannot be given the task (422).
    const toSubmitter = await cw().post<Problem>(`/tasks/${task.taskId}/reassign`, { assigneeId: 'demo-caseworker-1' }, supervisor);
    expect([toSubmitter.status, toSubmitter.body.code]).toEqual([422, 'task.four-eyes']);
    expect((await cw().post<Task>(`/tasks/${task.taskId}/unclaim`, undefined, supervisor)).body).toMatchObject({ status: 'open' });
    expect((await cw().post<Task>(`/tasks/${task.taskId}/reassign`, { assigneeId: 'demo-caseworker-2', reason: 'back to you' }, supervisor)).body).toMatchObject({ status: 'claimed', assigneeId: 'demo-caseworker-2' });

    // A decision the process cannot take (its workflow is gone) puts the task back as it was.
    const gone = await cw().post<Problem>(`/tasks/${task.taskId}/decision`, { decision: 'approve' }, cw2);
    expect([gone.status, gone.body.code]).toEqual([409, 'task.process-gone']);
    expect(await row(task.taskId)).toMatchObject({ status: 'claimed', assignee_id: 'demo-caseworker-2', decision: null, decided_by: null });

    const entries = await audit('lifecycle-claims');
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['task.created', 'workflow:lifecycle-spec:claims'],
      ['task.claimed', 'demo-caseworker-2'],
      ['task.unclaimed', 'demo-supervisor'],
      ['task.reassigned', 'demo-supervisor'],
    ]);
    expect(entries[3]).toMatchObject({ before: { status: 'open', assigneeId: null }, after: { status: 'claimed', assigneeId: 'demo-caseworker-2' }, reason: 'back to you' });
    expect((await notes(task.taskId)).map((n) => `${n.kind}:${n.user_id}`)).toEqual(['task-assigned:demo-caseworker-2']);
  });

  it('completes once, after which every person’s step is refused as already decided', async () => {
    const task = await create('complete');
    await complete(task, 'fine', 'req-complete');
    await complete(task, 'fine', 'req-complete');
    expect(await row(task.taskId)).toMatchObject({ status: 'completed', decision: 'approve', decided_by: 'demo-caseworker-2' });
    expect(await personSteps(task.taskId)).toEqual(Array(4).fill([409, 'task.already-decided']));
    // Cancelling a completed task changes nothing.
    await activities.cancelTask({ taskId: task.taskId, reason: 'too late' });
    expect((await row(task.taskId)).status).toBe('completed');

    const entries = await audit('lifecycle-complete');
    expect(entries.map((e) => e.action)).toEqual(['task.created', 'task.decided']);
    expect(entries[1]).toMatchObject({ actor: 'demo-caseworker-2', before: { status: 'claimed', decision: null }, after: { status: 'completed', decision: 'approve', decidedBy: 'demo-caseworker-2', step: 'county-review' }, reason: 'fine' });
    expect((await notes(task.taskId)).map((n) => `${n.kind}:${n.user_id}`)).toEqual(['task-assigned:demo-caseworker-2', 'task-decided:demo-caseworker-1']);
  });

  it('cancels once, after which every person’s step is refused as cancelled and the timers do nothing', async () => {
    const task = await create('cancel');
    await activities.cancelTask({ taskId: task.taskId, reason: 'withdrawn' });
    await activities.cancelTask({ taskId: task.taskId, reason: 'withdrawn' });
    const cancelled = await row(task.taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(await activities.escalateTask({ taskId: task.taskId })).toEqual({ taskId: task.taskId, escalatedTo: null });
    expect(await activities.releaseIdleClaim({ taskId: task.taskId, idleForMs: 0 })).toBe(false);
    await activities.remindTask({ taskId: task.taskId, reminder: 1 });
    await complete(task);
    expect(await row(task.taskId)).toEqual(cancelled);

    expect(await personSteps(task.taskId)).toEqual(Array(4).fill([409, 'task.cancelled']));
    const entries = await audit('lifecycle-cancel');
    expect(entries.map((e) => e.action)).toEqual(['task.created', 'task.cancelled']);
    expect(entries[1]).toMatchObject({ before: { status: 'claimed' }, after: { status: 'cancelled' }, reason: 'withdrawn' });
    expect((await notes(task.taskId)).map((n) => n.kind)).toEqual(['task-assigned']);
  });
});
