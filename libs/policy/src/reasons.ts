/**
 * Why a student or a graduate is not (or no longer) given aid: the sentences the calculator, the
 * assessments and the workflows write (English, stored as written in the records and histories), and
 * a stable code with its parameters for each, so a screen can say it in the reader's language.
 *
 * The producers below are the only places these sentences are made; `reasonOf` reads one back. Records
 * written before codes existed hold the same sentences, so the code is derived when a record is read
 * (no migration, no change to recorded workflow histories). Plain data with no imports: workflow code
 * and the console's bundle can use it as it is. reasons.spec.ts checks that every sentence reads back.
 */
export const REASON_CODES = [
  'household-not-poor',
  'no-confirmed-enrolment',
  'no-such-student',
  'no-scheme-applies',
  'already-paid',
  'grade-not-in-stage',
  'no-standards',
  'commitment-not-verified',
  'rejected-at-step',
  /** Anything else (a reviewer's own words, an unexpected error): shown as written. */
  'other',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** The sentence as stored. */
  text: string;
  /** The sentence's parts a translation needs (household status, academic year, stage, …). */
  params: Record<string, string>;
}

/** The sentences, one producer per code. */
export const reasonText = {
  householdNotPoor: (status: string) => `the household is ${status}, not registered-poor`,
  noConfirmedEnrolment: (academicYear: string) => `no confirmed enrolment for ${academicYear}`,
  noSuchStudent: () => 'no such student',
  noSchemeApplies: (boarding: boolean, stage: string) => `no scheme applies to a ${boarding ? 'boarding' : 'day'} student in ${stage}`,
  alreadyPaid: (scheme: string, semester: string, workflowId: string) => `${scheme} for ${semester} is already paid or planned by ${workflowId}`,
  gradeNotInStage: (grade: number, stage: string, grades: number) => `grade ${grade} does not exist in ${stage} (1–${grades})`,
  noStandards: (academicYear: string) => `no aid standards cover ${academicYear}`,
  commitmentNotVerified: (comment: string | undefined) => `commitment not verified: ${comment ?? 'no reason given'}`,
  rejectedAtStep: (step: string, comment: string | undefined) => `rejected at ${step}: ${comment ?? 'no reason given'}`,
};

const PATTERNS: { code: ReasonCode; pattern: RegExp; names: string[] }[] = [
  { code: 'household-not-poor', pattern: /^the household is (\S+), not registered-poor$/, names: ['status'] },
  { code: 'no-confirmed-enrolment', pattern: /^no confirmed enrolment for (\S+)$/, names: ['academicYear'] },
  { code: 'no-such-student', pattern: /^no such student$/, names: [] },
  { code: 'no-scheme-applies', pattern: /^no scheme applies to a (boarding|day) student in (\S+)$/, names: ['attendance', 'stage'] },
  { code: 'already-paid', pattern: /^(\S+) for (\S+) is already paid or planned by (\S+)$/, names: ['scheme', 'semester', 'workflowId'] },
  { code: 'grade-not-in-stage', pattern: /^grade (\S+) does not exist in (\S+) \(1–(\d+)\)$/, names: ['grade', 'stage', 'grades'] },
  { code: 'no-standards', pattern: /^no aid standards cover (\S+)$/, names: ['academicYear'] },
  { code: 'commitment-not-verified', pattern: /^commitment not verified: ([\s\S]*)$/, names: ['comment'] },
  { code: 'rejected-at-step', pattern: /^rejected at (\S+): ([\s\S]*)$/, names: ['step', 'comment'] },
];

/** A stored sentence with its code and parameters; a sentence of no known form is `other`. */
export function reasonOf(text: string): Reason {
  for (const { code, pattern, names } of PATTERNS) {
    const found = pattern.exec(text);
    if (found) return { code, text, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]])) };
  }
  return { code: 'other', text, params: {} };
}
