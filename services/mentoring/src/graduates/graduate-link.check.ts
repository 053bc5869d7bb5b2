import { ApplicationFailure } from '@temporalio/activity';
import { scopeCovers, type CallerScope, type GraduateLinkFacts, type GraduateLinkInput, type GraduateLinkResult } from '@eduaid/contracts';
import type { NewGraduate } from './graduates.repository';

const HIGHER_EDUCATION = ['higher-vocational', 'undergraduate'];

/**
 * Whether the registry's answer lets the caller register the student as a graduate: found, inside
 * the caller's jurisdiction, in higher vocational or undergraduate study. One rule for the single
 * registration and every row of a university's import.
 */
export function checkGraduateLink(
  input: Omit<GraduateLinkInput, 'callerScope'> & { callerScope: { level: string; code: string } },
  f: GraduateLinkFacts,
): { graduate: NewGraduate } | { rejected: Extract<GraduateLinkResult, { linked: false }> } {
  if (!f.found || !f.villageCode || !f.countyCode) return { rejected: { linked: false, reason: 'not-found', detail: `No student ${input.studentId} in the registry.` } };
  if (!scopeCovers(input.callerScope as CallerScope, { divisionCode: f.villageCode, schoolCode: f.schoolCode })) {
    return { rejected: { linked: false, reason: 'out-of-scope', detail: `Student ${input.studentId} lies outside your jurisdiction (${input.callerScope.level} ${input.callerScope.code}).` } };
  }
  if (!f.stage || !HIGHER_EDUCATION.includes(f.stage) || !f.schoolCode) {
    return { rejected: { linked: false, reason: 'not-in-higher-education', detail: `Student ${input.studentId} is not in higher vocational or undergraduate study (stage ${f.stage ?? 'none'}).` } };
  }
  if (!f.name) throw ApplicationFailure.nonRetryable(`The registry gave no name for student ${input.studentId}.`, 'BadRegistryRow');
  return {
    graduate: {
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
    },
  };
}
