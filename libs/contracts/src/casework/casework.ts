import type { Role, ScopeLevel } from '../identity/caller';

/**
 * The casework contract: what a workflow tells casework about a human step, what casework tells the
 * workflow back (the decision, as a Temporal Update), and the activities casework runs.
 * Plain types only: workflow code imports this file.
 */

export const TASK_STATUSES = ['open', 'claimed', 'deciding', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const SUBJECT_TYPES = ['application', 'case'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const DECISIONS = ['approve', 'reject', 'return'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ASSIGNMENT_STRATEGIES = ['least-loaded', 'round-robin', 'pool'] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** Notifications another service asks casework to send (POST /internal/notifications), not about a task. */
export const SERVICE_NOTIFICATION_KINDS = ['mentor-reminder'] as const;
export type ServiceNotificationKind = (typeof SERVICE_NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KINDS = ['task-assigned', 'task-reminder', 'task-escalated', 'task-decided', ...SERVICE_NOTIFICATION_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What a service sends casework's service-only POST /internal/notifications: one in-app notification
 * to each of `userIds`. `key` names the occasion (a reminder: `<workflowId>:reminder:<period>`); with
 * the kind and the user it is the notification's idempotency key, so a retried send notifies nobody twice.
 */
export interface ServiceNotice {
  kind: ServiceNotificationKind;
  key: string;
  userIds: string[];
  title: string;
}

/** Name of the Update a decision is delivered by; every human-task workflow handles it. */
export const DECIDE_TASK_UPDATE = 'decideTask';
/** Query answering which task the workflow waits on (for casework's timeline and for operators). */
export const PENDING_TASK_QUERY = 'pendingTask';

/** Where the task's subject lies: the jurisdiction checks and the inbox filters use it. */
export interface TaskPlace {
  /** Division code of the subject (village or finer, or the county when that is all there is). */
  divisionCode: string;
  schoolCode?: string;
  /**
   * The level the step is held at (approval steps): only someone scoped AT this level whose scope
   * covers the place by it may claim or decide the task (a county approval: a county scope that the
   * division code starts with; a school check: the school's own scope). Absent: anyone with the role
   * whose scope covers the place. Casework refuses an approval kind without one.
   */
  level?: ScopeLevel;
}

export interface CreateTaskInput {
  /** Chosen by the workflow (deterministic uuid4), so it knows the id before casework answers. */
  taskId: string;
  /** Idempotency: one task per (workflow id, step); a retried activity returns the same task. */
  workflowId: string;
  step: string;
  /** 1 for a step's first task, 2 when the step is done again after a 'return', … */
  attempt: number;
  /** Position of the step in its process, so an out-of-order decision can be told apart. */
  stepIndex: number;
  kind: string;
  subject: { type: SubjectType; id: string };
  place: TaskPlace;
  /** Who may do it: a role in the jurisdiction (a group's task) … */
  candidateRole: Role;
  /** … or one named person. */
  assigneeId?: string;
  /** How a group's task gets its first assignee; 'pool' leaves it for someone to claim. */
  assignment?: AssignmentStrategy;
  /** ISO timestamp, set by the workflow from its own clock. */
  dueAt: string;
  /** 1 (highest) … 5 (lowest). */
  priority: number;
  /** What the decider needs to see: small, display-ready facts (ids, amounts, names), not documents. */
  data: Record<string, unknown>;
  /** Who submitted the case; four eyes: they may not decide it. */
  submittedBy?: string;
  /** Everyone else who may not decide this step (e.g. the decider of the previous step). */
  excludedDeciders?: string[];
  /**
   * Idempotency key, when one workflow holds several tasks of a step at once (a county's school
   * lists: one per school). Default: `<workflowId>:<step>#<attempt>`.
   */
  key?: string;
}

export interface TaskRef {
  taskId: string;
  assigneeId: string | null;
  /** false when the activity had already created this task (a retry). */
  created: boolean;
}

/** The decision casework delivers to the waiting workflow. */
export interface TaskDecision {
  taskId: string;
  step: string;
  decision: Decision;
  comment?: string;
  decidedBy: string;
  decidedAt: string;
  requestId?: string;
}

export interface TaskDecisionAck {
  taskId: string;
  step: string;
  accepted: true;
}

export interface CompleteTaskInput {
  taskId: string;
  workflowId: string;
  step: string;
  decision: TaskDecision;
}

export interface RemindTaskInput {
  taskId: string;
  /** 1, 2, …: the idempotency key of the reminder is (task, number). */
  reminder: number;
}

export interface EscalateTaskInput {
  taskId: string;
}

export interface EscalationResult {
  taskId: string;
  escalatedTo: string | null;
}

export interface ReleaseIdleClaimInput {
  taskId: string;
  /** A claim untouched for this long goes back to the group. */
  idleForMs: number;
}

/** The activities casework's worker runs (queue `casework`). All are idempotent. */
export interface CaseworkActivities {
  createTask(input: CreateTaskInput): Promise<TaskRef>;
  completeTask(input: CompleteTaskInput): Promise<void>;
  remindTask(input: RemindTaskInput): Promise<void>;
  escalateTask(input: EscalateTaskInput): Promise<EscalationResult>;
  releaseIdleClaim(input: ReleaseIdleClaimInput): Promise<boolean>;
  cancelTask(input: { taskId: string; reason: string }): Promise<void>;
}

/**
 * Casework's batch activities (queue `casework`), for a workflow that holds many tasks at once (a
 * county's school lists): each item is done as its single counterpart does it, idempotent alike.
 * Callers keep a batch to a few hundred items (an activity's payload stays well under 2 MB).
 */
export interface CaseworkBatchActivities {
  createTasks(input: { tasks: CreateTaskInput[] }): Promise<TaskRef[]>;
  completeTasks(input: { tasks: CompleteTaskInput[] }): Promise<void>;
}

/** Scope levels, re-exported for casework's users. */
export type UserScopeLevel = ScopeLevel;

/** The generic multi-step review process (workflows/src/case-review). */
export const CASE_REVIEW_WORKFLOW = 'caseReviewWorkflow';

export function caseReviewWorkflowId(subjectType: SubjectType, subjectId: string): string {
  return `case-review:${subjectType}:${subjectId}`;
}

export interface CaseReviewStep {
  step: string;
  kind: string;
  candidateRole: Role;
  assigneeId?: string;
  assignment?: AssignmentStrategy;
  /** Milliseconds from the step's start until it is due. */
  dueInMs: number;
  /** Reminders before the due time, in ms before it (e.g. [86_400_000] = one day before). */
  remindBeforeMs?: number[];
  /** Escalate this long after the due time (0 = at the due time). */
  escalateAfterMs?: number;
  /** Release a claim untouched this long (checked at the same interval). */
  releaseIdleClaimAfterMs?: number;
  priority?: number;
}

export interface CaseReviewInput {
  subject: { type: SubjectType; id: string };
  place: TaskPlace;
  submittedBy: string;
  data: Record<string, unknown>;
  steps: CaseReviewStep[];
}

export interface CaseReviewResult {
  outcome: 'approved' | 'rejected';
  decisions: TaskDecision[];
}
