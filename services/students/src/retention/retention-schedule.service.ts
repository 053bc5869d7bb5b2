import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RETENTION_WORKFLOW, RetentionInput, WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';

export function retentionScheduleId(taskQueuePrefix: string): string {
  return `retention:${taskQueuePrefix}students`;
}

/**
 * Makes sure the daily retention Schedule exists (03:00 UTC; a run still going when the next is
 * due makes the next one skip). Created once; a later start finds it and leaves it as it is.
 */
@Injectable()
export class RetentionScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // EDUAID_RETENTION_YEARS, validated at start (default 5).
    const input: RetentionInput = { retentionYears: this.config.retentionYears };
    try {
      await this.temporal.schedule.create({
        scheduleId: retentionScheduleId(this.config.taskQueuePrefix),
        spec: { cronExpressions: ['0 3 * * *'] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        action: {
          type: 'startWorkflow',
          workflowType: RETENTION_WORKFLOW,
          taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
          args: [input],
        },
      });
      this.logger.log({ retentionYears: input.retentionYears }, 'retention schedule created');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
