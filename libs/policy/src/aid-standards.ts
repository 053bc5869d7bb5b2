import type { Stage } from '@eduaid/contracts';
import type { Fen } from './money';
import { yuanToFen } from './money';

/**
 * The plan's student aid standards (家庭经济困难学生资助, POLICY-FACTS.md) as versioned data.
 *
 * A standards version covers a range of academic years. A new year's standards are a new entry in
 * AID_STANDARDS_VERSIONS (never an edit of an old one): a decision records the version it used, so
 * an old application can always be explained with the figures it was decided on.
 *
 * Figures the plan gives are written in yuan exactly as the plan states them. Figures the plan does
 * NOT give (tuition amounts that a waiver is worth, the higher-education tuition reduction, the
 * special-hardship relief amount, the sign-off threshold) live in `configuration`, each named and
 * commented as local configuration: they are set by the province, not taken from the plan.
 */

export const AID_SCHEMES = [
  'pre-school-living-allowance',
  'primary-boarding-living-allowance',
  'junior-secondary-boarding-living-allowance',
  'senior-high-tuition-waiver',
  'senior-high-national-grant',
  'secondary-vocational-tuition-waiver',
  'secondary-vocational-national-grant',
  'rural-poor-vocational-allowance',
  'higher-education-tuition-reduction',
  'special-hardship-relief',
] as const;
export type AidScheme = (typeof AID_SCHEMES)[number];

/** Who funds a scheme: a special fund (local relief) makes an application need a higher sign-off. */
export type AidFund = 'national' | 'provincial' | 'local-relief';

/** Cash goes to the student's bank account; a waiver is a reduction of the school's bill, never paid out. */
export type Disbursement = 'bank-transfer' | 'fee-waiver';

/** Where a rule's amount comes from: a figure in the plan, or a named configuration value. */
export type RuleAmount = { planYuan: number } | { configured: keyof AidConfiguration };

export interface AidRule {
  /** Stable id, recorded on every entitlement line it produces. */
  id: string;
  scheme: AidScheme;
  fund: AidFund;
  disbursement: Disbursement;
  stages: readonly Stage[];
  /** Conditions on the student and household, all of which must hold. */
  requires?: { boarding?: true; ruralHousehold?: true; specialHardship?: true };
  amount: RuleAmount;
  /** The plan's words, for the approver. */
  basis: string;
}

/** Values the plan leaves to the province; each is local configuration, not a figure of the plan. */
export interface AidConfiguration {
  /** Annual senior-high tuition the waiver is worth (the plan says "tuition free" without a figure). */
  seniorHighTuitionYuan: number;
  /** Annual secondary-vocational tuition the waiver is worth (the plan gives no figure). */
  secondaryVocationalTuitionYuan: number;
  /** Annual higher-education tuition reduction (the plan says "tuition reduction" without a figure). */
  higherEducationTuitionReductionYuan: number;
  /** Annual special-hardship relief from local funds (the plan names the fund, not the amount). */
  specialHardshipReliefYuan: number;
  /**
   * The extra allowance for rural registered-poor children in secondary or higher vocational
   * education: the plan says "at least 3,000"; the province may set more, never less.
   */
  ruralVocationalAllowanceYuan: number;
  /** An application whose yearly cash total is above this needs a prefecture sign-off. */
  higherSignOffAboveYuan: number;
}

export interface AidStandards {
  /** Recorded with every decision, e.g. 'hubei-2016.1'. */
  version: string;
  /** First academic year (its start year) the version applies to. */
  fromYear: number;
  /** Last academic year it applies to (inclusive); open-ended when absent. */
  toYear?: number;
  /** Per-year amounts are paid in this many semester shares. */
  semestersPerYear: 2;
  /** Household statuses whose students are entitled (建档立卡 and not lifted out). */
  eligibleHouseholdStatuses: readonly string[];
  rules: readonly AidRule[];
  configuration: AidConfiguration;
  /** How benefits stack (优惠政策叠加): every rule that applies contributes a line; a scheme at most once. */
  stacking: 'all-applicable-rules';
}

/** The plan's own rules: the same in every version unless a new plan changes them. */
const PLAN_RULES: readonly AidRule[] = [
  { id: 'PS-LIVING-1000', scheme: 'pre-school-living-allowance', fund: 'national', disbursement: 'bank-transfer', stages: ['pre-school'], amount: { planYuan: 1000 }, basis: '学前教育: living allowance 1,000 per year' },
  { id: 'PRI-BOARD-1000', scheme: 'primary-boarding-living-allowance', fund: 'national', disbursement: 'bank-transfer', stages: ['primary'], requires: { boarding: true }, amount: { planYuan: 1000 }, basis: '小学: boarders get a living allowance of 1,000 per year' },
  { id: 'JS-BOARD-1250', scheme: 'junior-secondary-boarding-living-allowance', fund: 'national', disbursement: 'bank-transfer', stages: ['junior-secondary'], requires: { boarding: true }, amount: { planYuan: 1250 }, basis: '初中: boarders get a living allowance of 1,250 per year' },
  { id: 'SH-TUITION-WAIVER', scheme: 'senior-high-tuition-waiver', fund: 'provincial', disbursement: 'fee-waiver', stages: ['senior-high'], amount: { configured: 'seniorHighTuitionYuan' }, basis: '普通高中: tuition free' },
  { id: 'SH-GRANT-2500', scheme: 'senior-high-national-grant', fund: 'national', disbursement: 'bank-transfer', stages: ['senior-high'], amount: { planYuan: 2500 }, basis: '普通高中: national grant (国家助学金) 2,500 per year' },
  { id: 'SV-TUITION-WAIVER', scheme: 'secondary-vocational-tuition-waiver', fund: 'national', disbursement: 'fee-waiver', stages: ['secondary-vocational'], amount: { configured: 'secondaryVocationalTuitionYuan' }, basis: '中等职业教育: tuition free' },
  { id: 'SV-GRANT-2000', scheme: 'secondary-vocational-national-grant', fund: 'national', disbursement: 'bank-transfer', stages: ['secondary-vocational'], amount: { planYuan: 2000 }, basis: '中等职业教育: national grant 2,000 per year' },
  { id: 'VOC-RURAL-3000', scheme: 'rural-poor-vocational-allowance', fund: 'provincial', disbursement: 'bank-transfer', stages: ['secondary-vocational', 'higher-vocational'], requires: { ruralHousehold: true }, amount: { configured: 'ruralVocationalAllowanceYuan' }, basis: 'secondary or higher vocational, rural registered-poor household: extra allowance of at least 3,000' },
  { id: 'HE-TUITION-REDUCTION', scheme: 'higher-education-tuition-reduction', fund: 'national', disbursement: 'fee-waiver', stages: ['higher-vocational', 'undergraduate'], amount: { configured: 'higherEducationTuitionReductionYuan' }, basis: '高等教育: tuition reduction' },
  { id: 'SPECIAL-HARDSHIP', scheme: 'special-hardship-relief', fund: 'local-relief', disbursement: 'bank-transfer', stages: ['pre-school', 'primary', 'junior-secondary', 'senior-high', 'secondary-vocational', 'higher-vocational', 'undergraduate'], requires: { specialHardship: true }, amount: { configured: 'specialHardshipReliefYuan' }, basis: '特困学生: local relief funds; benefits stack (优惠政策叠加)' },
];

/** The plan's minimum for the rural vocational allowance; a configuration below it is refused. */
export const RURAL_VOCATIONAL_MINIMUM_YUAN = 3000;

/**
 * Every version, oldest first. The configuration figures below are LOCAL CONFIGURATION chosen for
 * this deployment (the plan gives none); change them by adding a version, not by editing one.
 */
export const AID_STANDARDS_VERSIONS: readonly AidStandards[] = [
  {
    version: 'hubei-2016.1',
    fromYear: 2016,
    toYear: 2025,
    semestersPerYear: 2,
    eligibleHouseholdStatuses: ['poor', 'returned-to-poverty'],
    rules: PLAN_RULES,
    configuration: {
      seniorHighTuitionYuan: 1200, // local configuration: provincial senior-high tuition level, not in the plan
      secondaryVocationalTuitionYuan: 2000, // local configuration: not in the plan
      higherEducationTuitionReductionYuan: 3000, // local configuration: not in the plan
      specialHardshipReliefYuan: 2000, // local configuration: not in the plan
      ruralVocationalAllowanceYuan: 3000, // the plan's minimum
      higherSignOffAboveYuan: 4000, // local configuration: approval policy, not in the plan
    },
    stacking: 'all-applicable-rules',
  },
  {
    version: 'hubei-2026.1',
    fromYear: 2026,
    semestersPerYear: 2,
    eligibleHouseholdStatuses: ['poor', 'returned-to-poverty'],
    rules: PLAN_RULES,
    configuration: {
      seniorHighTuitionYuan: 1500, // local configuration: not in the plan
      secondaryVocationalTuitionYuan: 2000, // local configuration: not in the plan
      higherEducationTuitionReductionYuan: 3000, // local configuration: not in the plan
      specialHardshipReliefYuan: 2000, // local configuration: not in the plan
      ruralVocationalAllowanceYuan: 3000, // the plan's minimum
      higherSignOffAboveYuan: 4000, // local configuration: approval policy, not in the plan
    },
    stacking: 'all-applicable-rules',
  },
];

/** The version that applies to an academic year (by its start year), or undefined when none does. */
export function standardsForYear(startYear: number, versions: readonly AidStandards[] = AID_STANDARDS_VERSIONS): AidStandards | undefined {
  return [...versions]
    .filter((v) => v.fromYear <= startYear && (v.toYear === undefined || startYear <= v.toYear))
    .sort((a, b) => b.fromYear - a.fromYear)[0];
}

export function standardsByVersion(version: string, versions: readonly AidStandards[] = AID_STANDARDS_VERSIONS): AidStandards | undefined {
  return versions.find((v) => v.version === version);
}

/** The yearly amount of a rule in fen under a version's configuration. */
export function ruleAmountFen(rule: AidRule, standards: AidStandards): Fen {
  const yuan = 'planYuan' in rule.amount ? rule.amount.planYuan : standards.configuration[rule.amount.configured];
  if (rule.scheme === 'rural-poor-vocational-allowance' && yuan < RURAL_VOCATIONAL_MINIMUM_YUAN) {
    throw new RangeError(`${standards.version}: the rural vocational allowance must be at least ${RURAL_VOCATIONAL_MINIMUM_YUAN} yuan, got ${yuan}`);
  }
  return yuanToFen(yuan);
}
