import { Injectable, Logger } from '@nestjs/common';
import { ScheduleSpec } from '@temporalio/client';
import { SCHEDULED_PAYMENT_CYCLE_WORKFLOW, ScheduledPaymentCycleInput } from '@eduaid/contracts';
import { SEMESTER_CALENDAR } from '@eduaid/policy';
import { WorkflowSchedule, WorkflowScheduleService } from '@eduaid/platform';

export function paymentCycleScheduleId(taskQueuePrefix: string): string {
  return `payment-cycles:${taskQueuePrefix}students`;
}

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

/** At 02:00 UTC on each semester's start date of the policy's semester calendar. */
export function paymentCycleScheduleSpec(): ScheduleSpec {
  return {
    calendars: Object.values(SEMESTER_CALENDAR).map((start) => ({ month: MONTHS[start.month - 1], dayOfMonth: start.day, hour: 2, minute: 0 })),
  };
}

/**
 * Makes sure the payment cycles' Schedule exists: on each term's start date it starts
 * `scheduledPaymentCycleWorkflow`, which starts the term's next run (skipped while one runs; a
 * firing still going when the next is due is skipped too). Created once; replicas starting together
 * race on the id and the losers find it made (ScheduleAlreadyRunning), so it is left as it is.
 * It shows in the Temporal UI under Schedules.
 */
@Injectable()
export class PaymentCycleScheduleService extends WorkflowScheduleService {
  private readonly logger = new Logger('PaymentCycles');

  protected schedule(): WorkflowSchedule {
    const input: ScheduledPaymentCycleInput = {};
    return {
      scheduleId: paymentCycleScheduleId(this.config.taskQueuePrefix),
      spec: paymentCycleScheduleSpec(),
      catchupWindow: '7 days',
      workflowType: SCHEDULED_PAYMENT_CYCLE_WORKFLOW,
      args: [input],
      description: "Starts the term's next payment run at each semester's start date",
    };
  }

  protected created(): void {
    this.logger.log({ calendars: Object.values(SEMESTER_CALENDAR) }, 'payment cycle schedule created');
  }
}
