import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { EntityManager } from 'typeorm';
import { Caller, DECIDE_TASK_UPDATE, Role, TaskDecision, TaskDecisionAck } from '@eduaid/contracts';
import { assertInScope, denyAccess, DomainError, TEMPORAL_CLIENT } from '@eduaid/platform';
import { AuditRepository } from '../audit/audit.repository';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { DecideDto, DecisionResultDto, InboxQueryDto, ReassignDto, TaskCountsDto, TaskDto, TaskPageDto, WorkloadPageDto, WorkloadQueryDto } from './dto/tasks.dto';
import { kindBelongsTo, levelAllows, levelRule, rolesOfTask } from './task-access';
import { auditState, taskDto } from './tasks.mapper';
import { sortKeyOf, sortKeyTypes, TaskRow, TasksRepository } from './tasks.repository';

/** Roles that work tasks. Supervisors see everything in their jurisdiction and may reassign. */
export const TASK_ROLES: Role[] = ['caseworker', 'approver', 'supervisor', 'mentor'];

/** The inbox and what a person does to a task: claim, unclaim, reassign, decide. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    private readonly notifications: NotificationsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  private transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tasks.dataSource.transaction(work);
  }

  async inbox(caller: Caller, query: InboxQueryDto): Promise<TaskPageDto> {
    const view = query.view ?? 'mine';
    if (view === 'all' && !caller.roles.includes('supervisor')) {
      denyAccess(caller, 'auth.role-denied', 'role', 'Only supervisors see every task of their jurisdiction (view=all).');
    }
    if (query.divisionCode && caller.scope.level !== 'school') {
      assertInScope(caller, { divisionCode: query.divisionCode }, `Division ${query.divisionCode}`);
    }
    const sort = query.sort ?? 'dueAt';
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor, sortKeyTypes(sort)) : undefined;
    const rows = await this.tasks.inbox({
      scope: caller.scope,
      userId: caller.userId,
      roles: caller.roles,
      view,
      kind: query.kind,
      status: query.status,
      due: query.due,
      escalated: query.escalated,
      divisionCode: query.divisionCode,
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      sort,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map((r) => this.dto(caller, r)), nextCursor: rows.length > limit ? encodeCursor(sortKeyOf(page[page.length - 1], sort)) : undefined };
  }

  async counts(caller: Caller): Promise<TaskCountsDto> {
    const c = await this.tasks.counts(caller.scope, caller.userId, caller.roles);
    return { mine: c.mine, group: c.group, overdue: c.overdue, dueSoon: c.due_soon, escalated: c.escalated, unseenNotifications: await this.notifications.unseenCount(caller.userId) };
  }

  /** The task as this caller sees it, marked with whether they could claim or decide it. */
  private dto(caller: Caller, task: TaskRow): TaskDto {
    const excluded = task.submitted_by === caller.userId || task.excluded_deciders.includes(caller.userId);
    return taskDto(task, Date.now(), this.isCandidate(caller, task) && levelAllows(caller.scope, task) && !excluded);
  }

  /**
   * A task the caller may see: it exists, lies in their jurisdiction, and its kind belongs to one of
   * their roles (task-access.ts: mentors never see aid tasks, whatever their scope).
   */
  private async visible(caller: Caller, taskId: string): Promise<TaskRow> {
    const task = await this.tasks.byId(taskId);
    if (!task) throw new DomainError('task.not-found', 'not-found', `No task ${taskId}.`);
    assertInScope(caller, { divisionCode: task.division_code, schoolCode: task.school_code ?? undefined }, `Task ${taskId}`);
    if (!kindBelongsTo(caller.roles, task)) {
      denyAccess(caller, 'task.kind-not-yours', 'role', `Task ${taskId} is a ${task.kind} task, which belongs to the roles ${rolesOfTask(task).join(', ')}; you hold ${caller.roles.join(', ')}.`, `Task ${taskId}`);
    }
    return task;
  }

  async get(caller: Caller, taskId: string): Promise<TaskDto> {
    return this.dto(caller, await this.visible(caller, taskId));
  }

  /** A step held at a level is claimed and decided only by someone scoped AT that level who covers it. */
  private assertLevel(caller: Caller, task: TaskRow): void {
    if (levelAllows(caller.scope, task)) return;
    denyAccess(caller, 'task.wrong-level', 'level', levelRule(task, caller), `Task ${task.task_id}`);
  }

  /** Four eyes: the submitter, anyone the workflow excluded, and the decider of the previous step. */
  private async assertFourEyes(caller: Caller, task: TaskRow): Promise<void> {
    const excluded = new Set([...(task.submitted_by ? [task.submitted_by] : []), ...task.excluded_deciders, ...(await this.tasks.earlierDeciders(task.workflow_id, task.step_index))]);
    if (excluded.has(caller.userId)) {
      denyAccess(caller, 'task.four-eyes', 'four-eyes', `Four eyes: you submitted this case or decided its previous step, so someone else must decide task ${task.task_id}.`, `Task ${task.task_id}`);
    }
  }

  private isCandidate(caller: Caller, task: TaskRow): boolean {
    return caller.roles.includes(task.candidate_role) || task.assignee_id === caller.userId || task.escalated_to === caller.userId;
  }

  private assertCandidate(caller: Caller, task: TaskRow): void {
    if (!this.isCandidate(caller, task)) {
      denyAccess(caller, 'task.not-candidate', 'role', `Task ${task.task_id} is for the role ${task.candidate_role}.`, `Task ${task.task_id}`);
    }
  }

  private assertOpen(task: TaskRow): void {
    if (task.status === 'completed' || task.status === 'deciding') throw new DomainError('task.already-decided', 'conflict', `Task ${task.task_id} has already been decided.`);
    if (task.status === 'cancelled') throw new DomainError('task.cancelled', 'conflict', `Task ${task.task_id} was cancelled.`);
  }

  async claim(caller: Caller, taskId: string, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    this.assertCandidate(caller, task);
    this.assertLevel(caller, task);
    await this.assertFourEyes(caller, task);
    this.assertOpen(task);
    return this.transaction(async (m) => {
      const after = await this.tasks.transition(taskId, ['open'], { status: 'claimed', assignee_id: caller.userId, claimed_at: 'now()' }, undefined, [], m);
      if (!after) throw new DomainError('task.already-claimed', 'conflict', `Task ${taskId} is held by someone else or no longer open.`);
      await this.audit.append({ actor: caller.userId, action: 'task.claimed', subjectType: task.subject_type, subjectId: task.subject_id, divisionCode: task.division_code, before: auditState(task), after: auditState(after), requestId }, m);
      return this.dto(caller, after);
    });
  }

  async unclaim(caller: Caller, taskId: string, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    this.assertOpen(task);
    if (task.assignee_id !== caller.userId && !caller.roles.includes('supervisor')) {
      denyAccess(caller, 'task.not-yours', 'role', `Task ${taskId} is not yours to give back.`, `Task ${taskId}`);
    }
    return this.transaction(async (m) => {
      const after = await this.tasks.transition(taskId, ['claimed'], { status: 'open', assignee_id: null, claimed_at: null }, 'assignee_id = $1', [task.assignee_id], m);
      if (!after) throw new DomainError('task.not-claimed', 'conflict', `Task ${taskId} is not held by ${task.assignee_id ?? 'anyone'} any more.`);
      await this.audit.append({ actor: caller.userId, action: 'task.unclaimed', subjectType: task.subject_type, subjectId: task.subject_id, divisionCode: task.division_code, before: auditState(task), after: auditState(after), requestId }, m);
      return this.dto(caller, after);
    });
  }

  async reassign(caller: Caller, taskId: string, body: ReassignDto, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    this.assertOpen(task);
    const excluded = [...(task.submitted_by ? [task.submitted_by] : []), ...task.excluded_deciders, ...(await this.tasks.earlierDeciders(task.workflow_id, task.step_index))];
    if (excluded.includes(body.assigneeId)) {
      throw new DomainError('task.four-eyes', 'unprocessable', `Four eyes: ${body.assigneeId} submitted this case or decided its previous step.`);
    }
    if (!(await this.tasks.userCanTake(body.assigneeId, task.candidate_role, { divisionCode: task.division_code, schoolCode: task.school_code, level: task.decider_level }))) {
      const atLevel = task.decider_level ? `, scoped at ${task.decider_level} level,` : '';
      throw new DomainError('task.assignee-ineligible', 'unprocessable', `${body.assigneeId} is not an active ${task.candidate_role}${atLevel} whose jurisdiction covers this task.`, [{ field: 'assigneeId', message: 'not eligible for this task' }]);
    }
    return this.transaction(async (m) => {
      const after = await this.tasks.transition(taskId, ['open', 'claimed'], { status: 'claimed', assignee_id: body.assigneeId, claimed_at: 'now()' }, 'version = $1', [task.version], m);
      if (!after) throw new DomainError('task.changed', 'conflict', `Task ${taskId} changed meanwhile; look again.`);
      await this.audit.append({ actor: caller.userId, action: 'task.reassigned', subjectType: task.subject_type, subjectId: task.subject_id, divisionCode: task.division_code, before: auditState(task), after: auditState(after), reason: body.reason ?? null, requestId }, m);
      await this.notifications.add({ idempotencyKey: `task-assigned:${taskId}:${body.assigneeId}:${after.version}`, userId: body.assigneeId, kind: 'task-assigned', taskId, title: `Task assigned to you: ${task.kind} (${task.subject_type} ${task.subject_id})` }, m);
      return this.dto(caller, after);
    });
  }

  /**
   * One decision wins: a conditional UPDATE takes the task to 'deciding' for exactly one request;
   * that one is sent to the workflow as an Update, whose validator has the last word. If the
   * workflow refuses, the task goes back as it was and the caller gets 409 with the reason.
   */
  async decide(caller: Caller, taskId: string, body: DecideDto, requestId: string): Promise<DecisionResultDto> {
    const task = await this.visible(caller, taskId);
    this.assertCandidate(caller, task);
    this.assertLevel(caller, task);
    await this.assertFourEyes(caller, task);
    this.assertOpen(task);
    if (body.step && body.step !== task.step) {
      throw new DomainError('task.stale-step', 'conflict', `Task ${taskId} is at step ${task.step}, not ${body.step}.`);
    }
    if (task.assignee_id && task.assignee_id !== caller.userId && task.escalated_to !== caller.userId) {
      throw new DomainError('task.claimed-by-other', 'conflict', `Task ${taskId} is held by ${task.assignee_id}.`);
    }
    const decidedAt = new Date();
    const won = await this.tasks.transition(
      taskId,
      ['open', 'claimed'],
      { status: 'deciding', decision: body.decision, decision_comment: body.comment ?? null, decided_by: caller.userId, decided_at: decidedAt },
      '(assignee_id IS NULL OR assignee_id = $1 OR escalated_to = $1)',
      [caller.userId],
      this.tasks.dataSource.manager,
    );
    if (!won) throw new DomainError('task.decision-conflict', 'conflict', `Another decision on task ${taskId} came first.`);
    const decision: TaskDecision = { taskId, step: task.step, decision: body.decision, comment: body.comment, decidedBy: caller.userId, decidedAt: decidedAt.toISOString(), requestId };
    try {
      await this.temporal.workflow.getHandle(task.workflow_id).executeUpdate<TaskDecisionAck, [TaskDecision]>(DECIDE_TASK_UPDATE, { args: [decision], updateId: `decide:${taskId}:${won.version}` });
    } catch (error) {
      await this.tasks.transition(taskId, ['deciding'], { status: task.assignee_id ? 'claimed' : 'open', decision: null, decision_comment: null, decided_by: null, decided_at: null }, 'decided_by = $1', [caller.userId], this.tasks.dataSource.manager);
      if (error instanceof WorkflowUpdateFailedError) {
        throw new DomainError('task.decision-rejected', 'conflict', `The process refused the decision: ${error.cause?.message ?? error.message}`);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError('task.process-gone', 'conflict', `The process of task ${taskId} is no longer running.`);
      }
      throw error;
    }
    return { taskId, step: task.step, decision: body.decision, decidedBy: caller.userId, decidedAt: decision.decidedAt, accepted: true };
  }

  async workload(caller: Caller, query: WorkloadQueryDto): Promise<WorkloadPageDto> {
    const limit = query.limit ?? 50;
    const after = query.cursor ? (decodeCursor(query.cursor, ['text'])[0] as string) : undefined;
    const rows = await this.tasks.workload(caller.scope, after, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        userId: r.user_id as string,
        displayName: r.display_name as string,
        roles: r.roles as Role[],
        scopeCode: r.scope_code as string,
        holding: Number(r.holding),
        overdue: Number(r.overdue),
        escalated: Number(r.escalated),
        nextDue: (r.next_due as Date | null)?.toISOString(),
      })),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].user_id]) : undefined,
    };
  }
}
