import type { TimelineEntry } from '../aid/aid-application';
import type { TaskPlace } from '../casework/casework';

/**
 * Tuition compensation and loan repayment (学费补偿和国家助学贷款代偿): a caseworker files it for a
 * graduate who enlists or serves at a grassroots unit in a remote county; the commitment is verified
 * (a caseworker's task carrying the evidence), the approval chain decides, and the award is planned in
 * the students ledger as yearly instalments the semester cycles pay; a commitment that ends early
 * cancels the instalments not yet paid. Plain types only: workflow code imports this file.
 */
export const GRADUATE_COMPENSATION_WORKFLOW = 'graduateCompensationWorkflow';

/** The business key: one compensation per graduate. */
export function graduateCompensationWorkflowId(graduateId: string): string {
  return `graduate-compensation:${graduateId}`;
}

export const COMMITMENTS = ['enlistment', 'grassroots-service'] as const;
export type CommitmentKind = (typeof COMMITMENTS)[number];

export const COMPENSATION_STATES = [
  /** The commitment's evidence waits for a caseworker's check. */
  'verifying',
  /** The approval chain (county, then the prefecture's sign-off when the total is large). */
  'in-review',
  /** The caseworker found the evidence does not hold. */
  'not-verified',
  'rejected',
  /** Instalments planned in the ledger; the cycles pay each in its year. */
  'approved',
  /** The commitment ended early: instalments not yet paid were cancelled. */
  'stopped',
  /** Every instalment's term has come: the cycles pay (or have paid) them all. */
  'completed',
] as const;
export type CompensationState = (typeof COMPENSATION_STATES)[number];

/** Casework task kinds (casework's task-access lists their roles). */
export const COMMITMENT_VERIFICATION_TASK_KIND = 'graduate-commitment-verification';
export const COMPENSATION_APPROVAL_TASK_KIND = 'graduate-compensation-approval';

/**
 * Workflow patch: instalments start in the academic year under way on the service's start date when
 * it is after the decision (before it, a compensation filed ahead of the service was paid from the
 * current year). Compensations started before the patch keep the old schedule on replay.
 */
export const COMPENSATION_FROM_SERVICE_START_PATCH = 'graduate-compensation-from-service-start';

/** The evidence a caseworker checks: where, since when, and the proof's reference. */
export interface CommitmentEvidence {
  commitment: CommitmentKind;
  /** The army unit or the grassroots employer. */
  unitName: string;
  /** The county where the graduate serves (6 digits). */
  serviceCountyCode: string;
  /** ISO date the service started. */
  startDate: string;
  /** Years committed to (grassroots service: at least the policy's minimum). */
  committedYears: number;
  /** Reference of the enlistment notice or the employment contract, as filed. */
  proofReference: string;
}

export interface GraduateCompensationSettings {
  stepDueMs: number;
  remindBeforeMs: number[];
  escalateAfterMs?: number;
}

export const DEFAULT_GRADUATE_COMPENSATION_SETTINGS: GraduateCompensationSettings = {
  stepDueMs: 5 * 86_400_000,
  remindBeforeMs: [86_400_000],
  escalateAfterMs: 86_400_000,
};

export interface GraduateCompensationInput {
  graduateId: string;
  /** The registry's student: ledger rows and the bank account are the student's. */
  studentId: string;
  submittedBy: string;
  /** The graduate's place (household village, university): tasks are placed there. */
  place: { divisionCode: string; schoolCode?: string };
  evidence: CommitmentEvidence;
  tuitionPaidFen: number;
  loanOutstandingFen: number;
  studyYears: number;
  settings: GraduateCompensationSettings;
}

export interface CompensationInstalmentView {
  year: number;
  academicYear: string;
  semester: string;
  startsOn: string;
  scheme: string;
  ruleId: string;
  amountFen: number;
  /** planned: in the ledger for the cycles; cancelled: stopped by an early end before it was paid; kept: already paid or being paid when it ended. */
  status: 'planned' | 'cancelled' | 'kept';
}

export interface CompensationLineView {
  scheme: string;
  ruleId: string;
  claimedFen: number;
  capFen: number;
  amountFen: number;
}

/** The compensation as it stands: the durable row's content and the workflow's query answer. */
export interface CompensationStatus {
  state: CompensationState;
  step?: string;
  taskId?: string;
  dueAt?: string;
  /** Who is expected to act now (role at level and division). */
  heldBy?: string;
  policyVersion?: string;
  lines: CompensationLineView[];
  totalFen: number;
  needsHigherSignOff: boolean;
  instalments: CompensationInstalmentView[];
  endedEarly?: { endedOn: string; reason: string; reportedBy: string; cancelled: number };
  reasons: string[];
  timeline: TimelineEntry[];
}

/** One transition, written by mentoring's recordCompensation: the row ignores a sequence not newer than its own. */
export interface CompensationTransition {
  graduateId: string;
  workflowId: string;
  seq: number;
  status: CompensationStatus;
}

/** The commitment ended early (a reported change): by whom, when, why. */
export interface CommitmentEndedRequest {
  by: string;
  endedOn: string;
  reason: string;
}

export interface CommitmentEndedAck {
  accepted: true;
  /** The state when the report arrived; the workflow then cancels what is not paid and records 'stopped'. */
  state: CompensationState;
}

export const COMPENSATION_STATUS_QUERY = 'graduateCompensationStatus';
export const COMMITMENT_ENDED_UPDATE = 'reportCommitmentEnded';

/** A ledger row as the students service reports it (for the record of what an early end kept and cancelled). */
export interface LedgerRowView {
  semester: string;
  scheme: string;
  amountFen: number;
  status: string;
}

/** The students service's ledger read for compensations (queue `students`). */
export interface StudentsCompensationActivities {
  ledgerRowsOf(input: { workflowId: string }): Promise<LedgerRowView[]>;
}

/** Mentoring's compensation activities (queue `mentoring`). Idempotent by sequence. */
export interface MentoringCompensationActivities {
  recordCompensation(input: CompensationTransition): Promise<{ applied: boolean }>;
}

/** Helper for the workflow's task places: the county level of the graduate's place. */
export type CompensationPlace = TaskPlace;
