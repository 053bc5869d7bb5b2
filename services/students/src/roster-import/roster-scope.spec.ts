import { mayMoveHousehold, mayRewriteStudent } from './roster-scope';

const countyA = { level: 'county', code: '420121' } as const;
const schoolA = { level: 'school', code: '4201210001' } as const;
const province = { level: 'province', code: '42' } as const;

describe('what a roster row may change', () => {
  const inA = { villageCode: '420121001001', schoolCode: '4201210001', academicYear: '2024-2025' };
  const inB = { villageCode: '420122001001', schoolCode: '4201220001', academicYear: '2024-2025' };

  it('rewrites a student of its own jurisdiction, and nobody else’s', () => {
    expect(mayRewriteStudent(countyA, inA, { ...inA, academicYear: '2025-2026' })).toBe(true);
    expect(mayRewriteStudent(countyA, inB, inA)).toBe(false); // a county-B student taken into county A
    expect(mayRewriteStudent(countyA, inB, inB)).toBe(false); // even unchanged: it is B's record
    expect(mayRewriteStudent(province, inB, inA)).toBe(true);
  });

  it('keeps a shared student’s other side: a school county cannot move the household village away, nor the reverse', () => {
    const villageBschoolA = { villageCode: inB.villageCode, schoolCode: inA.schoolCode, academicYear: '2024-2025' };
    expect(mayRewriteStudent(countyA, villageBschoolA, { ...villageBschoolA, academicYear: '2025-2026' })).toBe(true);
    expect(mayRewriteStudent(countyA, villageBschoolA, { ...villageBschoolA, villageCode: inA.villageCode })).toBe(false);
    const villageAschoolB = { villageCode: inA.villageCode, schoolCode: inB.schoolCode, academicYear: '2024-2025' };
    expect(mayRewriteStudent(countyA, villageAschoolB, { ...villageAschoolB, schoolCode: inA.schoolCode })).toBe(false);
    // An older year's roster does not move the current school, so it may name another school.
    expect(mayRewriteStudent(countyA, villageAschoolB, { ...villageAschoolB, schoolCode: inA.schoolCode, academicYear: '2023-2024' })).toBe(true);
  });

  it('lets a school rewrite its own pupils but never move their village', () => {
    expect(mayRewriteStudent(schoolA, inA, inA)).toBe(true);
    expect(mayRewriteStudent(schoolA, inA, { ...inA, villageCode: '420121001002' })).toBe(false);
  });

  it('moves a household only between villages of the importer', () => {
    expect(mayMoveHousehold(countyA, '420121001001', '420121001002')).toBe(true);
    expect(mayMoveHousehold(countyA, '420122001001', '420121001001')).toBe(false);
    expect(mayMoveHousehold(countyA, '420121001001', '420122001001')).toBe(false);
    expect(mayMoveHousehold(schoolA, '420121001001', '420121001002')).toBe(false);
  });
});
