import type { Fen } from './money';
import { splitFen, yuanToFen } from './money';
import { SEMESTER_CALENDAR, termOn } from './entitlement';

/**
 * Tuition compensation and student-loan repayment (学费补偿和国家助学贷款代偿) for graduates who enlist
 * or take a job at a grassroots unit in a remote, hard area of the province, as versioned data.
 *
 * What comes from the plan (../shared/seed/POLICY-FACTS.md, "Graduates from poor households"): that the
 * scheme exists, its two parts (tuition compensation, loan repayment) and who qualifies (military
 * service; jobs at grassroots units in remote, hard areas of the province). The plan gives NO amount,
 * cap, service term or payment schedule: every figure below is local configuration, named and
 * explained, and a new figure is a new version (never an edit), so a decision can always be explained
 * with the version it recorded.
 */

export const COMPENSATION_SCHEMES = ['tuition-compensation', 'loan-repayment'] as const;
export type CompensationScheme = (typeof COMPENSATION_SCHEMES)[number];

/** What the graduate commits to (both named by the plan). */
export type Commitment = 'enlistment' | 'grassroots-service';

export interface CompensationPolicy {
  version: string;
  /** Applications decided on or after this date (ISO) use this version, until a later one starts. */
  effectiveFrom: string;
  /**
   * LOCAL SETTING: the most tuition compensated per year of study, in yuan. The plan names the scheme
   * but gives no cap. 12,000 follows the national scheme's undergraduate ceiling for this kind of
   * compensation (raised to 12,000 a year in 2023), so a province running the plan's scheme alongside
   * the national one pays no graduate more than the national scheme would.
   */
  tuitionCapPerYearYuan: number;
  /** LOCAL SETTING: the most loan repaid per year of study, in yuan; same reasoning as the tuition cap. */
  loanCapPerYearYuan: number;
  /**
   * LOCAL SETTING: years of grassroots service committed to. The plan says "take jobs at grassroots
   * units in remote, hard areas" with no term; three years is the term issue 13 names.
   */
  minServiceYears: number;
  /**
   * LOCAL SETTING: the total is paid in this many yearly instalments (one in each year of service),
   * so payments stop when a commitment ends early. The plan gives no schedule.
   */
  instalmentYears: number;
  /** LOCAL SETTING: at most this many years of study count (five covers the longest undergraduate course). */
  maxStudyYears: number;
  /**
   * LOCAL SETTING: a total above this (yuan) needs the prefecture's sign-off after the county's
   * approval, as aid applications' large cash totals do. Chosen as one full year at both caps.
   */
  higherSignOffAboveYuan: number;
}

/** Every version, oldest first. Add a version for a change; never edit one a decision may have used. */
export const COMPENSATION_POLICY_VERSIONS: readonly CompensationPolicy[] = [
  {
    version: 'hubei-gc-2026.1',
    effectiveFrom: '2026-01-01',
    tuitionCapPerYearYuan: 12_000,
    loanCapPerYearYuan: 12_000,
    minServiceYears: 3,
    instalmentYears: 3,
    maxStudyYears: 5,
    higherSignOffAboveYuan: 24_000,
  },
];

export function compensationPolicyOn(isoDate: string, versions: readonly CompensationPolicy[] = COMPENSATION_POLICY_VERSIONS): CompensationPolicy {
  const applicable = versions.filter((v) => v.effectiveFrom <= isoDate.slice(0, 10));
  const policy = applicable[applicable.length - 1];
  if (!policy) throw new RangeError(`no compensation policy in force on ${isoDate}`);
  return policy;
}

export function compensationPolicyByVersion(version: string, versions: readonly CompensationPolicy[] = COMPENSATION_POLICY_VERSIONS): CompensationPolicy {
  const policy = versions.find((v) => v.version === version);
  if (!policy) throw new RangeError(`unknown compensation policy version ${version}`);
  return policy;
}

export interface CompensationFacts {
  /** Tuition actually paid over the whole course, fen (0: none claimed). */
  tuitionPaidFen: Fen;
  /** The state student loan still outstanding, fen (0: none). */
  loanOutstandingFen: Fen;
  /** Years of study the tuition and loan cover (1…maxStudyYears). */
  studyYears: number;
  /**
   * The day the service or enlistment starts (YYYY-MM-DD). Instalments are paid for years served: the
   * first in the first autumn term on or after this day, never before the academic year of the
   * decision. Absent: from the decision's year (compensations filed before this rule).
   */
  serviceStartsOn?: string;
}

export interface CompensationLine {
  scheme: CompensationScheme;
  /** Stable id recorded on each ledger row. */
  ruleId: string;
  /** What was asked (tuition paid / loan outstanding), the cap over the years of study, and what is granted. */
  claimedFen: Fen;
  capFen: Fen;
  amountFen: Fen;
}

export interface CompensationInstalment {
  /** 1, 2, … */
  year: number;
  academicYear: string;
  /** The autumn term of that academic year: the semester cycle of that term pays it. */
  semester: string;
  startsOn: string;
  scheme: CompensationScheme;
  ruleId: string;
  amountFen: Fen;
}

export interface CompensationAward {
  version: string;
  lines: CompensationLine[];
  totalFen: Fen;
  needsHigherSignOff: boolean;
  instalments: CompensationInstalment[];
}

export const COMPENSATION_RULE_IDS: Readonly<Record<CompensationScheme, string>> = {
  'tuition-compensation': 'GC-TUITION-PER-YEAR-CAP',
  'loan-repayment': 'GC-LOAN-PER-YEAR-CAP',
};

/** Facts that can never be decided (the API refuses them first; the workflow fails non-retryably on them). */
export function compensationFactsProblems(facts: CompensationFacts, policy: CompensationPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isSafeInteger(facts.tuitionPaidFen) || facts.tuitionPaidFen < 0) problems.push('tuitionPaidFen must be a whole number of fen, at least 0');
  if (!Number.isSafeInteger(facts.loanOutstandingFen) || facts.loanOutstandingFen < 0) problems.push('loanOutstandingFen must be a whole number of fen, at least 0');
  if (facts.tuitionPaidFen + facts.loanOutstandingFen <= 0) problems.push('nothing to compensate: neither tuition paid nor a loan outstanding');
  if (!Number.isInteger(facts.studyYears) || facts.studyYears < 1 || facts.studyYears > policy.maxStudyYears) problems.push(`studyYears must be 1 to ${policy.maxStudyYears}`);
  return problems;
}

/**
 * The award: each part is what was paid or owed, capped at the policy's yearly cap times the years of
 * study; the total of each part is split over `instalmentYears` yearly instalments (the first takes
 * the remainder fen), each paid in an autumn term: the first in the academic year under way on
 * `decidedOn`, or in the first autumn term of the service when that is later. The policy version is the one in
 * force on `decidedOn`. Pure and deterministic (workflow code calls it).
 */
export function calculateCompensation(facts: CompensationFacts, decidedOn: string, version?: string, versions: readonly CompensationPolicy[] = COMPENSATION_POLICY_VERSIONS): CompensationAward {
  const policy = version ? compensationPolicyByVersion(version, versions) : compensationPolicyOn(decidedOn, versions);
  const problems = compensationFactsProblems(facts, policy);
  if (problems.length) throw new RangeError(problems.join('; '));
  const parts: { scheme: CompensationScheme; claimed: Fen; capPerYear: Fen }[] = [
    { scheme: 'tuition-compensation', claimed: facts.tuitionPaidFen, capPerYear: yuanToFen(policy.tuitionCapPerYearYuan) },
    { scheme: 'loan-repayment', claimed: facts.loanOutstandingFen, capPerYear: yuanToFen(policy.loanCapPerYearYuan) },
  ];
  const lines: CompensationLine[] = parts
    .filter((p) => p.claimed > 0)
    .map((p) => {
      const capFen = p.capPerYear * facts.studyYears;
      return { scheme: p.scheme, ruleId: COMPENSATION_RULE_IDS[p.scheme], claimedFen: p.claimed, capFen, amountFen: Math.min(p.claimed, capFen) };
    });
  const s1 = `${String(SEMESTER_CALENDAR.S1.month).padStart(2, '0')}-${String(SEMESTER_CALENDAR.S1.day).padStart(2, '0')}`;
  const decidedYear = Number(termOn(decidedOn.slice(0, 10)).slice(0, 4));
  // The first autumn term on or after the service's start: a year is paid once it is being served.
  const start = facts.serviceStartsOn;
  const servedYear = start ? Number(start.slice(0, 4)) + (start.slice(5, 10) > s1 ? 1 : 0) : decidedYear;
  const firstYear = Math.max(decidedYear, servedYear);
  const instalments: CompensationInstalment[] = [];
  for (let i = 0; i < policy.instalmentYears; i++) {
    const y = firstYear + i;
    const academicYear = `${y}-${y + 1}`;
    for (const line of lines) {
      const amountFen = splitFen(line.amountFen, policy.instalmentYears)[i];
      if (amountFen > 0) instalments.push({ year: i + 1, academicYear, semester: `${academicYear}:S1`, startsOn: `${y}-${s1}`, scheme: line.scheme, ruleId: line.ruleId, amountFen });
    }
  }
  const totalFen = lines.reduce((a, l) => a + l.amountFen, 0);
  return { version: policy.version, lines, totalFen, needsHigherSignOff: totalFen > yuanToFen(policy.higherSignOffAboveYuan), instalments };
}
