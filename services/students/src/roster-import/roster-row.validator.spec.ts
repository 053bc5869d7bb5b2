import { makeNationalId } from '@eduaid/contracts';
import { ageOnFirstSeptember, DirectorySchool, validateRosterRow } from './roster-row.validator';

const schools = new Map<string, DirectorySchool>([
  ['4201210001', { kind: 'primary', countyCode: '420121', jurisdictionCode: '420121001' }],
  ['4201210002', { kind: 'junior-secondary', countyCode: '420121', jurisdictionCode: '420121001' }],
]);
const province = { level: 'province' as const, code: '42' };
const today = new Date('2026-11-29');

function row(overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    national_id: makeNationalId('420121', '2016-05-10', 11),
    name: '张小明',
    household_no: '4201210010010001',
    village_code: '420121001001',
    school_code: '4201210001',
    stage: 'primary',
    grade: '3',
    academic_year: '2024-2025',
    boarding: 'yes',
    disability: 'no',
    left_behind: '是',
    migrant_child: '',
    special_hardship: 'false',
    ...overrides,
  };
  return (column: string) => values[column] ?? '';
}

const check = (overrides: Record<string, string> = {}, scope = province) => validateRosterRow(row(overrides), (c) => schools.get(c), scope, today);
const fieldsOf = (result: ReturnType<typeof check>) => ('errors' in result ? result.errors.map((e) => e.field) : []);

describe('roster row validation', () => {
  it('accepts a good row and takes birth date and sex from the ID', () => {
    const result = check();
    expect('row' in result && result.row).toMatchObject({ birthDate: '2016-05-10', sex: 'male', countyCode: '420121', boarding: true, leftBehind: true, migrantChild: false });
  });

  it('names a wrong check digit and an impossible date without echoing the ID', () => {
    const good = makeNationalId('420121', '2016-05-10', 11);
    const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const result = check({ national_id: wrong });
    expect('errors' in result && result.errors).toEqual([{ field: 'national_id', reason: 'national ID has a wrong check digit (GB 11643)' }]);
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(fieldsOf(check({ national_id: makeNationalId('420121', '2016-02-30', 11) }))).toEqual(['national_id']);
  });

  it('names an unknown school, a stage the school does not teach, and a stage that does not fit the age', () => {
    expect(fieldsOf(check({ school_code: '9999999999' }))).toEqual(['school_code']);
    expect(fieldsOf(check({ stage: 'junior-secondary', grade: '1' }))).toContain('stage');
    const result = check({ school_code: '4201210002', stage: 'junior-secondary', grade: '1' });
    expect('errors' in result && result.errors[0].reason).toBe('junior-secondary does not fit age 8 (expected 10 to 18)');
  });

  it('checks grade, year and flags', () => {
    expect(fieldsOf(check({ grade: '7' }))).toEqual(['grade']);
    expect(fieldsOf(check({ academic_year: '2024-2026' }))).toEqual(['academic_year']);
    expect(fieldsOf(check({ boarding: 'maybe' }))).toEqual(['boarding']);
  });

  it('refuses rows outside the importer’s jurisdiction', () => {
    expect(fieldsOf(check({}, { level: 'county', code: '420122' } as never))).toEqual(['school_code']);
  });

  it('counts age on 1 September', () => {
    expect(ageOnFirstSeptember('2016-09-01', 2024)).toBe(8);
    expect(ageOnFirstSeptember('2016-09-02', 2024)).toBe(7);
  });
});
