import { academicYearOn, expectedGraduationOf, isFinalYear } from './graduation';

describe('final year and expected graduation', () => {
  it('counts grade 3 of higher vocational and grade 4 or 5 of undergraduate study as final', () => {
    expect(isFinalYear('higher-vocational', 3)).toBe(true);
    expect(isFinalYear('higher-vocational', 2)).toBe(false);
    expect(isFinalYear('undergraduate', 4)).toBe(true);
    expect(isFinalYear('undergraduate', 5)).toBe(true);
    expect(isFinalYear('undergraduate', 3)).toBe(false);
    expect(isFinalYear('senior-high', 3)).toBe(false);
    expect(isFinalYear(null, 4)).toBe(false);
  });

  it('expects graduation at the end of the academic year', () => {
    expect(expectedGraduationOf('2026-2027')).toBe('2027-08-31');
    expect(expectedGraduationOf('2024-2025')).toBe('2025-08-31');
    expect(() => expectedGraduationOf('2026-2028')).toThrow(RangeError);
  });

  it('names the academic year under way on a date', () => {
    expect(academicYearOn('2026-12-01')).toBe('2026-2027');
    expect(academicYearOn('2027-08-31')).toBe('2026-2027');
    expect(academicYearOn('2027-09-01')).toBe('2027-2028');
  });
});
