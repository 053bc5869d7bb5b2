import { STAGE_RULES, Stage, parseAcademicYear } from '@eduaid/contracts';
import type { Fen } from './money';
import { splitFen } from './money';
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

/** Semester ids and start dates of an academic year: autumn from 1 September, spring from 1 March. */
export function semestersOf(academicYear: string): { semester: string; startsOn: string }[] {
  const start = parseAcademicYear(academicYear);
  if (start === undefined) throw new RangeError(`not an academic year: ${academicYear}`);
  return [
    { semester: `${academicYear}:S1`, startsOn: `${start}-09-01` },
    { semester: `${academicYear}:S2`, startsOn: `${start + 1}-03-01` },
  ];
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
  if (!standards) throw new RangeError(version ? `unknown aid standards version ${version}` : `no aid standards cover ${facts.academicYear}`);
  const { student, household } = facts;
  const stageRule = STAGE_RULES[student.stage];
  if (!stageRule) throw new RangeError(`unknown stage ${student.stage}`);
  if (!Number.isInteger(student.grade) || student.grade < 1 || student.grade > stageRule.grades) {
    throw new RangeError(`grade ${student.grade} does not exist in ${student.stage} (1–${stageRule.grades})`);
  }

  const reasons: string[] = [];
  if (!standards.eligibleHouseholdStatuses.includes(household.status)) reasons.push(`the household is ${household.status}, not registered-poor`);
  if (!facts.enrolmentConfirmed) reasons.push(`no confirmed enrolment for ${facts.academicYear}`);

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
