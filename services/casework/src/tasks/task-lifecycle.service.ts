import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationFailure } from '@temporalio/common';
import type { CompleteTaskInput, CreateTaskInput, EscalateTaskInput, EscalationResult, ReleaseIdleClaimInput, RemindTaskInput, TaskRef } from '@eduaid/contracts';
import { AuditInput, AuditRepository } from '../audit/audit.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { LEVELLED_KINDS } from './task-access';
import { auditState } from './tasks.mapper';
import { TaskRow, TasksRepository } from './tasks.repository';

const REMINDER_FAN_OUT = 20;

/** What workflows do to tasks, through casework's activities. Every method is idempotent. */
@Injectable()
export class TaskLifecycleService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    private readonly notifications: NotificationsRepository,
  ) {}

  private actorOf(workflowId: string): string {
    return `workflow:${workflowId}`;
  }

  private subject(task: TaskRow) {
    return { subjectType: task.subject_type, subjectId: task.subject_id, divisionCode: task.division_code };
  }

  async create(input: CreateTaskInput): Promise<TaskRef> {
    if (LEVELLED_KINDS.includes(input.kind) && !input.place.level) {
      // Retrying cannot help: the workflow must say at which level the step is decided.
      throw ApplicationFailure.nonRetryable(`A ${input.kind} task (step ${input.step}) must say the level it is decided at (place.level); none was given.`, 'TaskLevelMissing');
    }
    return this.tasks.dataSource.transaction((m) => this.createIn(input, m));
  }

  /**
   * Many tasks for one workflow (a county's school lists), in one transaction: each as create() does
   * it (assignment, audit entry, notification), so a retried batch returns the tasks it made.
   */
  async createMany(inputs: CreateTaskInput[]): Promise<TaskRef[]> {
    for (const input of inputs) {
      if (LEVELLED_KINDS.includes(input.kind) && !input.place.level) {
        throw ApplicationFailure.nonRetryable(`A ${input.kind} task (step ${input.step}) must say the level it is decided at (place.level); none was given.`, 'TaskLevelMissing');
      }
    }
    const keyOf = (input: CreateTaskInput) => input.key ?? `${input.workflowId}:${input.step}#${input.attempt}`;
    return this.tasks.dataSource.transaction(async (m) => {
      if (inputs.some((i) => i.assignment === 'round-robin')) {
        const refs: TaskRef[] = [];
        for (const input of inputs) refs.push(await this.createIn(input, m));
        return refs;
      }
      // A retried batch: the tasks it made are answered as they are.
      const existing = new Map((await this.tasks.byIdempotencyKeys(inputs.map(keyOf), m)).map((t) => [t.idempotency_key, t]));
      const todo = inputs.filter((i) => !existing.has(keyOf(i)));
      const assignees = new Map<CreateTaskInput, string | undefined>();
      const byRole = new Map<string, CreateTaskInput[]>();
      for (const input of todo) {
        if (input.assigneeId || input.assignment === 'pool') assignees.set(input, input.assigneeId);
        else byRole.set(input.candidateRole, [...(byRole.get(input.candidateRole) ?? []), input]);
      }
      for (const [role, group] of byRole) {
        const picked = await this.tasks.pickAssignees(role as CreateTaskInput['candidateRole'], group.map((i) => ({ ...i.place, excluded: [...(i.submittedBy ? [i.submittedBy] : []), ...(i.excludedDeciders ?? [])] })), m);
        group.forEach((input, n) => assignees.set(input, picked[n]));
      }
      const inserted = await this.tasks.insertMany(todo.map((input) => ({ input, key: keyOf(input), assigneeId: assignees.get(input) ?? null })), m);
      await this.audit.appendMany(inserted.map((task) => ({
        actor: this.actorOf(task.workflow_id), action: 'task.created', ...this.subject(task),
        after: { ...auditState(task), step: task.step, kind: task.kind, dueAt: task.due_at.toISOString(), candidateRole: task.candidate_role },
        reason: task.assignee_id ? `assigned (${todo.find((i) => i.taskId === task.task_id)?.assigneeId ? 'named' : 'least-loaded'})` : 'to the pool', idempotencyKey: `task-created:${task.task_id}`,
      })), m);
      for (const task of inserted) {
        if (task.assignee_id) {
          await this.notifications.add({ idempotencyKey: `task-assigned:${task.task_id}:${task.assignee_id}:${task.version}`, userId: task.assignee_id, kind: 'task-assigned', taskId: task.task_id, title: `Task assigned to you: ${task.kind} (${task.subject_type} ${task.subject_id})` }, m);
        }
      }
      const made = new Map(inserted.map((t) => [t.idempotency_key, t]));
      const missing = inputs.filter((i) => !existing.has(keyOf(i)) && !made.has(keyOf(i)));
      // Inserted meanwhile by a concurrent retry (ON CONFLICT left them out): answered as they are.
      const raced = new Map((missing.length ? await this.tasks.byIdempotencyKeys(missing.map(keyOf), m) : []).map((t) => [t.idempotency_key, t]));
      return inputs.map((i) => {
        const key = keyOf(i);
        const task = made.get(key) ?? existing.get(key) ?? (raced.get(key) as TaskRow);
        return { taskId: task.task_id, assigneeId: task.assignee_id, created: made.has(key) };
      });
    });
  }

  /**
   * Completes many tasks as complete() does each, in one transaction: each task's conditional
   * transition, then their audit entries chained in one append (the audit lock taken once, not once a
   * task), then the notifications. A task already completed is left as it is (a retried batch).
   */
  async completeMany(inputs: CompleteTaskInput[]): Promise<void> {
    await this.tasks.dataSource.transaction(async (m) => {
      const entries: AuditInput[] = [];
      const notify: { task: TaskRow; decision: CompleteTaskInput['decision'] }[] = [];
      for (const input of inputs) {
        const d = input.decision;
        const before = await this.tasks.byId(input.taskId, m);
        if (!before || before.status === 'completed') continue;
        const after = await this.tasks.transition(
          input.taskId,
          ['open', 'claimed', 'deciding'],
          { status: 'completed', decision: d.decision, decision_comment: d.comment ?? null, decided_by: d.decidedBy, decided_at: d.decidedAt },
          undefined,
          [],
          m,
        );
        if (!after) continue;
        entries.push({ actor: d.decidedBy, action: 'task.decided', ...this.subject(after), before: auditState({ ...before, status: before.status === 'deciding' ? (before.assignee_id ? 'claimed' : 'open') : before.status, decision: null, decided_by: null, decision_comment: null }), after: { ...auditState(after), step: after.step }, reason: d.comment ?? null, requestId: d.requestId ?? null, idempotencyKey: `task-decided:${input.taskId}` });
        if (after.submitted_by) notify.push({ task: after, decision: d });
      }
      await this.audit.appendMany(entries, m);
      for (const { task, decision } of notify) {
        await this.notifications.add({ idempotencyKey: `task-decided:${task.task_id}:${task.submitted_by}`, userId: task.submitted_by as string, kind: 'task-decided', taskId: task.task_id, title: `${task.kind} for ${task.subject_type} ${task.subject_id}: ${decision.decision}` }, m);
      }
    });
  }

  private async createIn(input: CreateTaskInput, m: EntityManager): Promise<TaskRef> {
    // The key is the business one (workflow id + step + attempt, or the workflow's own when it holds
    // several tasks of a step); the task id is the workflow's too.
    const key = input.key ?? `${input.workflowId}:${input.step}#${input.attempt}`;
    const existing = await this.tasks.byIdempotencyKey(key, m);
    if (existing) return { taskId: existing.task_id, assigneeId: existing.assignee_id, created: false };
    const excluded = [...(input.submittedBy ? [input.submittedBy] : []), ...(input.excludedDeciders ?? [])];
    const strategy = input.assignment ?? 'least-loaded';
    const assigneeId = input.assigneeId ?? (strategy === 'pool' ? undefined : await this.tasks.pickAssignee(input.candidateRole, input.place, excluded, strategy, m));
    const task = await this.tasks.insert(input, key, assigneeId ?? null, m);
    if (!task) {
      // A concurrent retry inserted it first.
      const again = (await this.tasks.byIdempotencyKey(key, m)) as TaskRow;
      return { taskId: again.task_id, assigneeId: again.assignee_id, created: false };
    }
    await this.audit.append({ actor: this.actorOf(input.workflowId), action: 'task.created', ...this.subject(task), after: { ...auditState(task), step: task.step, kind: task.kind, dueAt: task.due_at.toISOString(), candidateRole: task.candidate_role }, reason: assigneeId ? `assigned (${input.assigneeId ? 'named' : strategy})` : 'to the pool', idempotencyKey: `task-created:${task.task_id}` }, m);
    if (assigneeId) {
      await this.notifications.add({ idempotencyKey: `task-assigned:${task.task_id}:${assigneeId}:${task.version}`, userId: assigneeId, kind: 'task-assigned', taskId: task.task_id, title: `Task assigned to you: ${task.kind} (${task.subject_type} ${task.subject_id})` }, m);
    }
    return { taskId: task.task_id, assigneeId: task.assignee_id, created: true };
  }

  async complete(input: CompleteTaskInput): Promise<void> {
    const d = input.decision;
    await this.tasks.dataSource.transaction(async (m) => {
      const before = await this.tasks.byId(input.taskId, m);
      if (!before || before.status === 'completed') return;
      const after = await this.tasks.transition(
        input.taskId,
        ['open', 'claimed', 'deciding'],
        { status: 'completed', decision: d.decision, decision_comment: d.comment ?? null, decided_by: d.decidedBy, decided_at: d.decidedAt },
        undefined,
        [],
        m,
      );
      if (!after) return;
      await this.audit.append({ actor: d.decidedBy, action: 'task.decided', ...this.subject(after), before: auditState({ ...before, status: before.status === 'deciding' ? (before.assignee_id ? 'claimed' : 'open') : before.status, decision: null, decided_by: null, decision_comment: null }), after: { ...auditState(after), step: after.step }, reason: d.comment ?? null, requestId: d.requestId ?? null, idempotencyKey: `task-decided:${input.taskId}` }, m);
      if (after.submitted_by) {
        await this.notifications.add({ idempotencyKey: `task-decided:${input.taskId}:${after.submitted_by}`, userId: after.submitted_by, kind: 'task-decided', taskId: input.taskId, title: `${after.kind} for ${after.subject_type} ${after.subject_id}: ${d.decision}` }, m);
      }
    });
  }

  async remind(input: RemindTaskInput): Promise<void> {
    const task = await this.tasks.byId(input.taskId);
    if (!task || !['open', 'claimed'].includes(task.status)) return;
    const recipients = task.assignee_id ? [task.assignee_id] : await this.tasks.eligibleUsers(task.candidate_role, { divisionCode: task.division_code, schoolCode: task.school_code, level: task.decider_level }, REMINDER_FAN_OUT);
    await this.tasks.dataSource.transaction(async (m) => {
      for (const userId of recipients) {
        await this.notifications.add({ idempotencyKey: `task-reminder:${task.task_id}:${input.reminder}:${userId}`, userId, kind: 'task-reminder', taskId: task.task_id, title: `Reminder: ${task.kind} for ${task.subject_type} ${task.subject_id} is due ${task.due_at.toISOString()}` }, m);
      }
      await m.query('UPDATE casework.tasks SET reminders_sent = GREATEST(reminders_sent, $2) WHERE task_id = $1', [task.task_id, input.reminder]);
      await this.audit.append({ actor: this.actorOf(task.workflow_id), action: 'task.reminded', ...this.subject(task), after: { reminder: input.reminder, recipients }, idempotencyKey: `task-reminded:${task.task_id}:${input.reminder}` }, m);
    });
  }

  async escalate(input: EscalateTaskInput): Promise<EscalationResult> {
    return this.tasks.dataSource.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return { taskId: input.taskId, escalatedTo: null };
      if (task.escalated_at || !['open', 'claimed'].includes(task.status)) return { taskId: task.task_id, escalatedTo: task.escalated_to };
      const supervisor = await this.tasks.pickSupervisor({ divisionCode: task.division_code, schoolCode: task.school_code }, m);
      const after = await this.tasks.transition(task.task_id, ['open', 'claimed'], { escalated_at: 'now()', escalated_to: supervisor ?? null }, 'escalated_at IS NULL', [], m);
      if (!after) return { taskId: task.task_id, escalatedTo: task.escalated_to };
      await this.audit.append({ actor: this.actorOf(task.workflow_id), action: 'task.escalated', ...this.subject(task), before: auditState(task), after: auditState(after), reason: `overdue since ${task.due_at.toISOString()}`, idempotencyKey: `task-escalated:${task.task_id}` }, m);
      if (supervisor) {
        await this.notifications.add({ idempotencyKey: `task-escalated:${task.task_id}:${supervisor}`, userId: supervisor, kind: 'task-escalated', taskId: task.task_id, title: `Escalated: ${task.kind} for ${task.subject_type} ${task.subject_id} is overdue` }, m);
      }
      return { taskId: task.task_id, escalatedTo: supervisor ?? null };
    });
  }

  async releaseIdleClaim(input: ReleaseIdleClaimInput): Promise<boolean> {
    return this.tasks.dataSource.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return false;
      const after = await this.tasks.transition(task.task_id, ['claimed'], { status: 'open', assignee_id: null, claimed_at: null }, `claimed_at < now() - ($1::bigint * interval '1 millisecond')`, [input.idleForMs], m);
      if (!after) return false;
      await this.audit.append({ actor: this.actorOf(task.workflow_id), action: 'task.claim-released', ...this.subject(task), before: auditState(task), after: auditState(after), reason: `claim idle for more than ${Math.round(input.idleForMs / 60000)} minutes` }, m);
      return true;
    });
  }

  async cancel(input: { taskId: string; reason: string }): Promise<void> {
    await this.tasks.dataSource.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return;
      const after = await this.tasks.transition(task.task_id, ['open', 'claimed', 'deciding'], { status: 'cancelled' }, undefined, [], m);
      if (!after) return;
      await this.audit.append({ actor: this.actorOf(task.workflow_id), action: 'task.cancelled', ...this.subject(task), before: auditState(task), after: auditState(after), reason: input.reason, idempotencyKey: `task-cancelled:${task.task_id}` }, m);
    });
  }
}
