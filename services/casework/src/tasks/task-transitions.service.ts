import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import type { TaskTransition } from './task-transitions';
import { auditState } from './tasks.mapper';
import { TaskRow, TasksRepository } from './tasks.repository';

/** Applies a transition of the table in task-transitions.ts: the task's change, its audit entry and its notifications, together. */
@Injectable()
export class TaskTransitionsService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditRepository,
    private readonly notifications: NotificationsRepository,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tasks.transaction(work);
  }

  /**
   * Takes `task` through `t` if it is still in one of the transition's `from` states and its guard
   * holds (one conditional UPDATE), then writes the transition's audit entry and notifications with
   * the same manager. Answers the task as changed, or undefined when the transition did not apply.
   */
  async apply<C>(t: TaskTransition<C>, task: TaskRow, c: C, m?: EntityManager): Promise<TaskRow | undefined> {
    const after = await this.tasks.transition(task.task_id, t.from, t.set(c, task), t.guard?.(c, task) ?? {}, { keepVersion: t.keepsVersion }, m);
    if (!after) return undefined;
    if (t.audit) {
      const facts = t.audit.facts(c, task, after);
      await this.audit.append(
        {
          actor: facts.actor,
          action: t.audit.action,
          subjectType: task.subject_type,
          subjectId: task.subject_id,
          divisionCode: task.division_code,
          before: 'before' in facts ? facts.before : auditState(task),
          after: 'after' in facts ? facts.after : auditState(after),
          reason: facts.reason,
          requestId: facts.requestId,
          idempotencyKey: facts.idempotencyKey,
        },
        m,
      );
    }
    if (t.notify) {
      for (const notice of t.notify.notices(c, task, after)) {
        await this.notifications.add({ ...notice, kind: t.notify.kind, taskId: task.task_id }, m);
      }
    }
    return after;
  }
}
