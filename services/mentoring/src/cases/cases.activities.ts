import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import { scopeCovers, type CallerScope, type GraduateLinkInput, type GraduateLinkFacts, type GraduateLinkResult, type JobCaseTransition, type MentoringActivities, type MentorReminderInput } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { CasesRepository } from './cases.repository';

const HIGHER_EDUCATION = ['higher-vocational', 'undergraduate'];

/**
 * The mentoring service's activities: link a graduate to the registry, write a case's transitions to
 * its durable row and event log, and remind mentors of a missed check-in. Each is idempotent (the
 * graduate by student id, a transition by its sequence, a reminder by its period).
 */
@Activities()
@Injectable()
export class MentoringCaseActivities implements MentoringActivities {
  constructor(
    private readonly graduates: GraduatesRepository,
    private readonly cases: CasesRepository,
  ) {}

  async linkGraduate(input: GraduateLinkInput & { facts: GraduateLinkFacts }): Promise<GraduateLinkResult> {
    const f = input.facts;
    if (!f.found || !f.villageCode || !f.countyCode) return { linked: false, reason: 'not-found', detail: `No student ${input.studentId} in the registry.` };
    if (!scopeCovers(input.callerScope as CallerScope, { divisionCode: f.villageCode, schoolCode: f.schoolCode })) {
      return { linked: false, reason: 'out-of-scope', detail: `Student ${input.studentId} lies outside your jurisdiction (${input.callerScope.level} ${input.callerScope.code}).` };
    }
    if (!f.stage || !HIGHER_EDUCATION.includes(f.stage) || !f.schoolCode) {
      return { linked: false, reason: 'not-in-higher-education', detail: `Student ${input.studentId} is not in higher vocational or undergraduate study (stage ${f.stage ?? 'none'}).` };
    }
    if (!f.name) throw ApplicationFailure.nonRetryable(`The registry gave no name for student ${input.studentId}.`, 'BadRegistryRow');
    const { id, created } = await this.graduates.link({
      studentId: input.studentId,
      name: f.name,
      universityCode: f.schoolCode,
      universityCountyCode: f.schoolCountyCode ?? f.schoolCode.slice(0, 6),
      villageCode: f.villageCode,
      countyCode: f.countyCode,
      major: input.major,
      degreeLevel: input.degreeLevel,
      expectedGraduation: input.expectedGraduation,
      intention: input.intention,
      preferredRegions: input.preferredRegions,
      consentToContact: input.consentToContact,
      createdBy: input.createdBy,
    });
    return { linked: true, graduateId: id, created };
  }

  async recordJobCase(input: JobCaseTransition): Promise<{ applied: boolean }> {
    return { applied: await this.cases.record(input) };
  }

  async remindMentor(input: MentorReminderInput): Promise<void> {
    await this.cases.addEvent(input.graduateId, `${input.workflowId}:reminder:${input.period}`, 'system', 'mentor-reminded', `check-in due ${input.dueAt} missed; reminded ${input.mentorUserIds.join(', ')}`);
  }
}
