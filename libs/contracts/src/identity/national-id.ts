/**
 * Resident identity card numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and a check character computed with ISO 7064
 * MOD 11-2 over the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type Sex = 'male' | 'female';

export interface NationalIdFacts {
  regionCode: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  sex: Sex;
}

export type NationalIdProblem = 'format' | 'check-digit' | 'birth-date';

/** The check character for the first 17 digits. */
export function nationalIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Validates a national ID; returns its facts, or the problem with it. `today` bounds birth dates. */
export function parseNationalId(value: string, today: Date = new Date()): { ok: true; facts: NationalIdFacts } | { ok: false; problem: NationalIdProblem } {
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (nationalIdCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'check-digit' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  // Plain arithmetic, no Date objects: a roster import checks a million of these.
  const asNumber = year * 10_000 + month * 100 + day;
  const todayNumber = today.getUTCFullYear() * 10_000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || asNumber > todayNumber) {
    return { ok: false, problem: 'birth-date' };
  }
  return {
    ok: true,
    facts: {
      regionCode: value.slice(0, 6),
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

export const NATIONAL_ID_PROBLEM_MESSAGES: Record<NationalIdProblem, string> = {
  format: 'must be 17 digits followed by a digit or X',
  'check-digit': 'has a wrong check digit (GB 11643)',
  'birth-date': 'holds an impossible birth date',
};

/**
 * `**************1234`-style mask: only the last four characters stay. The first characters are the
 * region code, which lists already give away through the village code; shown together with the
 * last four and the birth date they rebuilt the whole number. Lists show the birth year only.
 */
export function maskNationalId(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** Builds a valid ID from its parts (for generators and tests). */
export function makeNationalId(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + nationalIdCheckChar(first17);
}
