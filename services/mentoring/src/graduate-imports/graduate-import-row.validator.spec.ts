import { validateGraduateRow } from './graduate-import-row.validator';

const good: Record<string, string> = {
  student_id: '0b7c6f7e-1d2a-4c3b-9a8e-2f1e0d9c8b7a',
  major: '护理',
  degree_level: '专科',
  expected_graduation: '2027-06-30',
  intention: '就业',
  preferred_regions: '4201;420102',
  consent: '是',
};

const check = (overrides: Record<string, string>) => validateGraduateRow((c) => ({ ...good, ...overrides })[c] ?? '', 7);

describe('a graduates list row', () => {
  it('reads a good row, Chinese values included', () => {
    expect(check({})).toEqual({
      row: { rowNumber: 7, studentId: good.student_id, major: '护理', degreeLevel: 'higher-vocational', expectedGraduation: '2027-06-30', intention: 'job', preferredRegions: ['4201', '420102'], consentToContact: true },
    });
    expect(check({ degree_level: 'undergraduate', intention: 'further-study', preferred_regions: '', consent: 'no' })).toMatchObject({
      row: { degreeLevel: 'undergraduate', intention: 'further-study', preferredRegions: [], consentToContact: false },
    });
  });

  it('names every bad field of a row', () => {
    const result = check({ student_id: '110101200001011234', degree_level: '博士', expected_graduation: '2027-02-30', intention: 'travel', preferred_regions: '42a', consent: 'maybe' });
    expect('errors' in result && result.errors.map((e) => e.field)).toEqual(['student_id', 'degree_level', 'expected_graduation', 'intention', 'preferred_regions', 'consent']);
    expect('errors' in result && result.errors.every((e) => e.rowNumber === 7)).toBe(true);
  });

  it('takes a sealed national ID instead of (or beside) the student id, and never echoes a raw one', () => {
    const sealed = `~nid1.123X.${'A'.repeat(62)}`;
    expect(check({ student_id: '', national_id: sealed })).toMatchObject({ row: { nationalId: { sealed: 'A'.repeat(62), masked: '**************123X' } } });
    expect(check({ student_id: '', national_id: sealed })).not.toHaveProperty('row.studentId');
    expect(check({ national_id: sealed })).toMatchObject({ row: { studentId: good.student_id, nationalId: { masked: '**************123X' } } });
    const raw = check({ student_id: '', national_id: '4201021990' });
    expect(raw).toEqual({ errors: [{ rowNumber: 7, field: 'national_id', reason: 'national_id must be an 18-character national ID' }] });
    expect(check({ student_id: '', national_id: '' })).toEqual({ errors: [{ rowNumber: 7, field: 'student_id', reason: 'give the student_id or the national_id' }] });
  });
});
