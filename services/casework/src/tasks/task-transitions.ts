import type { Decision, NotificationKind, TaskStatus } from '@eduaid/contracts';
import { auditState } from './tasks.mapper';
import type { TaskEntity } from './task.entity';

/**
 * The casework task lifecycle, one table: every step a person, a workflow or casework itself takes a
 * task through — from which states, what it writes to the task, which audit action and which
 * notification it writes, and who may take it. TasksService (people), TaskLifecycleService
 * (workflows' activities) and DecisionRecoveryService apply a transition from here through
 * TaskTransitionsService; the repository turns `set` and `guard` into one conditional UPDATE.
 *
 *   transition          by                     from                      to / sets                      audit                  notification
 *   claim               candidate (4 eyes)     open                      claimed, assignee = caller     task.claimed           —
 *   unclaim             holder or supervisor   claimed                   open, no assignee              task.unclaimed         —
 *   reassign            supervisor             open, claimed             claimed, assignee = named      task.reassigned        task-assigned (the new assignee; 4 eyes on them)
 *   decide              candidate (4 eyes)     open, claimed             deciding, the decision         — (written by complete, when the workflow took it)
 *   undoDecision        casework               deciding                  claimed if held, else open     —
 *   complete            workflow               open, claimed, deciding   completed, the decision        task.decided           task-decided (the submitter)
 *   cancel              workflow               open, claimed, deciding   cancelled                      task.cancelled         —
 *   remind              workflow               open, claimed             remindersSent (same version)   task.reminded         task-reminder (holder, else who could take it)
 *   escalate            workflow               open, claimed             escalatedAt, escalatedTo       task.escalated         task-escalated (the supervisor)
 *   releaseIdleClaim    workflow               claimed (idle)            open, no assignee              task.claim-released    —
 *
 * A workflow's transition from any other state does nothing (activities are retried, and a timer
 * may fire after the task moved on). A person's is refused with 409: a settled task (decided,
 * being decided, cancelled) with the code SETTLED_REFUSALS names, otherwise with the transition's
 * own `conflict` — which is also the answer when the conditional UPDATE finds the task changed.
 */

/** Written by the database when the change is applied: its clock. */
export const NOW = { computed: 'now' } as const;
/** Written by the database: 'claimed' when the task has an assignee, else 'open'. */
export const CLAIMED_IF_HELD = { computed: 'claimed-if-held' } as const;
/** Written by the database: the larger of the column's value and this one. */
export const atLeast = (value: number) => ({ computed: 'at-least', value }) as const;
export type ComputedValue = typeof NOW | typeof CLAIMED_IF_HELD | ReturnType<typeof atLeast>;

/** What a transition writes to the task's columns. */
export type TaskChange = { [K in keyof TaskEntity]?: TaskEntity[K] | ComputedValue };

/** What else must hold of the task, besides its status, for the change to apply. */
export interface TaskGuard {
  /** Still held by this user (null: matches no row). */
  assigneeIs?: string | null;
  /** Unchanged since it was read. */
  versionIs?: number;
  /** Nobody holds it, or this user holds it or has it escalated to them. */
  freeOrHeldBy?: string;
  /** Its pending decision is this user's. */
  decidedBy?: string;
  /** Not escalated yet. */
  notEscalated?: true;
  /** Claimed longer ago than this many milliseconds. */
  claimedLongerThanMs?: number;
}

/**
 * Who may take a transition. `candidate`: holds the task's candidate role or holds the task (as
 * assignee, or escalated to them), is scoped at the step's level, and passes four eyes.
 * `holder-or-supervisor`: holds the task, or is a supervisor. `supervisor`: the route's role
 * (TasksController). `workflow`: the task's workflow, through casework's activities. `casework`:
 * casework itself (a decision the workflow refused, or one interrupted by a crash).
 */
export type TransitionActor = 'candidate' | 'holder-or-supervisor' | 'supervisor' | 'workflow' | 'casework';

/** What an audit entry says beyond its action and subject; before/after default to auditState of the task before and after. */
export interface AuditFacts {
  actor: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  requestId?: string | null;
  /** Set where the transition may be applied again (retried activities): the entry is written once. */
  idempotencyKey?: string;
}

export interface NoticeFacts {
  userId: string;
  idempotencyKey: string;
  title: string;
}

export interface Refusal {
  code: string;
  detail: string;
}

export interface TaskTransition<C> {
  name: string;
  by: TransitionActor;
  /** Four eyes applies to the person taking it (`actor`) or to the person it gives the task to (`new-assignee`). */
  fourEyes?: 'actor' | 'new-assignee';
  from: readonly TaskStatus[];
  set(c: C, task: TaskEntity): TaskChange;
  guard?(c: C, task: TaskEntity): TaskGuard;
  /** A reminder is no change of the task's state: its version (which names decisions and assignments) stays. */
  keepsVersion?: true;
  audit?: { action: string; facts(c: C, before: TaskEntity, after: TaskEntity): AuditFacts };
  notify?: { kind: NotificationKind; notices(c: C, before: TaskEntity, after: TaskEntity): NoticeFacts[] };
  /** A person's 409 when the task is in no `from` state (other than a settled one) or changed meanwhile. */
  conflict?(task: TaskEntity): Refusal;
}

/** The states in which no person may do anything more to a task, and what they are told. */
export const SETTLED_REFUSALS: Readonly<Partial<Record<TaskStatus, (task: TaskEntity) => Refusal>>> = {
  deciding: (task) => ({ code: 'task.already-decided', detail: `Task ${task.taskId} has already been decided.` }),
  completed: (task) => ({ code: 'task.already-decided', detail: `Task ${task.taskId} has already been decided.` }),
  cancelled: (task) => ({ code: 'task.cancelled', detail: `Task ${task.taskId} was cancelled.` }),
};

const byWorkflow = (task: TaskEntity) => `workflow:${task.workflowId}`;

/** The notice of a task given to someone (by its workflow when created, or by a supervisor). */
export function assignedNotice(task: TaskEntity, userId: string, version: number): NoticeFacts {
  return { userId, idempotencyKey: `task-assigned:${task.taskId}:${userId}:${version}`, title: `Task assigned to you: ${task.kind} (${task.subjectType} ${task.subjectId})` };
}

/** What a person's decision carries. */
export interface DecisionFacts {
  decision: Decision;
  comment: string | null;
  decidedBy: string;
  decidedAt: Date | string;
  requestId?: string | null;
}

function transition<C>(t: TaskTransition<C>): TaskTransition<C> {
  return t;
}

export const TASK_TRANSITIONS = {
  claim: transition<{ userId: string; requestId: string }>({
    name: 'claim',
    by: 'candidate',
    fourEyes: 'actor',
    from: ['open'],
    set: (c) => ({ status: 'claimed', assigneeId: c.userId, claimedAt: NOW }),
    audit: { action: 'task.claimed', facts: (c) => ({ actor: c.userId, requestId: c.requestId }) },
    conflict: (task) => ({ code: 'task.already-claimed', detail: `Task ${task.taskId} is held by someone else or no longer open.` }),
  }),

  unclaim: transition<{ userId: string; requestId: string }>({
    name: 'unclaim',
    by: 'holder-or-supervisor',
    from: ['claimed'],
    set: () => ({ status: 'open', assigneeId: null, claimedAt: null }),
    guard: (_c, task) => ({ assigneeIs: task.assigneeId }),
    audit: { action: 'task.unclaimed', facts: (c) => ({ actor: c.userId, requestId: c.requestId }) },
    conflict: (task) => ({ code: 'task.not-claimed', detail: `Task ${task.taskId} is not held by ${task.assigneeId ?? 'anyone'} any more.` }),
  }),

  reassign: transition<{ userId: string; assigneeId: string; reason: string | null; requestId: string }>({
    name: 'reassign',
    by: 'supervisor',
    fourEyes: 'new-assignee',
    from: ['open', 'claimed'],
    set: (c) => ({ status: 'claimed', assigneeId: c.assigneeId, claimedAt: NOW }),
    guard: (_c, task) => ({ versionIs: task.version }),
    audit: { action: 'task.reassigned', facts: (c) => ({ actor: c.userId, reason: c.reason, requestId: c.requestId }) },
    notify: { kind: 'task-assigned', notices: (c, before, after) => [assignedNotice(before, c.assigneeId, after.version)] },
    conflict: (task) => ({ code: 'task.changed', detail: `Task ${task.taskId} changed meanwhile; look again.` }),
  }),

  /** One request wins the task; its decision then goes to the workflow, which has the last word. */
  decide: transition<DecisionFacts>({
    name: 'decide',
    by: 'candidate',
    fourEyes: 'actor',
    from: ['open', 'claimed'],
    set: (c) => ({ status: 'deciding', decision: c.decision, decisionComment: c.comment, decidedBy: c.decidedBy, decidedAt: new Date(c.decidedAt) }),
    guard: (c) => ({ freeOrHeldBy: c.decidedBy }),
    conflict: (task) => ({ code: 'task.decision-conflict', detail: `Another decision on task ${task.taskId} came first.` }),
  }),

  /** The workflow refused a decision, or is gone: the task is as it was before it. */
  undoDecision: transition<{ decidedBy?: string }>({
    name: 'undoDecision',
    by: 'casework',
    from: ['deciding'],
    set: () => ({ status: CLAIMED_IF_HELD, decision: null, decisionComment: null, decidedBy: null, decidedAt: null }),
    guard: (c) => (c.decidedBy ? { decidedBy: c.decidedBy } : {}),
  }),

  /** The workflow took the decision (from a person's request, or one recovered after a crash). */
  complete: transition<DecisionFacts>({
    name: 'complete',
    by: 'workflow',
    from: ['open', 'claimed', 'deciding'],
    set: (c) => ({ status: 'completed', decision: c.decision, decisionComment: c.comment, decidedBy: c.decidedBy, decidedAt: new Date(c.decidedAt) }),
    audit: {
      action: 'task.decided',
      facts: (c, before, after) => ({
        actor: c.decidedBy,
        // The state before the decision: a task being decided counts as it was before the request won it.
        before: auditState({ ...before, status: before.status === 'deciding' ? (before.assigneeId ? 'claimed' : 'open') : before.status, decision: null, decidedBy: null, decisionComment: null }),
        after: { ...auditState(after), step: after.step },
        reason: c.comment,
        requestId: c.requestId ?? null,
        idempotencyKey: `task-decided:${before.taskId}`,
      }),
    },
    notify: {
      kind: 'task-decided',
      notices: (c, _before, after) =>
        after.submittedBy ? [{ userId: after.submittedBy, idempotencyKey: `task-decided:${after.taskId}:${after.submittedBy}`, title: `${after.kind} for ${after.subjectType} ${after.subjectId}: ${c.decision}` }] : [],
    },
  }),

  cancel: transition<{ reason: string }>({
    name: 'cancel',
    by: 'workflow',
    from: ['open', 'claimed', 'deciding'],
    set: () => ({ status: 'cancelled' }),
    audit: { action: 'task.cancelled', facts: (c, before) => ({ actor: byWorkflow(before), reason: c.reason, idempotencyKey: `task-cancelled:${before.taskId}` }) },
  }),

  remind: transition<{ reminder: number; recipients: string[] }>({
    name: 'remind',
    by: 'workflow',
    from: ['open', 'claimed'],
    set: (c) => ({ remindersSent: atLeast(c.reminder) }),
    keepsVersion: true,
    audit: {
      action: 'task.reminded',
      facts: (c, before) => ({ actor: byWorkflow(before), before: undefined, after: { reminder: c.reminder, recipients: c.recipients }, idempotencyKey: `task-reminded:${before.taskId}:${c.reminder}` }),
    },
    notify: {
      kind: 'task-reminder',
      notices: (c, task) =>
        c.recipients.map((userId) => ({ userId, idempotencyKey: `task-reminder:${task.taskId}:${c.reminder}:${userId}`, title: `Reminder: ${task.kind} for ${task.subjectType} ${task.subjectId} is due ${task.dueAt.toISOString()}` })),
    },
  }),

  escalate: transition<{ supervisor: string | null }>({
    name: 'escalate',
    by: 'workflow',
    from: ['open', 'claimed'],
    set: (c) => ({ escalatedAt: NOW, escalatedTo: c.supervisor }),
    guard: () => ({ notEscalated: true }),
    audit: { action: 'task.escalated', facts: (_c, before) => ({ actor: byWorkflow(before), reason: `overdue since ${before.dueAt.toISOString()}`, idempotencyKey: `task-escalated:${before.taskId}` }) },
    notify: {
      kind: 'task-escalated',
      notices: (c, task) =>
        c.supervisor ? [{ userId: c.supervisor, idempotencyKey: `task-escalated:${task.taskId}:${c.supervisor}`, title: `Escalated: ${task.kind} for ${task.subjectType} ${task.subjectId} is overdue` }] : [],
    },
  }),

  releaseIdleClaim: transition<{ idleForMs: number }>({
    name: 'releaseIdleClaim',
    by: 'workflow',
    from: ['claimed'],
    set: () => ({ status: 'open', assigneeId: null, claimedAt: null }),
    guard: (c) => ({ claimedLongerThanMs: c.idleForMs }),
    audit: { action: 'task.claim-released', facts: (c, before) => ({ actor: byWorkflow(before), reason: `claim idle for more than ${Math.round(c.idleForMs / 60000)} minutes` }) },
  }),
} as const;

export type TaskTransitionName = keyof typeof TASK_TRANSITIONS;

/**
 * What a person is told who asks for a transition while the task is in its state (undefined: the
 * transition goes from it, or it is no person's). A settled state says so whatever was asked;
 * TasksService refuses those before anything else of the task's state, and answers `conflict` when
 * the conditional UPDATE finds the task in another state than it read.
 */
export function refusalOf<C>(t: TaskTransition<C>, task: TaskEntity): Refusal | undefined {
  if (t.from.includes(task.status) || t.by === 'workflow' || t.by === 'casework') return undefined;
  const settled = SETTLED_REFUSALS[task.status];
  if (settled) return settled(task);
  return t.conflict?.(task);
}
