/**
 * Graduates' job assistance: the graduate link to the students registry and the long-running
 * job-assistance case (`job-assistance:<graduateId>`). Plain types only: workflow code imports this file.
 */

/** What a graduate means to do after graduating. */
export const INTENTIONS = ['job', 'own-business', 'further-study', 'military-service', 'civil-service'] as const;
export type Intention = (typeof INTENTIONS)[number];

/** How a case ends (claimed by the graduate or a mentor, verified by a caseworker). */
export const OUTCOMES = ['employed', 'own-business', 'further-study', 'enlisted', 'civil-service', 'not-yet-placed'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes that count as placed (employment rate, follow-ups). */
export const PLACED_OUTCOMES: readonly Outcome[] = ['employed', 'own-business', 'further-study', 'enlisted', 'civil-service'];

export const DEGREE_LEVELS = ['higher-vocational', 'undergraduate'] as const;
export type DegreeLevel = (typeof DEGREE_LEVELS)[number];

export const MENTOR_KINDS = ['teacher', 'alumnus', 'enterprise-volunteer'] as const;
export type MentorKind = (typeof MENTOR_KINDS)[number];

/** Where a case is: intake → needs assessment → plan → check-ins → outcome verification → follow-up → closed. */
export const CASE_PHASES = ['intake', 'assessment', 'planning', 'check-ins', 'verifying', 'follow-up', 'closed'] as const;
export type CasePhase = (typeof CASE_PHASES)[number];

/** What mentors and graduates log on a case (besides the transitions the workflow logs itself). */
export const CASE_ACTIVITY_KINDS = ['guidance-session', 'training', 'job-fair-referral', 'job-recommendation', 'application', 'interview', 'offer'] as const;
export type CaseActivityKind = (typeof CASE_ACTIVITY_KINDS)[number];

export const JOB_ASSISTANCE_WORKFLOW = 'jobAssistanceWorkflow';
export function jobAssistanceWorkflowId(graduateId: string): string {
  return `job-assistance:${graduateId}`;
}

/** Registering a graduate: a short workflow reads the student from the registry (students' activity) and writes the graduate (mentoring's). */
export const GRADUATE_LINK_WORKFLOW = 'graduateLinkWorkflow';
export function graduateLinkWorkflowId(studentId: string): string {
  return `graduate-link:${studentId}`;
}

/** The task kinds a case creates in casework. */
export const MISSED_CHECK_IN_TASK_KIND = 'job-missed-check-in';
export const OUTCOME_VERIFICATION_TASK_KIND = 'job-outcome-verification';

/** Message names (workflows/src/job-assistance/messages.ts defines them). */
export const CASE_STATUS_QUERY = 'caseStatus';
export const RECORD_ASSESSMENT_UPDATE = 'recordAssessment';
export const RECORD_PLAN_UPDATE = 'recordPlan';
export const CONFIRM_CHECK_IN_UPDATE = 'confirmCheckIn';
export const CLAIM_OUTCOME_UPDATE = 'claimOutcome';
export const REPORT_JOB_LOST_UPDATE = 'reportJobLost';
export const MENTORS_CHANGED_SIGNAL = 'mentorsChanged';

/** What a graduate is registered with, besides who they are: their studies, their plans, their consent (a form or a university's list row). */
export interface GraduateRegistration {
  major: string;
  degreeLevel: DegreeLevel;
  /** ISO date. */
  expectedGraduation: string;
  intention: Intention;
  preferredRegions: string[];
  consentToContact: boolean;
}

export interface GraduateLinkInput extends GraduateRegistration {
  studentId: string;
  createdBy: string;
  /** Where the caller may act: the student must lie inside it. */
  callerScope: { level: string; code: string };
}

/** The student as the registry holds them, for the graduate base: no national ID. */
export interface GraduateLinkFacts {
  found: boolean;
  studentId: string;
  name?: string;
  stage?: string;
  grade?: number;
  schoolCode?: string;
  schoolCountyCode?: string;
  villageCode?: string;
  countyCode?: string;
  householdStatus?: string;
}

export type GraduateLinkResult = { linked: true; graduateId: string; created: boolean } | { linked: false; reason: 'not-found' | 'not-in-higher-education' | 'out-of-scope'; detail: string };

/** The students service's side of the graduate link (queue `students`). */
export interface StudentsGraduateActivities {
  readGraduateLink(input: { studentId: string }): Promise<GraduateLinkFacts>;
}

/** Timings of a case; tests make them small. */
export interface JobAssistanceSettings {
  /** Days between check-ins (per case; 14 by default). */
  cadenceDays: number;
  /** A missed check-in reminds the mentor at its due time, then waits this long before a supervisor task. */
  escalateAfterMs: number;
  /** The supervisor's task is due this long after it opens. */
  supervisorDueMs: number;
  /** The caseworker's verification task is due this long after a claim. */
  verifyDueMs: number;
  /** Follow-ups after a verified placement (3 and 6 months). */
  followUpsMs: number[];
  /** Continue-as-new after this many check-in periods in one run (or sooner when Temporal suggests it). */
  periodsPerRun: number;
}

const DAY = 86_400_000;
export const DEFAULT_JOB_ASSISTANCE_SETTINGS: JobAssistanceSettings = {
  cadenceDays: 14,
  escalateAfterMs: 3 * DAY,
  supervisorDueMs: 5 * DAY,
  verifyDueMs: 7 * DAY,
  followUpsMs: [91 * DAY, 182 * DAY],
  periodsPerRun: 26,
};

export interface CaseEvent {
  at: string;
  by: string;
  kind: string;
  note?: string;
}

/** What a case carries across continue-as-new: its whole state, timers as absolute times. */
export interface CarriedCase {
  phase: CasePhase;
  seq: number;
  mentorUserIds: string[];
  leadMentorUserId: string;
  cadenceDays: number;
  needs?: string;
  plan?: string;
  checkIns: number;
  missed: number;
  periods: number;
  /** Epoch ms of the next check-in's due time. */
  nextDueAt?: number;
  lastCheckInAt?: number;
  claim?: OutcomeClaim;
  outcome?: Outcome;
  placedAt?: number;
  followUpsDone: number;
  reopened: number;
  runs: number;
  /** The last few events, for the live view (the full log is in the mentoring schema). */
  recent: CaseEvent[];
}

export interface JobAssistanceInput {
  graduateId: string;
  /** The graduate's own user (casework creates it at intake if missing). */
  graduateUserId: string;
  displayName: string;
  openedBy: string;
  /** Where the graduate lies, for casework tasks. */
  place: { divisionCode: string; schoolCode?: string };
  mentorUserIds: string[];
  leadMentorUserId: string;
  settings: JobAssistanceSettings;
  /** Present on a continued run. */
  carried?: CarriedCase;
}

export interface OutcomeClaim {
  outcome: Outcome;
  by: string;
  role: 'graduate' | 'mentor';
  employer?: string;
  note?: string;
  at: number;
}

export interface AssessmentRequest { by: string; needs: string }
export interface PlanRequest { by: string; plan: string; cadenceDays?: number }
export interface CheckInRequest { by: string; role: 'graduate' | 'mentor'; note?: string }
export interface ClaimOutcomeRequest { by: string; role: 'graduate' | 'mentor'; outcome: Outcome; employer?: string; note?: string }
export interface JobLostRequest { by: string; note?: string }
export interface MentorsChange { by: string; mentorUserIds: string[]; leadMentorUserId: string; reason: string }

export interface CaseUpdateAck {
  accepted: true;
  phase: CasePhase;
  nextDueAt?: string;
}

/** The live view of a case (the workflow's query). */
export interface JobCaseStatus {
  graduateId: string;
  phase: CasePhase;
  mentorUserIds: string[];
  leadMentorUserId: string;
  cadenceDays: number;
  checkIns: number;
  missed: number;
  nextDueAt?: string;
  outcome?: Outcome;
  claim?: Omit<OutcomeClaim, 'at'> & { at: string };
  reopened: number;
  runs: number;
  openTask?: { taskId: string; step: string; dueAt: string };
  recent: CaseEvent[];
}

/** One transition of a case, as the durable row and its event log record it. */
export interface JobCaseTransition {
  graduateId: string;
  workflowId: string;
  /** Increases at each transition (carried across runs): a repeated or late write changes nothing. */
  seq: number;
  status: JobCaseStatus;
  event: CaseEvent;
  /** Epoch ms when the case was placed (verified outcome), for time to placement. */
  placedAt?: number;
}

export interface MentorReminderInput {
  graduateId: string;
  workflowId: string;
  /** The check-in period that was missed: the reminder's idempotency key. */
  period: number;
  dueAt: string;
  mentorUserIds: string[];
}

/** The mentoring service's activities (queue `mentoring`). All idempotent. */
export interface MentoringActivities {
  linkGraduate(input: GraduateLinkInput & { facts: GraduateLinkFacts }): Promise<GraduateLinkResult>;
  recordJobCase(input: JobCaseTransition): Promise<{ applied: boolean }>;
  remindMentor(input: MentorReminderInput): Promise<void>;
}

/** casework's side of a case's opening: the graduate's account, without a password until activated. */
export function graduateUserId(graduateId: string): string {
  return `graduate-${graduateId}`;
}

export interface GraduateAccountInput {
  graduateId: string;
  /** graduateUserId(graduateId), or the user already linked to the graduate. */
  userId: string;
  displayName: string;
  scope: { level: 'county'; code: string };
}
export interface CaseworkGraduateActivities {
  ensureGraduateAccount(input: GraduateAccountInput): Promise<{ userId: string; username: string; created: boolean }>;
}
