import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationFailure } from '@temporalio/common';
import type { CompleteTaskInput, CreateTaskInput, EscalateTaskInput, EscalationResult, ReleaseIdleClaimInput, RemindTaskInput, TaskRef } from '@eduaid/contracts';
import { AuditInput, AuditRepository } from '../audit/audit.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { fourEyesExcluded, LEVELLED_KINDS } from './task-access';
import { assignedNotice, DecisionFacts, TASK_TRANSITIONS } from './task-transitions';
import { TaskTransitionsService } from './task-transitions.service';
import { auditState } from './tasks.mapper';
import { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

const REMINDER_FAN_OUT = 20;

/**
 * A task's idempotency key: the business one (workflow id + step + attempt), or the workflow's own
 * when it holds several tasks of a step (a county's school lists). The task id is the workflow's too.
 */
const keyOf = (input: CreateTaskInput): string => input.key ?? `${input.workflowId}:${input.step}#${input.attempt}`;

/** Four eyes on a new task's first assignee (fourEyesExcluded: the submitter and whom the workflow excluded). */
const excludedOf = (input: CreateTaskInput): string[] => fourEyesExcluded({ submittedBy: input.submittedBy ?? null, excludedDeciders: input.excludedDeciders ?? [] });

const decisionFacts = ({ decision: d }: CompleteTaskInput): DecisionFacts => ({ decision: d.decision, comment: d.comment ?? null, decidedBy: d.decidedBy, decidedAt: d.decidedAt, requestId: d.requestId });

/** What workflows do to tasks, through casework's activities (transitions in task-transitions.ts). Every method is idempotent. */
@Injectable()
export class TaskLifecycleService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    private readonly notifications: NotificationsRepository,
    private readonly transitions: TaskTransitionsService,
  ) {}

  private actorOf(workflowId: string): string {
    return `workflow:${workflowId}`;
  }

  private subject(task: TaskEntity) {
    return { subjectType: task.subjectType, subjectId: task.subjectId, divisionCode: task.divisionCode };
  }

  async create(input: CreateTaskInput): Promise<TaskRef> {
    this.assertLevelled(input);
    return this.transitions.transaction((m) => this.createIn(input, m));
  }

  /**
   * Many tasks for one workflow (a county's school lists), in one unit of work: each as create() does
   * it (four eyes on the assignee, least-loaded assignment, the audit entry, the assigned notice), so
   * a retried batch returns the tasks it made. The least-loaded picks are made for the batch in one
   * query per role, the tasks inserted in one statement and their audit entries chained in one append.
   */
  async createMany(inputs: CreateTaskInput[]): Promise<TaskRef[]> {
    for (const input of inputs) this.assertLevelled(input);
    return this.transitions.transaction(async (m) => {
      if (inputs.some((i) => i.assignment === 'round-robin')) {
        const refs: TaskRef[] = [];
        for (const input of inputs) refs.push(await this.createIn(input, m));
        return refs;
      }
      // A retried batch: the tasks it made are answered as they are.
      const existing = new Map((await this.tasks.byIdempotencyKeys(inputs.map(keyOf), m)).map((t) => [t.idempotencyKey, t]));
      const todo = inputs.filter((i) => !existing.has(keyOf(i)));
      const assignees = new Map<CreateTaskInput, string | undefined>();
      const byRole = new Map<CreateTaskInput['candidateRole'], CreateTaskInput[]>();
      for (const input of todo) {
        if (input.assigneeId || input.assignment === 'pool') assignees.set(input, input.assigneeId);
        else byRole.set(input.candidateRole, [...(byRole.get(input.candidateRole) ?? []), input]);
      }
      for (const [role, group] of byRole) {
        const picked = await this.tasks.pickAssignees(role, group.map((i) => ({ ...i.place, excluded: excludedOf(i) })), m);
        group.forEach((input, n) => assignees.set(input, picked[n]));
      }
      const inserted = await this.tasks.insertMany(todo.map((input) => ({ input, key: keyOf(input), assigneeId: assignees.get(input) ?? null })), m);
      const inputOf = new Map(todo.map((i) => [keyOf(i), i]));
      await this.audit.appendMany(inserted.map((task) => this.createdEntry(task, (inputOf.get(task.idempotencyKey) as CreateTaskInput).assigneeId ? 'named' : 'least-loaded')), m);
      for (const task of inserted) {
        if (task.assigneeId) await this.notifications.add({ ...assignedNotice(task, task.assigneeId, task.version), kind: 'task-assigned', taskId: task.taskId }, m);
      }
      const made = new Map(inserted.map((t) => [t.idempotencyKey, t]));
      const missing = inputs.filter((i) => !existing.has(keyOf(i)) && !made.has(keyOf(i)));
      // Inserted meanwhile by a concurrent retry (ON CONFLICT left them out): answered as they are.
      const raced = new Map((missing.length ? await this.tasks.byIdempotencyKeys(missing.map(keyOf), m) : []).map((t) => [t.idempotencyKey, t]));
      return inputs.map((i) => {
        const key = keyOf(i);
        const task = made.get(key) ?? existing.get(key) ?? (raced.get(key) as TaskEntity);
        return { taskId: task.taskId, assigneeId: task.assigneeId, created: made.has(key) };
      });
    });
  }

  /**
   * Completes many tasks as complete() does each (TASK_TRANSITIONS.complete), in one unit of work:
   * the tasks read in one query, each one's conditional UPDATE, their audit entries chained in one
   * append (the audit lock taken once, not once a task), their notifications. A task already
   * completed, cancelled or unknown is left as it is (a retried batch).
   */
  async completeMany(inputs: CompleteTaskInput[]): Promise<void> {
    await this.transitions.transaction(async (m) => {
      const rows = new Map((await this.tasks.byIds(inputs.map((i) => i.taskId), m)).map((t) => [t.taskId, t]));
      const items = inputs.flatMap((input) => {
        const task = rows.get(input.taskId);
        return task && task.status !== 'completed' ? [{ task, c: decisionFacts(input) }] : [];
      });
      await this.transitions.applyMany(TASK_TRANSITIONS.complete, items, m);
    });
  }

  private assertLevelled(input: CreateTaskInput): void {
    if (LEVELLED_KINDS.includes(input.kind) && !input.place.level) {
      // Retrying cannot help: the workflow must say at which level the step is decided.
      throw ApplicationFailure.nonRetryable(`A ${input.kind} task (step ${input.step}) must say the level it is decided at (place.level); none was given.`, 'TaskLevelMissing');
    }
  }

  private async createIn(input: CreateTaskInput, m: EntityManager): Promise<TaskRef> {
    const key = keyOf(input);
    const existing = await this.tasks.byIdempotencyKey(key, m);
    if (existing) return { taskId: existing.taskId, assigneeId: existing.assigneeId, created: false };
    const strategy = input.assignment ?? 'least-loaded';
    const assigneeId = input.assigneeId ?? (strategy === 'pool' ? undefined : await this.tasks.pickAssignee(input.candidateRole, input.place, excludedOf(input), strategy, m));
    const task = await this.tasks.insert(input, key, assigneeId ?? null, m);
    if (!task) {
      // A concurrent retry inserted it first.
      const again = (await this.tasks.byIdempotencyKey(key, m)) as TaskEntity;
      return { taskId: again.taskId, assigneeId: again.assigneeId, created: false };
    }
    await this.audit.append(this.createdEntry(task, input.assigneeId ? 'named' : strategy), m);
    if (assigneeId) {
      await this.notifications.add({ ...assignedNotice(task, assigneeId, task.version), kind: 'task-assigned', taskId: task.taskId }, m);
    }
    return { taskId: task.taskId, assigneeId: task.assigneeId, created: true };
  }

  /** The audit entry of a task a workflow created (not a transition: the task starts here). */
  private createdEntry(task: TaskEntity, how: string): AuditInput {
    return {
      actor: this.actorOf(task.workflowId),
      action: 'task.created',
      ...this.subject(task),
      after: { ...auditState(task), step: task.step, kind: task.kind, dueAt: task.dueAt.toISOString(), candidateRole: task.candidateRole },
      reason: task.assigneeId ? `assigned (${how})` : 'to the pool',
      idempotencyKey: `task-created:${task.taskId}`,
    };
  }

  async complete(input: CompleteTaskInput): Promise<void> {
    await this.transitions.transaction(async (m) => {
      const before = await this.tasks.byId(input.taskId, m);
      if (!before || before.status === 'completed') return;
      await this.transitions.apply(TASK_TRANSITIONS.complete, before, decisionFacts(input), m);
    });
  }

  async remind(input: RemindTaskInput): Promise<void> {
    const task = await this.tasks.byId(input.taskId);
    if (!task || !TASK_TRANSITIONS.remind.from.includes(task.status)) return;
    // The holder, or (nobody holds it) those who could take it.
    const recipients = task.assigneeId ? [task.assigneeId] : await this.tasks.eligibleUsers(task.candidateRole, { divisionCode: task.divisionCode, schoolCode: task.schoolCode, level: task.deciderLevel }, REMINDER_FAN_OUT);
    await this.transitions.transaction((m) => this.transitions.apply(TASK_TRANSITIONS.remind, task, { reminder: input.reminder, recipients }, m));
  }

  async escalate(input: EscalateTaskInput): Promise<EscalationResult> {
    return this.transitions.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return { taskId: input.taskId, escalatedTo: null };
      if (task.escalatedAt || !TASK_TRANSITIONS.escalate.from.includes(task.status)) return { taskId: task.taskId, escalatedTo: task.escalatedTo };
      const supervisor = (await this.tasks.pickSupervisor({ divisionCode: task.divisionCode, schoolCode: task.schoolCode }, m)) ?? null;
      const after = await this.transitions.apply(TASK_TRANSITIONS.escalate, task, { supervisor }, m);
      if (!after) return { taskId: task.taskId, escalatedTo: task.escalatedTo };
      return { taskId: task.taskId, escalatedTo: supervisor };
    });
  }

  async releaseIdleClaim(input: ReleaseIdleClaimInput): Promise<boolean> {
    return this.transitions.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return false;
      return (await this.transitions.apply(TASK_TRANSITIONS.releaseIdleClaim, task, { idleForMs: input.idleForMs }, m)) !== undefined;
    });
  }

  async cancel(input: { taskId: string; reason: string }): Promise<void> {
    await this.transitions.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return;
      await this.transitions.apply(TASK_TRANSITIONS.cancel, task, { reason: input.reason }, m);
    });
  }
}
