import { Injectable, Logger } from '@nestjs/common';
import { SCHEDULED_GRADUATE_FEED_WORKFLOW, ScheduledGraduateFeedInput } from '@eduaid/contracts';
import { WorkflowSchedule, WorkflowScheduleService } from '@eduaid/platform';

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
export class GraduateFeedScheduleService extends WorkflowScheduleService {
  private readonly logger = new Logger('GraduateFeeds');

  protected schedule(): WorkflowSchedule {
    const input: ScheduledGraduateFeedInput = {};
    return {
      scheduleId: graduateFeedScheduleId(this.config.taskQueuePrefix),
      spec: { calendars: [{ hour: 4, minute: 0 }] },
      catchupWindow: '1 day',
      workflowType: SCHEDULED_GRADUATE_FEED_WORKFLOW,
      args: [input],
      description: 'Feeds the graduate base with the final-year students of the academic year under way, daily',
    };
  }

  protected created(): void {
    this.logger.log('graduate feed schedule created');
  }
}
