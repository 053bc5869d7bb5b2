import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { CompleteTaskInput, CreateTaskInput, EscalateTaskInput, EscalationResult, ReleaseIdleClaimInput, RemindTaskInput, TaskRef } from '@eduaid/contracts';
import { AuditRepository } from '../audit/audit.repository';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { fourEyesExcluded, LEVELLED_KINDS } from './task-access';
import { assignedNotice, TASK_TRANSITIONS } from './task-transitions';
import { TaskTransitionsService } from './task-transitions.service';
import { auditState } from './tasks.mapper';
import { TaskRow, TasksRepository } from './tasks.repository';

const REMINDER_FAN_OUT = 20;

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

  private subject(task: TaskRow) {
    return { subjectType: task.subject_type, subjectId: task.subject_id, divisionCode: task.division_code };
  }

  async create(input: CreateTaskInput): Promise<TaskRef> {
    if (LEVELLED_KINDS.includes(input.kind) && !input.place.level) {
      // Retrying cannot help: the workflow must say at which level the step is decided.
      throw ApplicationFailure.nonRetryable(`A ${input.kind} task (step ${input.step}) must say the level it is decided at (place.level); none was given.`, 'TaskLevelMissing');
    }
    // The key is the business one (workflow id + step + attempt); the task id is the workflow's too.
    const key = `${input.workflowId}:${input.step}#${input.attempt}`;
    return this.transitions.transaction(async (m) => {
      const existing = await this.tasks.byIdempotencyKey(key, m);
      if (existing) return { taskId: existing.task_id, assigneeId: existing.assignee_id, created: false };
      const excluded = fourEyesExcluded({ submitted_by: input.submittedBy ?? null, excluded_deciders: input.excludedDeciders ?? [] });
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
        await this.notifications.add({ ...assignedNotice(task, assigneeId, task.version), kind: 'task-assigned', taskId: task.task_id }, m);
      }
      return { taskId: task.task_id, assigneeId: task.assignee_id, created: true };
    });
  }

  async complete(input: CompleteTaskInput): Promise<void> {
    const d = input.decision;
    await this.transitions.transaction(async (m) => {
      const before = await this.tasks.byId(input.taskId, m);
      if (!before || before.status === 'completed') return;
      await this.transitions.apply(TASK_TRANSITIONS.complete, before, { decision: d.decision, comment: d.comment ?? null, decidedBy: d.decidedBy, decidedAt: d.decidedAt, requestId: d.requestId }, m);
    });
  }

  async remind(input: RemindTaskInput): Promise<void> {
    const task = await this.tasks.byId(input.taskId);
    if (!task || !TASK_TRANSITIONS.remind.from.includes(task.status)) return;
    // The holder, or (nobody holds it) those who could take it.
    const recipients = task.assignee_id ? [task.assignee_id] : await this.tasks.eligibleUsers(task.candidate_role, { divisionCode: task.division_code, schoolCode: task.school_code, level: task.decider_level }, REMINDER_FAN_OUT);
    await this.transitions.transaction((m) => this.transitions.apply(TASK_TRANSITIONS.remind, task, { reminder: input.reminder, recipients }, m));
  }

  async escalate(input: EscalateTaskInput): Promise<EscalationResult> {
    return this.transitions.transaction(async (m) => {
      const task = await this.tasks.byId(input.taskId, m);
      if (!task) return { taskId: input.taskId, escalatedTo: null };
      if (task.escalated_at || !TASK_TRANSITIONS.escalate.from.includes(task.status)) return { taskId: task.task_id, escalatedTo: task.escalated_to };
      const supervisor = (await this.tasks.pickSupervisor({ divisionCode: task.division_code, schoolCode: task.school_code }, m)) ?? null;
      const after = await this.transitions.apply(TASK_TRANSITIONS.escalate, task, { supervisor }, m);
      if (!after) return { taskId: task.task_id, escalatedTo: task.escalated_to };
      return { taskId: task.task_id, escalatedTo: supervisor };
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
