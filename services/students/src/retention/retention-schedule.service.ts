import { Injectable, Logger } from '@nestjs/common';
import { RETENTION_WORKFLOW, RetentionInput } from '@eduaid/contracts';
import { WorkflowSchedule, WorkflowScheduleService } from '@eduaid/platform';

export function retentionScheduleId(taskQueuePrefix: string): string {
  return `retention:${taskQueuePrefix}students`;
}

/**
 * Makes sure the daily retention Schedule exists (03:00 UTC; a run still going when the next is
 * due makes the next one skip). Created once; a later start finds it and leaves it as it is.
 */
@Injectable()
export class RetentionScheduleService extends WorkflowScheduleService {
  private readonly logger = new Logger('Retention');

  protected schedule(): WorkflowSchedule {
    // EDUAID_RETENTION_YEARS, validated at start (default 5).
    const input: RetentionInput = { retentionYears: this.config.retentionYears };
    return {
      scheduleId: retentionScheduleId(this.config.taskQueuePrefix),
      spec: { cronExpressions: ['0 3 * * *'] },
      catchupWindow: '1 day',
      workflowType: RETENTION_WORKFLOW,
      args: [input],
    };
  }

  protected created(): void {
    this.logger.log({ retentionYears: this.config.retentionYears }, 'retention schedule created');
  }
}
