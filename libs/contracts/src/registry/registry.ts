/**
 * Vocabulary of the programme's registries, shared by the schools and students services and the
 * workflows that read them.
 */

/** The administrative levels of the jurisdiction tree, top to bottom. */
export const JURISDICTION_LEVELS = ['province', 'prefecture', 'county', 'township', 'village'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/**
 * Length of an administrative division code at each level: 2-digit province, 4-digit prefecture,
 * 6-digit county (GB/T 2260), 9-digit township and 12-digit village (the statistical codes).
 */
export const CODE_LENGTH: Record<JurisdictionLevel, number> = {
  province: 2,
  prefecture: 4,
  county: 6,
  township: 9,
  village: 12,
};

/** The level a division code belongs to, or undefined when its length fits none. */
export function levelOfCode(code: string): JurisdictionLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  return JURISDICTION_LEVELS.find((level) => CODE_LENGTH[level] === code.length);
}

/** The code of the enclosing division at `level` (e.g. the county of a village). */
export function ancestorCode(code: string, level: JurisdictionLevel): string {
  return code.slice(0, CODE_LENGTH[level]);
}

export const SCHOOL_KINDS = [
  'kindergarten',
  'teaching-point',
  'primary',
  'junior-secondary',
  'nine-year',
  'senior-high',
  'secondary-vocational',
  'special-education',
  'university',
] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** Education stages, as the aid standards distinguish them. */
export const STAGES = [
  'pre-school',
  'primary',
  'junior-secondary',
  'senior-high',
  'secondary-vocational',
  'higher-vocational',
  'undergraduate',
] as const;
export type Stage = (typeof STAGES)[number];

/** Which stages each kind of school teaches. */
export const STAGES_BY_SCHOOL_KIND: Record<SchoolKind, readonly Stage[]> = {
  kindergarten: ['pre-school'],
  'teaching-point': ['pre-school', 'primary'],
  primary: ['primary'],
  'junior-secondary': ['junior-secondary'],
  'nine-year': ['primary', 'junior-secondary'],
  'senior-high': ['senior-high'],
  'secondary-vocational': ['secondary-vocational'],
  'special-education': ['primary', 'junior-secondary'],
  university: ['higher-vocational', 'undergraduate'],
};

/**
 * Plausible age on 1 September of the academic year's start, per stage, and the grades a stage has.
 * Wide enough for late starters and repeaters; an age outside it is an error in the roster.
 */
export const STAGE_RULES: Record<Stage, { minAge: number; maxAge: number; grades: number }> = {
  'pre-school': { minAge: 2, maxAge: 7, grades: 3 },
  primary: { minAge: 5, maxAge: 15, grades: 6 },
  'junior-secondary': { minAge: 10, maxAge: 18, grades: 3 },
  'senior-high': { minAge: 13, maxAge: 21, grades: 3 },
  'secondary-vocational': { minAge: 13, maxAge: 24, grades: 3 },
  'higher-vocational': { minAge: 15, maxAge: 30, grades: 3 },
  undergraduate: { minAge: 15, maxAge: 30, grades: 5 },
};

/** Registered-poor household status (建档立卡): its history is kept, never overwritten. */
export const HOUSEHOLD_STATUSES = ['poor', 'lifted-out', 'returned-to-poverty'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

/** An academic year is named by its first calendar year and runs from 1 September: "2024-2025". */
export function academicYearOf(startYear: number): string {
  return `${startYear}-${startYear + 1}`;
}

export function parseAcademicYear(value: string): number | undefined {
  const match = /^(\d{4})-(\d{4})$/.exec(value);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) return undefined;
  return Number(match[1]);
}
