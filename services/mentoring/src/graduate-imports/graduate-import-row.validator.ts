import { DEGREE_LEVELS, INTENTIONS, SEALED_NATIONAL_ID_PREFIX, type DegreeLevel, type GraduateImportRow, type GraduateImportRowError, type Intention, type SealedNationalId } from '@eduaid/contracts';

/**
 * The columns of a university's graduates list and the header names accepted for each (English
 * snake_case and the Chinese a university's student office exports). The student is named by the
 * registry's student id, by the national ID, or by both (then they must name the same student). A
 * national ID never reaches the mentoring schema: the upload's IDs are sealed for the students service
 * before the file is stored (national-id-sealing.ts), and this reader sees only the sealed value and
 * its last four characters.
 */
export const GRADUATE_COLUMN_ALIASES: Record<string, string[]> = {
  student_id: ['student_id', 'studentid', '学生id', '学生编号'],
  national_id: ['national_id', 'nationalid', '身份证号', '身份证号码', '公民身份号码'],
  major: ['major', '专业'],
  degree_level: ['degree_level', 'degreelevel', '学历层次', '培养层次'],
  expected_graduation: ['expected_graduation', 'expectedgraduation', '预计毕业时间', '预计毕业日期'],
  intention: ['intention', '毕业去向意向', '意向'],
  preferred_regions: ['preferred_regions', 'preferredregions', '意向地区'],
  consent: ['consent', 'consent_to_contact', '同意联系'],
};
/** Of these, the header needs at least one. */
export const STUDENT_KEY_COLUMNS = ['student_id', 'national_id'];
export const REQUIRED_GRADUATE_COLUMNS = ['major', 'degree_level', 'expected_graduation', 'intention', 'consent'];

const SEALED = new RegExp(`^${SEALED_NATIONAL_ID_PREFIX.replace('.', '\\.')}([0-9X]{4})\\.([A-Za-z0-9_-]{40,})$`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DIVISION = /^(\d{2}|\d{4}|\d{6})$/;
const DEGREE_NAMES: Record<string, DegreeLevel> = { 本科: 'undergraduate', 专科: 'higher-vocational', 高职: 'higher-vocational' };
const INTENTION_NAMES: Record<string, Intention> = { 就业: 'job', 创业: 'own-business', 升学: 'further-study', 参军: 'military-service', 考公: 'civil-service' };
const YES = ['yes', 'y', 'true', '1', '是'];
const NO = ['no', 'n', 'false', '0', '否'];

function isCalendarDate(text: string): boolean {
  if (!/^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return d.toISOString().slice(0, 10) === text;
}

/** Checks one row's fields; the registry is asked about the student afterwards. */
export function validateGraduateRow(cell: (column: string) => string, rowNumber: number): { row: GraduateImportRow } | { errors: GraduateImportRowError[] } {
  const errors: GraduateImportRowError[] = [];
  const fail = (field: string, reason: string) => errors.push({ rowNumber, field, reason });
  const studentIdText = cell('student_id').toLowerCase();
  const nationalIdText = cell('national_id');
  let studentId: string | undefined;
  let nationalId: SealedNationalId | undefined;
  if (studentIdText) {
    if (UUID.test(studentIdText)) studentId = studentIdText;
    else fail('student_id', 'student_id must be the registry student id (a UUID)');
  }
  if (nationalIdText) {
    // Anything that looked like a national ID was sealed at upload; what is left is not one (and is not echoed).
    const sealed = SEALED.exec(nationalIdText);
    if (sealed) nationalId = { sealed: sealed[2], masked: `**************${sealed[1]}` };
    else fail('national_id', 'national_id must be an 18-character national ID');
  }
  if (!studentIdText && !nationalIdText) fail('student_id', 'give the student_id or the national_id');
  const major = cell('major');
  if (major.length === 0 || major.length > 100) fail('major', 'major must be 1 to 100 characters');
  const degreeText = cell('degree_level');
  const degreeLevel = (DEGREE_LEVELS as readonly string[]).includes(degreeText) ? (degreeText as DegreeLevel) : DEGREE_NAMES[degreeText];
  if (!degreeLevel) fail('degree_level', `degree_level must be one of ${DEGREE_LEVELS.join(', ')} (or 本科, 专科, 高职)`);
  const expectedGraduation = cell('expected_graduation');
  if (!isCalendarDate(expectedGraduation)) fail('expected_graduation', 'expected_graduation must be a date like 2027-06-30');
  const intentionText = cell('intention');
  const intention = (INTENTIONS as readonly string[]).includes(intentionText) ? (intentionText as Intention) : INTENTION_NAMES[intentionText];
  if (!intention) fail('intention', `intention must be one of ${INTENTIONS.join(', ')}`);
  const regionsText = cell('preferred_regions');
  const preferredRegions = regionsText ? [...new Set(regionsText.split(/[;|；\s]+/).filter(Boolean))] : [];
  if (preferredRegions.length > 10 || preferredRegions.some((r) => !DIVISION.test(r))) {
    fail('preferred_regions', 'preferred_regions must be up to 10 division codes of 2, 4 or 6 digits, separated by ;');
  }
  const consentText = cell('consent').toLowerCase();
  const consent = YES.includes(consentText) ? true : NO.includes(consentText) ? false : undefined;
  if (consent === undefined) fail('consent', 'consent must be yes or no');
  if (errors.length > 0) return { errors };
  return { row: { rowNumber, ...(studentId ? { studentId } : {}), ...(nationalId ? { nationalId } : {}), major, degreeLevel: degreeLevel!, expectedGraduation, intention: intention!, preferredRegions, consentToContact: consent! } };
}
