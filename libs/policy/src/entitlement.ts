import { STAGE_RULES, Stage, parseAcademicYear } from '@eduaid/contracts';
import type { Fen } from './money';
import { splitFen } from './money';
import { reasonText } from './reasons';
import { AID_STANDARDS_VERSIONS, AidFund, AidScheme, AidStandards, Disbursement, ruleAmountFen, standardsByVersion, standardsForYear } from './aid-standards';

/** The facts the calculator needs; plain data, read from the registry by the students service. */
export interface EntitlementFacts {
  academicYear: string;
  student: { stage: Stage; grade: number; boarding: boolean; specialHardship: boolean };
  household: { status: string; rural: boolean };
  /** The enrolment for that academic year is confirmed (registered in the roster). */
  enrolmentConfirmed: boolean;
}

export interface SemesterShare {
  /** '2026-2027:S1', '2026-2027:S2' */
  semester: string;
  /** The day the semester starts (ISO date): its share is paid from then on. */
  startsOn: string;
  amountFen: Fen;
}

export interface EntitlementLine {
  scheme: AidScheme;
  ruleId: string;
  fund: AidFund;
  disbursement: Disbursement;
  /** The year's amount in fen. */
  amountFen: Fen;
  semesters: SemesterShare[];
  basis: string;
}

export interface Entitlement {
  standardsVersion: string;
  academicYear: string;
  eligible: boolean;
  /** Why not, when not eligible. */
  reasons: string[];
  lines: EntitlementLine[];
  totalFen: Fen;
  /** What is paid to the bank account (fee waivers are not). */
  cashFen: Fen;
  /** A local relief (special) fund is involved. */
  specialFund: boolean;
  /** The approval chain must go above the county: the cash total passes the threshold or a special fund is involved. */
  needsHigherSignOff: boolean;
}

/**
 * The semester calendar: the month and day each semester starts (S1 in the academic year's first
 * calendar year, S2 in its second). Payments fall due from these dates, and the payment cycles'
 * Schedule fires on them.
 */
export const SEMESTER_CALENDAR = { S1: { month: 9, day: 1 }, S2: { month: 3, day: 1 } } as const;

const mmdd = (d: { month: number; day: number }) => `${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** Semester ids and start dates of an academic year: autumn from 1 September, spring from 1 March. */
export function semestersOf(academicYear: string): { semester: string; startsOn: string }[] {
  const start = parseAcademicYear(academicYear);
  if (start === undefined) throw new RangeError(`not an academic year: ${academicYear}`);
  return [
    { semester: `${academicYear}:S1`, startsOn: `${start}-${mmdd(SEMESTER_CALENDAR.S1)}` },
    { semester: `${academicYear}:S2`, startsOn: `${start + 1}-${mmdd(SEMESTER_CALENDAR.S2)}` },
  ];
}

/** The term under way on an ISO date (the latest semester started on or before it), e.g. 2026-12-01 → 2026-2027:S1. */
export function termOn(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const day = isoDate.slice(5, 10);
  if (day >= mmdd(SEMESTER_CALENDAR.S1)) return `${year}-${year + 1}:S1`;
  if (day >= mmdd(SEMESTER_CALENDAR.S2)) return `${year - 1}-${year}:S2`;
  return `${year - 1}-${year}:S1`;
}

/**
 * The entitlement of one student for one academic year: pure and deterministic (workflow code calls
 * it). Every rule of the year's standards version that applies gives one line; benefits stack.
 * `version` pins an earlier version (to re-explain a past decision); by default the year's own.
 */
export function calculateEntitlement(facts: EntitlementFacts, version?: string, versions: readonly AidStandards[] = AID_STANDARDS_VERSIONS): Entitlement {
  const startYear = parseAcademicYear(facts.academicYear);
  if (startYear === undefined) throw new RangeError(`not an academic year: ${facts.academicYear}`);
  const standards = version ? standardsByVersion(version, versions) : standardsForYear(startYear, versions);
  if (!standards) throw new RangeError(version ? `unknown aid standards version ${version}` : reasonText.noStandards(facts.academicYear));
  const { student, household } = facts;
  const stageRule = STAGE_RULES[student.stage];
  if (!stageRule) throw new RangeError(`unknown stage ${student.stage}`);
  if (!Number.isInteger(student.grade) || student.grade < 1 || student.grade > stageRule.grades) {
    throw new RangeError(reasonText.gradeNotInStage(student.grade, student.stage, stageRule.grades));
  }

  const reasons: string[] = [];
  if (!standards.eligibleHouseholdStatuses.includes(household.status)) reasons.push(reasonText.householdNotPoor(household.status));
  if (!facts.enrolmentConfirmed) reasons.push(reasonText.noConfirmedEnrolment(facts.academicYear));

  const semesters = semestersOf(facts.academicYear);
  const lines: EntitlementLine[] = [];
  if (reasons.length === 0) {
    for (const rule of standards.rules) {
      if (!rule.stages.includes(student.stage)) continue;
      if (rule.requires?.boarding && !student.boarding) continue;
      if (rule.requires?.ruralHousehold && !household.rural) continue;
      if (rule.requires?.specialHardship && !student.specialHardship) continue;
      if (lines.some((l) => l.scheme === rule.scheme)) continue; // a scheme at most once
      const amountFen = ruleAmountFen(rule, standards);
      if (amountFen <= 0) continue;
      const shares = splitFen(amountFen, standards.semestersPerYear);
      lines.push({
        scheme: rule.scheme,
        ruleId: rule.id,
        fund: rule.fund,
        disbursement: rule.disbursement,
        amountFen,
        semesters: semesters.map((s, i) => ({ ...s, amountFen: shares[i] })),
        basis: rule.basis,
      });
    }
  }
  const totalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const cashFen = lines.filter((l) => l.disbursement === 'bank-transfer').reduce((sum, l) => sum + l.amountFen, 0);
  const specialFund = lines.some((l) => l.fund === 'local-relief');
  return {
    standardsVersion: standards.version,
    academicYear: facts.academicYear,
    eligible: reasons.length === 0,
    reasons,
    lines,
    totalFen,
    cashFen,
    specialFund,
    needsHigherSignOff: specialFund || cashFen > standards.configuration.higherSignOffAboveYuan * 100,
  };
}
