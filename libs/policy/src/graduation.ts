import { parseAcademicYear } from '@eduaid/contracts';
import { SEMESTER_CALENDAR } from './entitlement';

/**
 * When a student of higher education is in their final year, as the graduate base is fed from the
 * registry (a local setting, not a figure of the plan). The registry knows a student's stage and grade
 * but not their programme's length: higher vocational study (专科/高职) takes three years, most
 * undergraduate programmes four; a grade at or above the figure counts as final (an undergraduate in
 * grade 5 is in the last year of a five-year programme). A student of a five-year programme is
 * therefore fed in grade 4, a year before they graduate; the university's list corrects the date.
 */
export const FINAL_YEAR_GRADE = {
  version: 'final-year-2026',
  grades: { 'higher-vocational': 3, undergraduate: 4 },
} as const;

export type HigherEducationStage = keyof typeof FINAL_YEAR_GRADE.grades;

export function isFinalYear(stage: string | null | undefined, grade: number | null | undefined): boolean {
  const final = stage ? (FINAL_YEAR_GRADE.grades as Record<string, number>)[stage] : undefined;
  return final !== undefined && grade !== null && grade !== undefined && grade >= final;
}

/**
 * The expected graduation of a final-year student of an academic year: the end of that year, the day
 * before the next autumn semester starts (2026-2027 → 2027-08-31).
 */
export function expectedGraduationOf(academicYear: string): string {
  const start = parseAcademicYear(academicYear);
  if (start === undefined) throw new RangeError(`not an academic year: ${academicYear}`);
  const nextStart = Date.UTC(start + 1, SEMESTER_CALENDAR.S1.month - 1, SEMESTER_CALENDAR.S1.day);
  return new Date(nextStart - 86_400_000).toISOString().slice(0, 10);
}

/** The academic year under way on an ISO date (it starts on the autumn semester's start date): 2026-12-01 → 2026-2027. */
export function academicYearOn(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const s1 = `${String(SEMESTER_CALENDAR.S1.month).padStart(2, '0')}-${String(SEMESTER_CALENDAR.S1.day).padStart(2, '0')}`;
  const start = isoDate.slice(5, 10) >= s1 ? year : year - 1;
  return `${start}-${start + 1}`;
}
