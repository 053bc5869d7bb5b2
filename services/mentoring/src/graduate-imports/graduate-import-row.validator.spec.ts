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
});
