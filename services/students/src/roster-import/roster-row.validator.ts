import {
  CallerScope,
  Stage,
  STAGES,
  STAGES_BY_SCHOOL_KIND,
  STAGE_RULES,
  SchoolKind,
  NATIONAL_ID_PROBLEM_MESSAGES,
  maskNationalId,
  parseAcademicYear,
  parseNationalId,
  scopeCovers,
} from '@eduaid/contracts';

export interface DirectorySchool {
  kind: SchoolKind;
  countyCode: string;
  jurisdictionCode: string;
}

export interface ValidRosterRow {
  nationalId: string;
  masked: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  householdNo: string;
  villageCode: string;
  countyCode: string;
  schoolCode: string;
  schoolCountyCode: string;
  stage: Stage;
  grade: number;
  boarding: boolean;
  academicYear: string;
  disability: boolean;
  leftBehind: boolean;
  migrantChild: boolean;
  specialHardship: boolean;
}

export interface RowError {
  field: string;
  reason: string;
}

const TRUE = new Set(['yes', 'y', 'true', '1', '是']);
const FALSE = new Set(['no', 'n', 'false', '0', '否', '']);

/** Age in whole years on 1 September of the academic year's first calendar year. */
export function ageOnFirstSeptember(birthDate: string, academicYearStart: number): number {
  const y = Number(birthDate.slice(0, 4));
  const m = Number(birthDate.slice(5, 7));
  const d = Number(birthDate.slice(8, 10));
  let age = academicYearStart - y;
  if (m > 9 || (m === 9 && d > 1)) age -= 1;
  return age;
}

/**
 * Checks one roster row. Every problem is reported with its field; a row with any problem is
 * rejected whole, never half-written. Reasons never repeat the national ID in clear.
 */
export function validateRosterRow(
  get: (column: string) => string,
  schools: (code: string) => DirectorySchool | undefined,
  scope: CallerScope,
  today: Date,
): { row: ValidRosterRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const bool = (column: string): boolean => {
    const raw = get(column).toLowerCase();
    if (TRUE.has(raw)) return true;
    if (!FALSE.has(raw)) errors.push({ field: column, reason: `must be yes or no, got '${raw.slice(0, 20)}'` });
    return false;
  };

  const nationalId = get('national_id').toUpperCase();
  const parsedId = parseNationalId(nationalId, today);
  if (!parsedId.ok) errors.push({ field: 'national_id', reason: `national ID ${NATIONAL_ID_PROBLEM_MESSAGES[parsedId.problem]}` });

  const name = get('name');
  if (name.length === 0 || name.length > 50) errors.push({ field: 'name', reason: 'must be 1 to 50 characters' });

  const householdNo = get('household_no');
  if (!/^[0-9A-Za-z-]{6,30}$/.test(householdNo)) errors.push({ field: 'household_no', reason: 'must be 6 to 30 letters, digits or dashes' });

  const villageCode = get('village_code');
  if (!/^\d{12}$/.test(villageCode)) errors.push({ field: 'village_code', reason: 'must be a 12-digit village code' });

  const academicYear = get('academic_year');
  const yearStart = parseAcademicYear(academicYear);
  if (yearStart === undefined) errors.push({ field: 'academic_year', reason: "must look like '2024-2025'" });

  const schoolCode = get('school_code');
  const school = schools(schoolCode);
  if (!school) errors.push({ field: 'school_code', reason: `unknown school '${schoolCode.slice(0, 20)}'` });

  const stage = get('stage') as Stage;
  const knownStage = (STAGES as readonly string[]).includes(stage);
  if (!knownStage) errors.push({ field: 'stage', reason: `must be one of ${STAGES.join(', ')}` });
  else if (school && !STAGES_BY_SCHOOL_KIND[school.kind].includes(stage)) {
    errors.push({ field: 'stage', reason: `a ${school.kind} school does not teach ${stage}` });
  }

  const grade = Number(get('grade'));
  if (!Number.isInteger(grade) || grade < 1 || (knownStage && grade > STAGE_RULES[stage].grades)) {
    errors.push({ field: 'grade', reason: knownStage ? `must be 1 to ${STAGE_RULES[stage].grades} for ${stage}` : 'must be a whole number from 1' });
  }

  if (parsedId.ok && knownStage && yearStart !== undefined) {
    const age = ageOnFirstSeptember(parsedId.facts.birthDate, yearStart);
    const rule = STAGE_RULES[stage];
    if (age < rule.minAge || age > rule.maxAge) {
      errors.push({ field: 'stage', reason: `${stage} does not fit age ${age} (expected ${rule.minAge} to ${rule.maxAge})` });
    }
  }

  const boarding = bool('boarding');
  const disability = bool('disability');
  const leftBehind = bool('left_behind');
  const migrantChild = bool('migrant_child');
  const specialHardship = bool('special_hardship');

  if (errors.length === 0 && school && !scopeCovers(scope, { divisionCode: villageCode, schoolCode })) {
    errors.push({ field: 'school_code', reason: `outside the importer's jurisdiction (${scope.level} ${scope.code})` });
  }
  if (errors.length > 0 || !parsedId.ok || !school) return { errors };
  return {
    row: {
      nationalId,
      masked: maskNationalId(nationalId),
      name,
      birthDate: parsedId.facts.birthDate,
      sex: parsedId.facts.sex,
      householdNo,
      villageCode,
      countyCode: villageCode.slice(0, 6),
      schoolCode,
      schoolCountyCode: school.countyCode,
      stage,
      grade,
      boarding,
      academicYear,
      disability,
      leftBehind,
      migrantChild,
      specialHardship,
    },
  };
}
