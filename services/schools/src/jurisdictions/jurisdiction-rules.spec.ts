import { ancestorCodesOf, jurisdictionErrors, parentLevelOf } from './jurisdiction-rules';

describe('jurisdiction tree rules', () => {
  it('accepts a village under its township', () => {
    expect(jurisdictionErrors({ code: '420121001002', level: 'village', parentCode: '420121001', registeredPoor: true }, { code: '420121001', level: 'township' })).toEqual([]);
  });

  it('accepts the province without a parent', () => {
    expect(jurisdictionErrors({ code: '42', level: 'province' }, undefined)).toEqual([]);
  });

  it('refuses a code whose length does not fit the level', () => {
    // 4201210 does start with its parent's code 4201: only the length is wrong.
    expect(jurisdictionErrors({ code: '4201210', level: 'county', parentCode: '4201' }, { code: '4201', level: 'prefecture' })).toEqual([
      { field: 'code', message: "a county code has 6 digits; '4201210' does not fit" },
    ]);
  });

  it('refuses a parent that is not one level up, or is missing, or does not prefix the code', () => {
    expect(jurisdictionErrors({ code: '420121001', level: 'township', parentCode: '4201' }, { code: '4201', level: 'prefecture' })).toEqual([
      { field: 'parentCode', message: 'the parent of a township must be a county, but 4201 is a prefecture' },
    ]);
    expect(jurisdictionErrors({ code: '420121001', level: 'township', parentCode: '420121' }, undefined)).toEqual([
      { field: 'parentCode', message: 'no jurisdiction 420121 is registered' },
    ]);
    expect(jurisdictionErrors({ code: '420122001', level: 'township', parentCode: '420121' }, { code: '420121', level: 'county' })).toEqual([
      { field: 'code', message: "code 420122001 must start with its parent's code 420121" },
    ]);
    expect(jurisdictionErrors({ code: '4201', level: 'prefecture' }, undefined)).toEqual([{ field: 'parentCode', message: 'a prefecture needs its province as parent' }]);
  });

  it('allows the poor flag only on counties and villages, and prefixes fields in bulk loads', () => {
    expect(jurisdictionErrors({ code: '420121001', level: 'township', parentCode: '420121', registeredPoor: true }, { code: '420121', level: 'county' }, 'items.3.')).toEqual([
      { field: 'items.3.registeredPoor', message: 'only counties and villages can be registered poor' },
    ]);
  });

  it('knows levels and ancestors', () => {
    expect(parentLevelOf('province')).toBeUndefined();
    expect(parentLevelOf('village')).toBe('township');
    expect(ancestorCodesOf('420121001002')).toEqual(['42', '4201', '420121', '420121001']);
    expect(ancestorCodesOf('42')).toEqual([]);
    expect(ancestorCodesOf('123')).toEqual([]);
  });
});
