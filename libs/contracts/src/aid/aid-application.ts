import type { Stage } from '../registry/registry';
import type { TaskDecision } from '../casework/casework';

/**
 * Aid applications: a caseworker applies for a student for an academic year; the workflow checks
 * eligibility with the students service, computes the entitlement (libs/policy), runs the approval
 * chain as casework tasks, plans the per-semester payments and pays them through the bank adapter.
 * Plain types only: workflow code imports this file.
 */
export const AID_APPLICATION_WORKFLOW = 'aidApplicationWorkflow';

/** The business key: one active application per student and academic year. */
export function aidApplicationWorkflowId(studentId: string, academicYear: string): string {
  return `aid-application:${studentId}:${academicYear}`;
}

export function parseAidApplicationId(id: string): { studentId: string; academicYear: string } | undefined {
  const m = /^aid-application:([0-9a-f-]{36}):(\d{4}-\d{4})$/i.exec(id);
  return m ? { studentId: m[1], academicYear: m[2] } : undefined;
}

export const AID_APPLICATION_STATES = [
  'checking',
  'in-review',
  'more-information-requested',
  'rejected',
  'in-appeal',
  'approved',
  /** Approved and planned, but no bank account on file: a task asks the submitter for one. */
  'awaiting-bank-details',
  'paying',
  'completed',
  'withdrawn',
  'ineligible',
  'cancelled',
] as const;
export type AidApplicationState = (typeof AID_APPLICATION_STATES)[number];

/** The steps an application can wait at (the chain, the information request, the appeal a level up). */
export const AID_STEPS = [
  'school-check',
  'county-approval',
  'prefecture-sign-off',
  'more-information',
  'appeal-county',
  'appeal-prefecture',
  'appeal-province',
  'bank-details',
] as const;

/** Approval levels of the chain, bottom to top; an appeal goes one level above the rejecting one. */
export const APPROVAL_LEVELS = ['school', 'county', 'prefecture', 'province'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** Timings of the process, chosen by whoever starts it (the service from its defaults, tests their own). */
export interface AidApplicationSettings {
  /** Each approval step is due this long after it opens. */
  stepDueMs: number;
  remindBeforeMs: number[];
  escalateAfterMs?: number;
  /** A rejected applicant may appeal within this long, once. */
  appealWindowMs: number;
  /** Pay a semester's share from its start date (false: at approval, for drills and benchmarks). */
  waitForSemesterStart: boolean;
  /** Upsert EduaidStatus/County/Stage (off only where the server has no such attributes registered). */
  searchAttributes: boolean;
}

export interface AidApplicationInput {
  studentId: string;
  academicYear: string;
  submittedBy: string;
  /** Where the student lives and studies: tasks' places and the search attributes come from here. */
  villageCode: string;
  countyCode: string;
  schoolCode?: string;
  settings: AidApplicationSettings;
}

export interface TimelineEntry {
  at: string;
  step: string;
  /** approve / reject / return / withdraw / appeal / change / payment / … */
  action: string;
  actor: string;
  comment?: string;
}

export interface EntitlementLineView {
  scheme: string;
  ruleId: string;
  fund: string;
  disbursement: string;
  amountFen: number;
  semesters: { semester: string; startsOn: string; amountFen: number }[];
}

/** What the workflow answers to the status query. */
export interface AidApplicationStatus {
  applicationId: string;
  studentId: string;
  academicYear: string;
  state: AidApplicationState;
  currentStep?: string;
  pendingTaskId?: string;
  dueAt?: string;
  /** The role (and level) expected to act now, or the caseworker asked for information. */
  heldBy?: string;
  standardsVersion?: string;
  entitlement: EntitlementLineView[];
  cashFen: number;
  needsHigherSignOff: boolean;
  appealed: boolean;
  appealDeadline?: string;
  reasons: string[];
  timeline: TimelineEntry[];
}

export type AidApplicationResult = Pick<AidApplicationStatus, 'state' | 'reasons' | 'standardsVersion'> & { paidSemesters: string[] };

export const CHANGE_KINDS = ['school-changed', 'stage-changed', 'household-left-poverty', 'dropped-out'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeNotice {
  kind: ChangeKind;
  reason: string;
  reportedBy: string;
}
export interface WithdrawRequest {
  by: string;
  reason: string;
}
export interface AppealRequest {
  by: string;
  reason: string;
}

/** Signal / Update / Query names (the workflow defines them with these). */
export const AID_STATUS_QUERY = 'aidApplicationStatus';
export const AID_WITHDRAW_UPDATE = 'withdrawAidApplication';
export const AID_APPEAL_UPDATE = 'appealAidApplication';
export const AID_CHANGE_SIGNAL = 'aidApplicationChange';

/** The registry facts the eligibility check reads (students service). */
export interface AidEligibilityFacts {
  found: boolean;
  studentId: string;
  academicYear: string;
  stage?: Stage;
  grade?: number;
  boarding?: boolean;
  specialHardship?: boolean;
  householdStatus?: string;
  ruralHousehold?: boolean;
  enrolmentConfirmed: boolean;
  schoolCode?: string;
  villageCode?: string;
  countyCode?: string;
  /** Schemes and semesters already planned or paid for this student by another application. */
  alreadyPaid: { scheme: string; semester: string; workflowId: string }[];
  reasons: string[];
}

export interface PlannedPaymentLine {
  scheme: string;
  ruleId: string;
  semester: string;
  startsOn: string;
  amountFen: number;
}

/** Who pays a planned ledger row: its application's own workflow (runs approved before the hand-off) or the term's payment cycle. */
export type PaymentPayer = 'application' | 'cycle';

export interface PlanPaymentsInput {
  workflowId: string;
  studentId: string;
  academicYear: string;
  standardsVersion: string;
  lines: PlannedPaymentLine[];
  /** 'application' when absent (what runs recorded before the hand-off planned). */
  paidBy?: PaymentPayer;
}

export interface HandPaymentsToCyclesInput {
  workflowId: string;
  /** Only these semesters' planned rows (all planned rows when absent). */
  semesters?: string[];
}

export interface CancelPaymentsInput {
  workflowId: string;
  /** Only payments of these semesters (all unpaid ones when absent). */
  semesters?: string[];
  reason: string;
}

export interface DisburseInput {
  workflowId: string;
  semester: string;
}

export interface DisbursementResult {
  semester: string;
  paid: number;
  alreadyPaid: number;
  failed: { idempotencyKey: string; reason: string }[];
  cancelled: number;
}

/**
 * Patch id of the durable record: workflows that reach a transition under this patch write it to the
 * students service's row; histories recorded before it replay without those activity calls.
 */
export const AID_DURABLE_RECORD_PATCH = 'aid-application-durable-record';

/**
 * Patch id of the hand-off to semester cycles: an application approved under it plans its ledger rows
 * (with its durable record, in one transaction), asks for a missing bank account, and ends 'approved':
 * the term's payment cycle pays what falls due. Runs recorded before it keep sleeping until each
 * semester and paying through disburseAidPayments.
 */
export const AID_CYCLES_PAY_PATCH = 'aid-application-cycles-pay';

/** Task kind of the request for a student's bank account, for the submitter, when an approved application has none. */
export const AID_BANK_DETAILS_TASK_KIND = 'aid-bank-details';

/** Who is expected to act on the open step (absent when no step is open). */
export interface AidStepHolder {
  /** The role a decider needs (caseworker, approver). */
  candidateRole: string;
  /** The level the step is decided at (school, county, prefecture, province). */
  level: string;
  /** The division the task is placed at. */
  divisionCode: string;
  /** A named user, when the step is theirs alone (a return for more information goes to the submitter). */
  assigneeId?: string;
}

/**
 * One transition of an application, as the workflow hands it to the students service: the whole
 * status (small: ids, lines, a timeline of tens of entries), the sequence number of the transition
 * in this run (the row ignores one not newer than its own) and the ledger rows it touches, written in
 * the same transaction.
 */
export interface AidTransitionRecord {
  workflowId: string;
  /** 1, 2, … per run: a retried or late activity with a sequence at or below the row's changes nothing. */
  seq: number;
  studentId: string;
  academicYear: string;
  villageCode: string;
  countyCode: string;
  schoolCode?: string;
  submittedBy: string;
  stage?: string;
  status: Omit<AidApplicationStatus, 'applicationId' | 'studentId' | 'academicYear'>;
  holder?: AidStepHolder;
  ledger?: { cancel?: CancelPaymentsInput; plan?: PlanPaymentsInput };
}

export interface AidTransitionResult {
  /** False when the row already held this transition or a newer one (nothing written). */
  applied: boolean;
  planned: number;
  cancelled: number;
}

/** The students service's aid activities (queue `students`). All idempotent. */
export interface StudentsAidActivities {
  /** Writes the application's row at a transition, with the ledger rows the transition plans or cancels. */
  recordAidTransition(input: AidTransitionRecord): Promise<AidTransitionResult>;
  readAidEligibility(input: { studentId: string; academicYear: string; workflowId: string }): Promise<AidEligibilityFacts>;
  planAidPayments(input: PlanPaymentsInput): Promise<{ planned: number }>;
  /** Hands an application's planned rows to the term's payment cycles (a run approved before the hand-off, at its next semester). Idempotent. */
  handAidPaymentsToCycles(input: HandPaymentsToCyclesInput): Promise<{ handed: number }>;
  cancelAidPayments(input: CancelPaymentsInput): Promise<{ cancelled: number }>;
  disburseAidPayments(input: DisburseInput): Promise<DisbursementResult>;
  /** Whether the student has a bank account on file (asked at approval, under AID_CYCLES_PAY_PATCH). */
  bankAccountOnFile(input: { studentId: string }): Promise<boolean>;
  /** The application's recorded row, as a change after its workflow ended starts from (undefined: no row). */
  readAidApplication(input: { applicationId: string }): Promise<AidApplicationSnapshot | undefined>;
}

/** What the durable row holds of an application: enough for a change after approval to re-plan it. */
export interface AidApplicationSnapshot {
  applicationId: string;
  studentId: string;
  academicYear: string;
  villageCode: string;
  countyCode: string;
  schoolCode?: string;
  submittedBy: string;
  stage?: string;
  /** The row's transition sequence: the change's own write takes the next one. */
  seq: number;
  /** Semesters with a payment paid, being sent or failed: a change leaves them as they are. */
  settledSemesters: string[];
  status: Omit<AidApplicationStatus, 'applicationId' | 'studentId' | 'academicYear'>;
}

/** Workflow type and id of a change reported after the application's workflow ended. */
export const AID_CHANGE_WORKFLOW = 'aidChangeWorkflow';
export function aidChangeWorkflowId(applicationId: string, n: number): string {
  return `aid-change:${applicationId}:${n}`;
}

export interface AidChangeInput {
  applicationId: string;
  change: ChangeNotice;
}

export interface AidChangeResult {
  /**
   * cancelled: every payment not yet paid is cancelled; re-planned: the unpaid ones follow the new
   * facts; unchanged: still eligible with the same amounts; closed: the application is not approved
   * (withdrawn, rejected, cancelled, paid out by the old path): nothing to change.
   */
  outcome: 'cancelled' | 're-planned' | 'unchanged' | 'closed';
  cancelled: number;
  planned: number;
  reasons: string[];
}

export type { TaskDecision };
