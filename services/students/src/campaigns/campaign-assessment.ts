import type { EntitlementLineView, Stage } from '@eduaid/contracts';
import { calculateEntitlement, reasonText } from '@eduaid/policy';

/** A student as the registry gives them to a campaign: the enrolment of the year and the household's status. */
export interface CampaignRegistryRow {
  id: string;
  county_code: string;
  school_code: string;
  village_code: string;
  stage: string;
  grade: number;
  boarding: boolean;
  special_hardship: boolean;
  household_status: string;
}

/** One entitlement line as a campaign's result keeps it: the same line an application's record keeps. */
export type CampaignLine = EntitlementLineView;

export interface CampaignAssessment {
  standardsVersion: string;
  eligible: boolean;
  reasons: string[];
  lines: CampaignLine[];
  totalFen: number;
  cashFen: number;
  needsSignOff: boolean;
}

/**
 * Assesses students for a campaign with the same calculator the application uses (libs/policy), and
 * the same extra rule: eligible but no scheme applies is not eligible. The result depends only on a
 * handful of facts, so each combination is calculated once per assessor (a chunk of thousands of
 * students has a few dozen combinations).
 */
export class CampaignAssessor {
  private readonly memo = new Map<string, CampaignAssessment>();

  constructor(private readonly academicYear: string) {}

  assess(row: CampaignRegistryRow): CampaignAssessment {
    const key = `${row.stage}|${row.grade}|${row.boarding}|${row.special_hardship}|${row.household_status}`;
    let result = this.memo.get(key);
    if (!result) {
      result = this.calculate(row);
      this.memo.set(key, result);
    }
    return result;
  }

  private calculate(row: CampaignRegistryRow): CampaignAssessment {
    const e = calculateEntitlement({
      academicYear: this.academicYear,
      student: { stage: row.stage as Stage, grade: row.grade, boarding: row.boarding, specialHardship: row.special_hardship },
      // The 建档立卡 registry registers rural households (by village), as for applications.
      household: { status: row.household_status, rural: true },
      // The campaign reads the students enrolled for its year.
      enrolmentConfirmed: true,
    });
    const reasons = [...e.reasons];
    if (e.eligible && e.lines.length === 0) reasons.push(reasonText.noSchemeApplies(row.boarding, row.stage));
    const eligible = reasons.length === 0;
    return {
      standardsVersion: e.standardsVersion,
      eligible,
      reasons,
      lines: eligible ? e.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, fund: l.fund, disbursement: l.disbursement, amountFen: l.amountFen, semesters: l.semesters })) : [],
      totalFen: eligible ? e.totalFen : 0,
      cashFen: eligible ? e.cashFen : 0,
      needsSignOff: eligible && e.needsHigherSignOff,
    };
  }
}
