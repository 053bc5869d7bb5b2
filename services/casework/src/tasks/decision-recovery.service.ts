import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DECIDE_TASK_UPDATE, TaskDecision, TaskDecisionAck } from '@eduaid/contracts';
import { TEMPORAL_CLIENT } from '@eduaid/platform';
import { TASK_TRANSITIONS } from './task-transitions';
import { TaskTransitionsService } from './task-transitions.service';
import { TasksRepository } from './tasks.repository';

/** A decision still 'deciding' after this long was interrupted (a crash between the win and the Update). */
export const STUCK_DECISION_MS = 30_000;
const SWEEP_EVERY_MS = 10_000;

/**
 * Finishes decisions that were interrupted. Deciding is two steps: the conditional UPDATE that makes
 * one request win, then the Temporal Update to the workflow. If casework stops in between, the task
 * would stay 'deciding' for ever; this sweep sends the same Update again, with the same update id,
 * so Temporal applies it at most once. If the workflow refuses it or is gone, the task is put back.
 */
@Injectable()
export class DecisionRecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DecisionRecovery');
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly tasks: TasksRepository,
    private readonly transitions: TaskTransitionsService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((error: Error) => this.logger.error({ err: error }, 'decision recovery failed')), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** One pass; returns how many interrupted decisions it resolved. */
  sweep(stuckForMs = STUCK_DECISION_MS): Promise<number> {
    this.sweeping ??= this.resolveStuck(stuckForMs).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async resolveStuck(stuckForMs: number): Promise<number> {
    const stuck = await this.tasks.stuckDecisions(stuckForMs, 50);
    for (const task of stuck) {
      const decision: TaskDecision = {
        taskId: task.taskId,
        step: task.step,
        decision: task.decision as TaskDecision['decision'],
        comment: task.decisionComment ?? undefined,
        decidedBy: task.decidedBy as string,
        decidedAt: (task.decidedAt as Date).toISOString(),
        requestId: 'decision-recovery',
      };
      try {
        // The version the winning request moved the task to is still the row's version: nothing else
        // moves a 'deciding' task but the workflow's completion, so the update id is the original one.
        await this.temporal.workflow
          .getHandle(task.workflowId)
          .executeUpdate<TaskDecisionAck, [TaskDecision]>(DECIDE_TASK_UPDATE, { args: [decision], updateId: `decide:${task.taskId}:${task.version}` });
        this.logger.warn({ taskId: task.taskId }, 'delivered an interrupted decision');
      } catch (error) {
        if (!(error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError)) throw error;
        await this.transitions.apply(TASK_TRANSITIONS.undoDecision, task, {});
        this.logger.warn({ taskId: task.taskId, reason: (error as Error).message }, 'an interrupted decision was refused; the task is open again');
      }
    }
    return stuck.length;
  }
}
