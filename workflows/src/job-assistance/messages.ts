import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  AssessmentRequest,
  CASE_STATUS_QUERY,
  CLAIM_OUTCOME_UPDATE,
  CONFIRM_CHECK_IN_UPDATE,
  CaseUpdateAck,
  CheckInRequest,
  ClaimOutcomeRequest,
  JobCaseStatus,
  JobLostRequest,
  MENTORS_CHANGED_SIGNAL,
  MentorsChange,
  PlanRequest,
  RECORD_ASSESSMENT_UPDATE,
  RECORD_PLAN_UPDATE,
  REPORT_JOB_LOST_UPDATE,
} from '@eduaid/contracts';

/** The case as it stands: phase, mentors, next check-in, outcome, the open task, the last events. */
export const caseStatusQuery = defineQuery<JobCaseStatus>(CASE_STATUS_QUERY);
/** The mentor's needs assessment (phase assessment only). */
export const recordAssessmentUpdate = defineUpdate<CaseUpdateAck, [AssessmentRequest]>(RECORD_ASSESSMENT_UPDATE);
/** The assistance plan and the check-in cadence (phase planning only). */
export const recordPlanUpdate = defineUpdate<CaseUpdateAck, [PlanRequest]>(RECORD_PLAN_UPDATE);
/** A check-in held (graduate or mentor confirms it; during check-ins or follow-up). */
export const confirmCheckInUpdate = defineUpdate<CaseUpdateAck, [CheckInRequest]>(CONFIRM_CHECK_IN_UPDATE);
/** The graduate or a mentor claims an outcome; a caseworker verifies it. */
export const claimOutcomeUpdate = defineUpdate<CaseUpdateAck, [ClaimOutcomeRequest]>(CLAIM_OUTCOME_UPDATE);
/** The job was lost within the follow-up window: the case reopens. */
export const reportJobLostUpdate = defineUpdate<CaseUpdateAck, [JobLostRequest]>(REPORT_JOB_LOST_UPDATE);
/** The mentoring service reassigned the case (a mentor left, a team changed). */
export const mentorsChangedSignal = defineSignal<[MentorsChange]>(MENTORS_CHANGED_SIGNAL);
