import { Injectable } from '@nestjs/common';
import type { GraduateLinkInput, GraduateLinkFacts, GraduateLinkResult, JobCaseTransition, MentoringActivities, MentorReminderInput } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { checkGraduateLink } from '../graduates/graduate-link.check';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { CasesRepository } from './cases.repository';
import { MentorRemindersService } from './mentor-reminders.service';

/**
 * The mentoring service's activities: link a graduate to the registry, write a case's transitions to
 * its durable row and event log, and remind mentors of a missed check-in (a casework notification to
 * each, and an entry on the case). Each is idempotent (the graduate by student id, a transition by its
 * sequence, a reminder by its period).
 */
@Activities()
@Injectable()
export class MentoringCaseActivities implements MentoringActivities {
  constructor(
    private readonly graduates: GraduatesRepository,
    private readonly cases: CasesRepository,
    private readonly reminders: MentorRemindersService,
  ) {}

  async linkGraduate(input: GraduateLinkInput & { facts: GraduateLinkFacts }): Promise<GraduateLinkResult> {
    const checked = checkGraduateLink(input, input.facts);
    if ('rejected' in checked) return checked.rejected;
    const { id, created } = await this.graduates.link(checked.graduate);
    return { linked: true, graduateId: id, created };
  }

  async recordJobCase(input: JobCaseTransition): Promise<{ applied: boolean }> {
    return { applied: await this.cases.record(input) };
  }

  /** An in-app notification to each mentor (casework), then the reminder on the case. */
  async remindMentor(input: MentorReminderInput): Promise<void> {
    await this.reminders.remind(input);
  }
}
