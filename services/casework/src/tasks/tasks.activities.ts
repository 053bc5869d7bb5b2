import { Injectable } from '@nestjs/common';
import type { CaseworkActivities, CaseworkBatchActivities, CompleteTaskInput, CreateTaskInput, EscalateTaskInput, EscalationResult, ReleaseIdleClaimInput, RemindTaskInput, TaskRef } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { TaskLifecycleService } from './task-lifecycle.service';

/** Casework's activities, run on the `casework` queue: every human step of every workflow comes through here. */
@Activities()
@Injectable()
export class CaseworkActivitiesProvider implements CaseworkActivities, CaseworkBatchActivities {
  constructor(private readonly lifecycle: TaskLifecycleService) {}

  createTask(input: CreateTaskInput): Promise<TaskRef> {
    return this.lifecycle.create(input);
  }

  completeTask(input: CompleteTaskInput): Promise<void> {
    return this.lifecycle.complete(input);
  }

  createTasks(input: { tasks: CreateTaskInput[] }): Promise<TaskRef[]> {
    return this.lifecycle.createMany(input.tasks);
  }

  completeTasks(input: { tasks: CompleteTaskInput[] }): Promise<void> {
    return this.lifecycle.completeMany(input.tasks);
  }

  remindTask(input: RemindTaskInput): Promise<void> {
    return this.lifecycle.remind(input);
  }

  escalateTask(input: EscalateTaskInput): Promise<EscalationResult> {
    return this.lifecycle.escalate(input);
  }

  releaseIdleClaim(input: ReleaseIdleClaimInput): Promise<boolean> {
    return this.lifecycle.releaseIdleClaim(input);
  }

  cancelTask(input: { taskId: string; reason: string }): Promise<void> {
    return this.lifecycle.cancel(input);
  }
}
