import { Injectable, Logger } from '@nestjs/common';
import type { MentorReminderInput } from '@eduaid/contracts';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { CasesRepository } from './cases.repository';
import { CaseworkNoticesClient } from './casework-notices.client';

/** The title casework shows in each mentor's notifications (casework's titles are at most 300 characters). */
export function reminderTitle(graduateName: string, dueAt: string): string {
  return `Missed check-in: ${graduateName}, due ${dueAt}. Please get in touch and record the check-in.`.slice(0, 300);
}

/**
 * A missed check-in reminds the case's mentors: an in-app notification to each (casework's
 * notifications, the console's bell), then the reminder on the case's event log. Both are keyed by
 * the reminder (`<workflowId>:reminder:<period>`), so a retried activity notifies nobody twice and
 * logs the reminder once.
 */
@Injectable()
export class MentorRemindersService {
  private readonly logger = new Logger('MentorReminders');

  constructor(
    private readonly cases: CasesRepository,
    private readonly graduates: GraduatesRepository,
    private readonly casework: CaseworkNoticesClient,
  ) {}

  async remind(input: MentorReminderInput): Promise<void> {
    const key = `${input.workflowId}:reminder:${input.period}`;
    const mentors = input.mentorUserIds.join(', ');
    let outcome: string;
    if (input.mentorUserIds.length === 0) {
      outcome = 'no mentor with a user to remind';
    } else {
      const graduate = await this.graduates.find(input.graduateId);
      const sent = await this.casework.send({ kind: 'mentor-reminder', key, userIds: input.mentorUserIds, title: reminderTitle(graduate?.name ?? `graduate ${input.graduateId}`, input.dueAt) });
      if (sent.sent) {
        outcome = `reminded ${mentors}`;
      } else {
        // The reminder stays on the case (and the supervisor's task follows); the mentors were not told.
        this.logger.error({ event: 'mentor-reminder.not-sent', workflowId: input.workflowId, period: input.period, why: sent.why }, `mentor reminder not sent: ${sent.why}`);
        outcome = `could not remind ${mentors} (${sent.why})`;
      }
    }
    await this.cases.addEvent(input.graduateId, key, 'system', 'mentor-reminded', `check-in due ${input.dueAt} missed; ${outcome}`);
  }
}
