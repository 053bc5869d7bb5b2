import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '@eduaid/platform';
import { AuditInput, AuditRepository } from '../audit/audit.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import type { TaskTransition } from './task-transitions';
import { auditState } from './tasks.mapper';
import { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

/** Applies a transition of the table in task-transitions.ts: the task's change, its audit entry and its notifications, together. */
@Injectable()
export class TaskTransitionsService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    private readonly notifications: NotificationsRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * A unit of work. Everything awaited inside `work` must go through `m`: a query on another of the
   * pool's connections, awaited while this one is held, deadlocks the pool once every connection is
   * held by such a transaction.
   */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.unitOfWork.run(work);
  }

  /**
   * Takes `task` through `t` if it is still in one of the transition's `from` states and its guard
   * holds (one conditional UPDATE), then writes the transition's audit entry and notifications with
   * the same manager. Answers the task as changed, or undefined when the transition did not apply.
   */
  async apply<C>(t: TaskTransition<C>, task: TaskEntity, c: C, m?: EntityManager): Promise<TaskEntity | undefined> {
    const after = await this.change(t, task, c, m);
    if (!after) return undefined;
    const entry = this.auditEntry(t, task, c, after);
    if (entry) await this.audit.append(entry, m);
    await this.notify(t, task, c, after, m);
    return after;
  }

  /**
   * `apply` for many tasks in the caller's unit of work `m` (a workflow's batch): each task's
   * conditional UPDATE, then the audit entries of those that changed chained in one append (the
   * audit log's lock taken once, after the UPDATEs, not once a task), then their notifications.
   * What each task gets is what `apply` gives it. Answers each task as changed, or undefined.
   */
  async applyMany<C>(t: TaskTransition<C>, items: readonly { task: TaskEntity; c: C }[], m: EntityManager): Promise<(TaskEntity | undefined)[]> {
    const changed: (TaskEntity | undefined)[] = [];
    for (const { task, c } of items) changed.push(await this.change(t, task, c, m));
    const entries = items.flatMap(({ task, c }, i) => {
      const after = changed[i];
      const entry = after ? this.auditEntry(t, task, c, after) : undefined;
      return entry ? [entry] : [];
    });
    await this.audit.appendMany(entries, m);
    for (const [i, { task, c }] of items.entries()) {
      const after = changed[i];
      if (after) await this.notify(t, task, c, after, m);
    }
    return changed;
  }

  private change<C>(t: TaskTransition<C>, task: TaskEntity, c: C, m?: EntityManager): Promise<TaskEntity | undefined> {
    return this.tasks.transition(task.taskId, t.from, t.set(c, task), t.guard?.(c, task) ?? {}, { keepVersion: t.keepsVersion }, m);
  }

  private auditEntry<C>(t: TaskTransition<C>, task: TaskEntity, c: C, after: TaskEntity): AuditInput | undefined {
    if (!t.audit) return undefined;
    const facts = t.audit.facts(c, task, after);
    return {
      actor: facts.actor,
      action: t.audit.action,
      subjectType: task.subjectType,
      subjectId: task.subjectId,
      divisionCode: task.divisionCode,
      before: 'before' in facts ? facts.before : auditState(task),
      after: 'after' in facts ? facts.after : auditState(after),
      reason: facts.reason,
      requestId: facts.requestId,
      idempotencyKey: facts.idempotencyKey,
    };
  }

  private async notify<C>(t: TaskTransition<C>, task: TaskEntity, c: C, after: TaskEntity, m?: EntityManager): Promise<void> {
    if (!t.notify) return;
    for (const notice of t.notify.notices(c, task, after)) {
      await this.notifications.add({ ...notice, kind: t.notify.kind, taskId: task.taskId }, m);
    }
  }
}
