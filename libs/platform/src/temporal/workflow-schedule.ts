import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { ScheduleSpec } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { TEMPORAL_CLIENT } from './temporal.tokens';

/** A Schedule that starts one workflow on the workflows' task queue. */
export interface WorkflowSchedule {
  scheduleId: string;
  spec: ScheduleSpec;
  /** How late a missed firing may still start (the server was down): '1 day', '7 days'. */
  catchupWindow: Duration;
  workflowType: string;
  args: unknown[];
  /** Shown in the Temporal UI beside the Schedule. */
  description?: string;
}

/**
 * Makes sure the Schedule exists: created once, a firing while the previous run still goes is
 * skipped. A later start, or replicas starting together and racing on the id, find it made
 * (ScheduleAlreadyRunning) and leave it as it is. Answers whether this call created it.
 */
export async function ensureWorkflowSchedule(temporal: Client, taskQueuePrefix: string, schedule: WorkflowSchedule): Promise<boolean> {
  try {
    await temporal.schedule.create({
      scheduleId: schedule.scheduleId,
      spec: schedule.spec,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: schedule.catchupWindow },
      action: {
        type: 'startWorkflow',
        workflowType: schedule.workflowType,
        taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, taskQueuePrefix),
        args: schedule.args,
      },
      ...(schedule.description ? { memo: { description: schedule.description } } : {}),
    });
    return true;
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return false;
    throw error;
  }
}

/**
 * A service's Temporal Schedule, made sure of when the application starts (ensureWorkflowSchedule):
 * a subclass says which (`schedule()`) and what to log when this start created it (`created()`).
 * Calling onApplicationBootstrap again (another replica) changes nothing.
 */
export abstract class WorkflowScheduleService implements OnApplicationBootstrap {
  constructor(
    @Inject(TEMPORAL_CLIENT) protected readonly temporal: Client,
    @Inject(SERVICE_CONFIG) protected readonly config: ServiceConfig,
  ) {}

  protected abstract schedule(): WorkflowSchedule;

  protected abstract created(schedule: WorkflowSchedule): void;

  async onApplicationBootstrap(): Promise<void> {
    const schedule = this.schedule();
    if (await ensureWorkflowSchedule(this.temporal, this.config.taskQueuePrefix, schedule)) this.created(schedule);
  }
}
