import { CallerScope, scopeCovers } from '@eduaid/contracts';

/** The row error of a row that would change a record another jurisdiction holds. */
export const ELSEWHERE = 'registered in another jurisdiction: transfer it there';

/** Where a registered student is now, as the chunk's lookup reads it. */
export interface RegisteredPlace {
  villageCode: string;
  schoolCode: string | null;
  academicYear: string | null;
}

/** What a roster row would make of that student. */
export interface RowPlace {
  villageCode: string;
  schoolCode: string;
  academicYear: string;
}

function coversSchool(scope: CallerScope, schoolCode: string): boolean {
  return scope.level === 'school' ? schoolCode === scope.code : schoolCode.startsWith(scope.code);
}

function coversDivision(scope: CallerScope, divisionCode: string): boolean {
  return scope.level !== 'school' && divisionCode.startsWith(scope.code);
}

/**
 * Whether an import made in `scope` may write this row over a registered student. The student must
 * be in the importer's jurisdiction (by household village or by school, as lists see it), and every
 * side of their place the row would change must be the importer's too: a county that sees a child
 * through its school cannot take the child's household village away from the county that holds it,
 * nor the reverse. Anything else is an explicit transfer.
 */
export function mayRewriteStudent(scope: CallerScope, registered: RegisteredPlace, row: RowPlace): boolean {
  if (!scopeCovers(scope, { divisionCode: registered.villageCode, schoolCode: registered.schoolCode ?? undefined })) return false;
  if (row.villageCode !== registered.villageCode && !coversDivision(scope, registered.villageCode)) return false;
  // The current school changes only when the row's year is not older than the current enrolment's.
  const schoolMoves = registered.schoolCode !== null && row.schoolCode !== registered.schoolCode && (registered.academicYear === null || row.academicYear >= registered.academicYear);
  return !schoolMoves || coversSchool(scope, registered.schoolCode as string);
}

/** Whether an import made in `scope` may move a registered household from one village to another: both must be its own. */
export function mayMoveHousehold(scope: CallerScope, fromVillage: string, toVillage: string): boolean {
  return coversDivision(scope, fromVillage) && coversDivision(scope, toVillage);
}
