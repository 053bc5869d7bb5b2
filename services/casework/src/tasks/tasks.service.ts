import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { EntityManager } from 'typeorm';
import { Caller, DECIDE_TASK_UPDATE, Role, TaskDecision, TaskDecisionAck } from '@eduaid/contracts';
import { assertInScope, decodeKeysetCursor, denyAccess, DomainError, encodeKeysetCursor, TEMPORAL_CLIENT } from '@eduaid/platform';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { DecideDto, DecisionResultDto, InboxQueryDto, ReassignDto, TaskCountsDto, TaskDto, TaskPageDto, WorkloadPageDto, WorkloadQueryDto } from './dto/tasks.dto';
import { fourEyesExcludes, kindBelongsTo, levelAllows, levelRule, placeOf, rolesOfTask } from './task-access';
import { SETTLED_REFUSALS, TASK_TRANSITIONS, TaskTransition } from './task-transitions';
import { TaskTransitionsService } from './task-transitions.service';
import { taskDto } from './tasks.mapper';
import { TaskEntity } from './task.entity';
import { sortKeyOf, sortKeyTypes, TasksRepository } from './tasks.repository';

/** Roles that work tasks. Supervisors see everything in their jurisdiction and may reassign. */
export const TASK_ROLES: Role[] = ['caseworker', 'approver', 'supervisor', 'mentor'];

/** The inbox and what a person does to a task: claim, unclaim, reassign, decide (transitions in task-transitions.ts). */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly notifications: NotificationsRepository,
    private readonly transitions: TaskTransitionsService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

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
    const after = query.cursor ? decodeKeysetCursor(query.cursor, sortKeyTypes(sort)) : undefined;
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
    return { items: page.map((r) => this.dto(caller, r)), nextCursor: rows.length > limit ? encodeKeysetCursor(sortKeyOf(page[page.length - 1], sort)) : undefined };
  }

  async counts(caller: Caller): Promise<TaskCountsDto> {
    const c = await this.tasks.counts(caller.scope, caller.userId, caller.roles);
    return { mine: c.mine, group: c.group, overdue: c.overdue, dueSoon: c.due_soon, escalated: c.escalated, unseenNotifications: await this.notifications.unseenCount(caller.userId) };
  }

  /** The task as this caller sees it, marked with whether they could claim or decide it. */
  private dto(caller: Caller, task: TaskEntity): TaskDto {
    return taskDto(task, Date.now(), this.isCandidate(caller, task) && levelAllows(caller.scope, task) && !fourEyesExcludes(task, caller.userId));
  }

  /**
   * A task the caller may see: it exists, lies in their jurisdiction, and its kind belongs to one of
   * their roles (task-access.ts: mentors never see aid tasks, whatever their scope).
   */
  private async visible(caller: Caller, taskId: string): Promise<TaskEntity> {
    const task = await this.tasks.byId(taskId);
    if (!task) throw new DomainError('task.not-found', 'not-found', `No task ${taskId}.`);
    assertInScope(caller, placeOf(task), `Task ${taskId}`);
    if (!kindBelongsTo(caller.roles, task)) {
      denyAccess(caller, 'task.kind-not-yours', 'role', `Task ${taskId} is a ${task.kind} task, which belongs to the roles ${rolesOfTask(task).join(', ')}; you hold ${caller.roles.join(', ')}.`, `Task ${taskId}`);
    }
    return task;
  }

  async get(caller: Caller, taskId: string): Promise<TaskDto> {
    return this.dto(caller, await this.visible(caller, taskId));
  }

  /** Four eyes (task-access.ts), with the deciders of the process's previous step. */
  private async fourEyesExcludes(task: TaskEntity, userId: string): Promise<boolean> {
    return fourEyesExcludes(task, userId, await this.tasks.earlierDeciders(task.workflowId, task.stepIndex));
  }

  private isCandidate(caller: Caller, task: TaskEntity): boolean {
    return caller.roles.includes(task.candidateRole) || task.assigneeId === caller.userId || task.escalatedTo === caller.userId;
  }

  /**
   * Whether the caller may start transition `t` on the task, in this order: who they are (a
   * candidate: role or holder, the step's level, four eyes), then the task's state (a settled task
   * is refused as such), then who holds it (holder-or-supervisor). What a transition checks beyond
   * these (reassign: the new assignee; decide: the step, another's claim) its method checks after.
   */
  private async assertMayStart<C>(t: TaskTransition<C>, caller: Caller, task: TaskEntity): Promise<void> {
    const what = `Task ${task.taskId}`;
    if (t.by === 'candidate') {
      if (!this.isCandidate(caller, task)) denyAccess(caller, 'task.not-candidate', 'role', `Task ${task.taskId} is for the role ${task.candidateRole}.`, what);
      // A step held at a level is claimed and decided only by someone scoped AT that level who covers it.
      if (!levelAllows(caller.scope, task)) denyAccess(caller, 'task.wrong-level', 'level', levelRule(task, caller), what);
    }
    if (t.fourEyes === 'actor' && (await this.fourEyesExcludes(task, caller.userId))) {
      denyAccess(caller, 'task.four-eyes', 'four-eyes', `Four eyes: you submitted this case or decided its previous step, so someone else must decide task ${task.taskId}.`, what);
    }
    const settled = SETTLED_REFUSALS[task.status]?.(task);
    if (settled) throw new DomainError(settled.code, 'conflict', settled.detail);
    if (t.by === 'holder-or-supervisor' && task.assigneeId !== caller.userId && !caller.roles.includes('supervisor')) {
      denyAccess(caller, 'task.not-yours', 'role', `Task ${task.taskId} is not yours to give back.`, what);
    }
  }

  /** Applies `t`; a task no longer as read gets the transition's 409. */
  private async apply<C>(t: TaskTransition<C>, task: TaskEntity, c: C, m?: EntityManager): Promise<TaskEntity> {
    const after = await this.transitions.apply(t, task, c, m);
    if (!after) {
      const conflict = t.conflict?.(task);
      if (!conflict) throw new Error(`The transition ${t.name} says no refusal for a person.`);
      throw new DomainError(conflict.code, 'conflict', conflict.detail);
    }
    return after;
  }

  async claim(caller: Caller, taskId: string, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    await this.assertMayStart(TASK_TRANSITIONS.claim, caller, task);
    return this.transitions.transaction(async (m) => this.dto(caller, await this.apply(TASK_TRANSITIONS.claim, task, { userId: caller.userId, requestId }, m)));
  }

  async unclaim(caller: Caller, taskId: string, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    await this.assertMayStart(TASK_TRANSITIONS.unclaim, caller, task);
    return this.transitions.transaction(async (m) => this.dto(caller, await this.apply(TASK_TRANSITIONS.unclaim, task, { userId: caller.userId, requestId }, m)));
  }

  async reassign(caller: Caller, taskId: string, body: ReassignDto, requestId: string): Promise<TaskDto> {
    const task = await this.visible(caller, taskId);
    await this.assertMayStart(TASK_TRANSITIONS.reassign, caller, task);
    if (await this.fourEyesExcludes(task, body.assigneeId)) {
      throw new DomainError('task.four-eyes', 'unprocessable', `Four eyes: ${body.assigneeId} submitted this case or decided its previous step.`);
    }
    if (!(await this.tasks.userCanTake(body.assigneeId, task.candidateRole, { divisionCode: task.divisionCode, schoolCode: task.schoolCode, level: task.deciderLevel }))) {
      const atLevel = task.deciderLevel ? `, scoped at ${task.deciderLevel} level,` : '';
      throw new DomainError('task.assignee-ineligible', 'unprocessable', `${body.assigneeId} is not an active ${task.candidateRole}${atLevel} whose jurisdiction covers this task.`, [{ field: 'assigneeId', message: 'not eligible for this task' }]);
    }
    const change = { userId: caller.userId, assigneeId: body.assigneeId, reason: body.reason ?? null, requestId };
    return this.transitions.transaction(async (m) => this.dto(caller, await this.apply(TASK_TRANSITIONS.reassign, task, change, m)));
  }

  /**
   * One decision wins: a conditional UPDATE takes the task to 'deciding' for exactly one request;
   * that one is sent to the workflow as an Update, whose validator has the last word. If the
   * workflow refuses, the task goes back as it was and the caller gets 409 with the reason.
   */
  async decide(caller: Caller, taskId: string, body: DecideDto, requestId: string): Promise<DecisionResultDto> {
    const task = await this.visible(caller, taskId);
    await this.assertMayStart(TASK_TRANSITIONS.decide, caller, task);
    if (body.step && body.step !== task.step) {
      throw new DomainError('task.stale-step', 'conflict', `Task ${taskId} is at step ${task.step}, not ${body.step}.`);
    }
    if (task.assigneeId && task.assigneeId !== caller.userId && task.escalatedTo !== caller.userId) {
      throw new DomainError('task.claimed-by-other', 'conflict', `Task ${taskId} is held by ${task.assigneeId}.`);
    }
    const decidedAt = new Date();
    const won = await this.apply(TASK_TRANSITIONS.decide, task, { decision: body.decision, comment: body.comment ?? null, decidedBy: caller.userId, decidedAt });
    const decision: TaskDecision = { taskId, step: task.step, decision: body.decision, comment: body.comment, decidedBy: caller.userId, decidedAt: decidedAt.toISOString(), requestId };
    try {
      await this.temporal.workflow.getHandle(task.workflowId).executeUpdate<TaskDecisionAck, [TaskDecision]>(DECIDE_TASK_UPDATE, { args: [decision], updateId: `decide:${taskId}:${won.version}` });
    } catch (error) {
      await this.transitions.apply(TASK_TRANSITIONS.undoDecision, won, { decidedBy: caller.userId });
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
    const after = query.cursor ? (decodeKeysetCursor(query.cursor, ['text'])[0] as string) : undefined;
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
      nextCursor: rows.length > limit ? encodeKeysetCursor([page[page.length - 1].user_id]) : undefined,
    };
  }
}
