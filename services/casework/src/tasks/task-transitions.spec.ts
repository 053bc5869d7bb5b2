import { TASK_STATUSES, TaskStatus } from '@eduaid/contracts';
import { ROUTE_ROLES } from '@eduaid/platform';
import { fourEyesExcluded, fourEyesExcludes } from './task-access';
import { CLAIMED_IF_HELD, NOW, atLeast, refusalOf, SETTLED_REFUSALS, TASK_TRANSITIONS, TaskTransition, TaskTransitionName } from './task-transitions';
import { TasksController } from './tasks.controller';
import type { TaskEntity } from './task.entity';

const task = (over: Partial<TaskEntity> = {}): TaskEntity => ({
  taskId: 'task-1',
  idempotencyKey: 'wf:step#1',
  workflowId: 'case-review:application:a-1',
  kind: 'review',
  subjectType: 'application',
  subjectId: 'a-1',
  step: 'county-review',
  stepIndex: 1,
  attempt: 1,
  candidateRole: 'caseworker',
  divisionCode: '420102001',
  schoolCode: null,
  deciderLevel: null,
  assigneeId: 'holder',
  claimedAt: new Date('2026-11-30T08:00:00Z'),
  status: 'claimed',
  priority: 3,
  dueAt: new Date('2026-12-03T08:00:00Z'),
  escalatedAt: null,
  escalatedTo: null,
  remindersSent: 0,
  data: {},
  submittedBy: 'submitter',
  excludedDeciders: ['excluded'],
  decision: null,
  decisionComment: null,
  decidedBy: null,
  decidedAt: null,
  version: 4,
  createdAt: new Date('2026-11-30T07:00:00Z'),
  updatedAt: new Date('2026-11-30T08:00:00Z'),
  ...over,
});

/**
 * What a person gets asking for each transition from each state, as casework answered before the
 * table existed (tasks.service.ts: assertOpen, then the conditional UPDATE's own 409): 'goes' when
 * the transition starts from the state.
 */
const PERSON_ANSWERS: Record<'claim' | 'unclaim' | 'reassign' | 'decide', Record<TaskStatus, string>> = {
  claim: { open: 'goes', claimed: 'task.already-claimed', deciding: 'task.already-decided', completed: 'task.already-decided', cancelled: 'task.cancelled' },
  unclaim: { open: 'task.not-claimed', claimed: 'goes', deciding: 'task.already-decided', completed: 'task.already-decided', cancelled: 'task.cancelled' },
  reassign: { open: 'goes', claimed: 'goes', deciding: 'task.already-decided', completed: 'task.already-decided', cancelled: 'task.cancelled' },
  decide: { open: 'goes', claimed: 'goes', deciding: 'task.already-decided', completed: 'task.already-decided', cancelled: 'task.cancelled' },
};

/** The 409 of a task found changed by the conditional UPDATE (another request came first). */
const CONFLICTS = { claim: 'task.already-claimed', unclaim: 'task.not-claimed', reassign: 'task.changed', decide: 'task.decision-conflict' };

/** The states the workflows' and casework's own transitions go from; from any other they do nothing. */
const OTHER_FROM: Record<Exclude<TaskTransitionName, keyof typeof PERSON_ANSWERS>, TaskStatus[]> = {
  undoDecision: ['deciding'],
  complete: ['open', 'claimed', 'deciding'],
  cancel: ['open', 'claimed', 'deciding'],
  remind: ['open', 'claimed'],
  escalate: ['open', 'claimed'],
  releaseIdleClaim: ['claimed'],
};

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the table says nothing here');
  return value;
}

const all = TASK_TRANSITIONS as unknown as Record<TaskTransitionName, TaskTransition<unknown>>;

describe('the task transition table', () => {
  it('holds exactly the lifecycle’s transitions', () => {
    expect(Object.keys(TASK_TRANSITIONS).sort()).toEqual([...Object.keys(PERSON_ANSWERS), ...Object.keys(OTHER_FROM)].sort());
    for (const [name, t] of Object.entries(all)) expect(t.name).toBe(name);
  });

  describe.each(Object.entries(PERSON_ANSWERS))('a person’s %s', (name, answers) => {
    const t = all[name as TaskTransitionName];

    it.each(TASK_STATUSES.map((s) => [s, answers[s]]))('from %s: %s', (status, answer) => {
      const refusal = refusalOf(t, task({ status }));
      expect(refusal?.code ?? 'goes').toBe(answer);
      expect(t.from.includes(status)).toBe(answer === 'goes');
    });

    it('says its own 409 when the task changed under the conditional UPDATE, and never goes from a settled state', () => {
      expect(need(t.conflict)(task()).code).toBe(CONFLICTS[name as keyof typeof CONFLICTS]);
      for (const settled of Object.keys(SETTLED_REFUSALS) as TaskStatus[]) expect(t.from).not.toContain(settled);
    });
  });

  it.each(Object.entries(OTHER_FROM))('%s (workflow or casework) goes from exactly its states and refuses nobody', (name, from) => {
    const t = all[name as TaskTransitionName];
    expect([...t.from].sort()).toEqual([...from].sort());
    expect(['workflow', 'casework']).toContain(t.by);
    expect(t.conflict).toBeUndefined();
    for (const status of TASK_STATUSES) expect(refusalOf(t, task({ status }))).toBeUndefined();
  });

  it('tells a person why a settled task is refused, in the words casework always used', () => {
    expect(refusalOf(TASK_TRANSITIONS.claim, task({ status: 'completed' }))).toEqual({ code: 'task.already-decided', detail: 'Task task-1 has already been decided.' });
    expect(refusalOf(TASK_TRANSITIONS.decide, task({ status: 'cancelled' }))).toEqual({ code: 'task.cancelled', detail: 'Task task-1 was cancelled.' });
    expect(refusalOf(TASK_TRANSITIONS.claim, task({ status: 'claimed' }))?.detail).toBe('Task task-1 is held by someone else or no longer open.');
    expect(refusalOf(TASK_TRANSITIONS.unclaim, task({ status: 'open', assigneeId: null }))?.detail).toBe('Task task-1 is not held by anyone any more.');
    expect(need(TASK_TRANSITIONS.reassign.conflict)(task()).detail).toBe('Task task-1 changed meanwhile; look again.');
    expect(need(TASK_TRANSITIONS.decide.conflict)(task()).detail).toBe('Another decision on task task-1 came first.');
  });

  it('says who may take each transition (four eyes on whom), and which audit action and notification it writes', () => {
    const rows = Object.fromEntries(Object.entries(all).map(([name, t]) => [name, [t.by, t.fourEyes ?? '-', t.audit?.action ?? '-', t.notify?.kind ?? '-']]));
    expect(rows).toEqual({
      claim: ['candidate', 'actor', 'task.claimed', '-'],
      unclaim: ['holder-or-supervisor', '-', 'task.unclaimed', '-'],
      reassign: ['supervisor', 'new-assignee', 'task.reassigned', 'task-assigned'],
      // A decision's audit entry is written when the workflow has taken it (complete).
      decide: ['candidate', 'actor', '-', '-'],
      undoDecision: ['casework', '-', '-', '-'],
      complete: ['workflow', '-', 'task.decided', 'task-decided'],
      cancel: ['workflow', '-', 'task.cancelled', '-'],
      remind: ['workflow', '-', 'task.reminded', 'task-reminder'],
      escalate: ['workflow', '-', 'task.escalated', 'task-escalated'],
      releaseIdleClaim: ['workflow', '-', 'task.claim-released', '-'],
    });
    // The supervisor-only transition is the supervisor-only route.
    expect(Reflect.getMetadata(ROUTE_ROLES, TasksController.prototype.reassign)).toEqual(['supervisor']);
  });

  it('sets what each transition changes, and guards what else must still hold', () => {
    const t = task({ status: 'open', assigneeId: null });
    expect(TASK_TRANSITIONS.claim.set({ userId: 'u', requestId: 'r' }, t)).toEqual({ status: 'claimed', assigneeId: 'u', claimedAt: NOW });
    expect(TASK_TRANSITIONS.unclaim.set({ userId: 'u', requestId: 'r' }, t)).toEqual({ status: 'open', assigneeId: null, claimedAt: null });
    expect(need(TASK_TRANSITIONS.unclaim.guard)({ userId: 'u', requestId: 'r' }, task({ assigneeId: 'holder' }))).toEqual({ assigneeIs: 'holder' });
    expect(TASK_TRANSITIONS.reassign.set({ userId: 's', assigneeId: 'n', reason: null, requestId: 'r' }, t)).toEqual({ status: 'claimed', assigneeId: 'n', claimedAt: NOW });
    expect(need(TASK_TRANSITIONS.reassign.guard)({ userId: 's', assigneeId: 'n', reason: null, requestId: 'r' }, t)).toEqual({ versionIs: 4 });
    const at = new Date('2026-12-01T10:00:00Z');
    expect(TASK_TRANSITIONS.decide.set({ decision: 'approve', comment: null, decidedBy: 'd', decidedAt: at }, t)).toEqual({ status: 'deciding', decision: 'approve', decisionComment: null, decidedBy: 'd', decidedAt: at });
    expect(need(TASK_TRANSITIONS.decide.guard)({ decision: 'approve', comment: null, decidedBy: 'd', decidedAt: at }, t)).toEqual({ freeOrHeldBy: 'd' });
    expect(TASK_TRANSITIONS.undoDecision.set({}, t)).toEqual({ status: CLAIMED_IF_HELD, decision: null, decisionComment: null, decidedBy: null, decidedAt: null });
    expect(need(TASK_TRANSITIONS.undoDecision.guard)({ decidedBy: 'd' }, t)).toEqual({ decidedBy: 'd' });
    expect(need(TASK_TRANSITIONS.undoDecision.guard)({}, t)).toEqual({});
    expect(TASK_TRANSITIONS.complete.set({ decision: 'reject', comment: 'no', decidedBy: 'd', decidedAt: at.toISOString() }, t)).toEqual({ status: 'completed', decision: 'reject', decisionComment: 'no', decidedBy: 'd', decidedAt: at });
    expect(TASK_TRANSITIONS.cancel.set({ reason: 'x' }, t)).toEqual({ status: 'cancelled' });
    expect(TASK_TRANSITIONS.remind.set({ reminder: 2, recipients: [] }, t)).toEqual({ remindersSent: atLeast(2) });
    expect(TASK_TRANSITIONS.escalate.set({ supervisor: 'sup' }, t)).toEqual({ escalatedAt: NOW, escalatedTo: 'sup' });
    expect(need(TASK_TRANSITIONS.escalate.guard)({ supervisor: 'sup' }, t)).toEqual({ notEscalated: true });
    expect(TASK_TRANSITIONS.releaseIdleClaim.set({ idleForMs: 60_000 }, t)).toEqual({ status: 'open', assigneeId: null, claimedAt: null });
    expect(need(TASK_TRANSITIONS.releaseIdleClaim.guard)({ idleForMs: 60_000 }, t)).toEqual({ claimedLongerThanMs: 60_000 });
    // Only a reminder leaves the version (which names decisions' Updates and assignment notices) as it was.
    expect(Object.entries(all).filter(([, tr]) => tr.keepsVersion).map(([name]) => name)).toEqual(['remind']);
  });

  it('writes audit entries that are idempotent where a workflow may apply the transition again', () => {
    const before = task({ status: 'deciding', assigneeId: 'holder', decision: 'approve', decidedBy: 'd', decisionComment: 'ok' });
    const after = task({ status: 'completed', decision: 'approve', decidedBy: 'd', decisionComment: 'ok', version: 5 });
    const decided = need(TASK_TRANSITIONS.complete.audit).facts({ decision: 'approve', comment: 'ok', decidedBy: 'd', decidedAt: '2026-12-01T10:00:00Z', requestId: 'req' }, before, after);
    // Before the decision, a task being decided counts as it stood before the request won it.
    expect(decided).toMatchObject({ actor: 'd', reason: 'ok', requestId: 'req', idempotencyKey: 'task-decided:task-1', before: { status: 'claimed', decision: null, decidedBy: null, comment: null }, after: { status: 'completed', step: 'county-review' } });
    expect(need(TASK_TRANSITIONS.cancel.audit).facts({ reason: 'withdrawn' }, before, after)).toEqual({ actor: 'workflow:case-review:application:a-1', reason: 'withdrawn', idempotencyKey: 'task-cancelled:task-1' });
    expect(need(TASK_TRANSITIONS.escalate.audit).facts({ supervisor: 's' }, before, after)).toEqual({ actor: 'workflow:case-review:application:a-1', reason: 'overdue since 2026-12-03T08:00:00.000Z', idempotencyKey: 'task-escalated:task-1' });
    const reminded = need(TASK_TRANSITIONS.remind.audit).facts({ reminder: 2, recipients: ['a', 'b'] }, before, before);
    expect(reminded).toEqual({ actor: 'workflow:case-review:application:a-1', before: undefined, after: { reminder: 2, recipients: ['a', 'b'] }, idempotencyKey: 'task-reminded:task-1:2' });
    expect(need(TASK_TRANSITIONS.releaseIdleClaim.audit).facts({ idleForMs: 30 * 60_000 }, before, after)).toEqual({ actor: 'workflow:case-review:application:a-1', reason: 'claim idle for more than 30 minutes' });
    // A person's transition is audited under their id and request, with the reason they gave.
    expect(need(TASK_TRANSITIONS.reassign.audit).facts({ userId: 's', assigneeId: 'n', reason: 'balance', requestId: 'req-9' }, before, after)).toEqual({ actor: 's', reason: 'balance', requestId: 'req-9' });
  });

  it('notifies whom each transition concerns, once per key', () => {
    const t = task();
    expect(need(TASK_TRANSITIONS.reassign.notify).notices({ userId: 's', assigneeId: 'n', reason: null, requestId: 'r' }, t, task({ version: 5 }))).toEqual([
      { userId: 'n', idempotencyKey: 'task-assigned:task-1:n:5', title: 'Task assigned to you: review (application a-1)' },
    ]);
    const decision = { decision: 'approve' as const, comment: null, decidedBy: 'd', decidedAt: '2026-12-01T10:00:00Z' };
    expect(need(TASK_TRANSITIONS.complete.notify).notices(decision, t, t)).toEqual([{ userId: 'submitter', idempotencyKey: 'task-decided:task-1:submitter', title: 'review for application a-1: approve' }]);
    expect(need(TASK_TRANSITIONS.complete.notify).notices(decision, t, task({ submittedBy: null }))).toEqual([]);
    expect(need(TASK_TRANSITIONS.escalate.notify).notices({ supervisor: null }, t, t)).toEqual([]);
    expect(need(TASK_TRANSITIONS.escalate.notify).notices({ supervisor: 'sup' }, t, t).map((n) => n.idempotencyKey)).toEqual(['task-escalated:task-1:sup']);
    expect(need(TASK_TRANSITIONS.remind.notify).notices({ reminder: 1, recipients: ['a', 'b'] }, t, t).map((n) => n.idempotencyKey)).toEqual(['task-reminder:task-1:1:a', 'task-reminder:task-1:1:b']);
  });
});

describe('four eyes', () => {
  const t = task({ submittedBy: 'submitter', excludedDeciders: ['excluded'] });

  it('keeps the submitter, whoever the workflow excluded, and the previous step’s decider from a task', () => {
    expect(fourEyesExcludes(t, 'submitter')).toBe(true);
    expect(fourEyesExcludes(t, 'excluded')).toBe(true);
    expect(fourEyesExcludes(t, 'earlier', ['earlier'])).toBe(true);
    expect(fourEyesExcludes(t, 'earlier')).toBe(false);
    expect(fourEyesExcludes(t, 'someone-else', ['earlier'])).toBe(false);
  });

  it('lists the same people for choosing an assignee', () => {
    expect(fourEyesExcluded(t, ['earlier'])).toEqual(['submitter', 'excluded', 'earlier']);
    expect(fourEyesExcluded(task({ submittedBy: null, excludedDeciders: [] }))).toEqual([]);
  });
});
