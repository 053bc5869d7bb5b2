import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { RETENTION_WORKFLOW, RetentionInput } from '@eduaid/contracts';
import { SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT, ensureWorkflowSchedule } from '@eduaid/platform';

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
    const created = await ensureWorkflowSchedule(this.temporal, this.config.taskQueuePrefix, {
      scheduleId: retentionScheduleId(this.config.taskQueuePrefix),
      spec: { cronExpressions: ['0 3 * * *'] },
      catchupWindow: '1 day',
      workflowType: RETENTION_WORKFLOW,
      args: [input],
    });
    if (created) this.logger.log({ retentionYears: input.retentionYears }, 'retention schedule created');
  }
}
