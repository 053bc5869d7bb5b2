import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { SCHEDULED_GRADUATE_FEED_WORKFLOW, ScheduledGraduateFeedInput, WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';

export function graduateFeedScheduleId(taskQueuePrefix: string): string {
  return `graduate-feed:${taskQueuePrefix}mentoring`;
}

/**
 * Makes sure the graduate feed's Schedule exists: daily at 04:00 UTC it starts
 * `scheduledGraduateFeedWorkflow`, which feeds the academic year under way (skipped while a feed
 * runs). A student enters the final year when a roster of the new academic year is imported, any day
 * of the year: a day later they are in the base. Created once; replicas racing on the id find it made.
 */
@Injectable()
export class GraduateFeedScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('GraduateFeeds');

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const input: ScheduledGraduateFeedInput = {};
    try {
      await this.temporal.schedule.create({
        scheduleId: graduateFeedScheduleId(this.config.taskQueuePrefix),
        spec: { calendars: [{ hour: 4, minute: 0 }] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
        action: {
          type: 'startWorkflow',
          workflowType: SCHEDULED_GRADUATE_FEED_WORKFLOW,
          taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
          args: [input],
        },
        memo: { description: 'Feeds the graduate base with the final-year students of the academic year under way, daily' },
      });
      this.logger.log('graduate feed schedule created');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}
