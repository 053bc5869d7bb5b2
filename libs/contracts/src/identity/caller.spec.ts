import { CallerScope, isProvinceWide, scopeActsAt, scopeCovers, scopeFormProblem, scopeWithin } from './caller';

const province: CallerScope = { level: 'province', code: '42' };
const prefecture: CallerScope = { level: 'prefecture', code: '4201' };
const county: CallerScope = { level: 'county', code: '420102' };
const otherCounty: CallerScope = { level: 'county', code: '420103' };
const township: CallerScope = { level: 'township', code: '420102001' };
const school: CallerScope = { level: 'school', code: '4201020001' };

describe('scope rules', () => {
  it('requires the code to have the form of its level', () => {
    for (const scope of [province, prefecture, county, township, school]) expect(scopeFormProblem(scope)).toBeUndefined();
    expect(scopeFormProblem({ level: 'province', code: '420102' })).toMatch(/province scope needs a division code of 2 digits/);
    expect(scopeFormProblem({ level: 'county', code: '42' })).toMatch(/6 digits/);
    expect(scopeFormProblem({ level: 'school', code: '420102' })).toMatch(/school code of 10 digits/);
    expect(scopeFormProblem({ level: 'township', code: '42010200A' })).toBeDefined();
    expect(scopeFormProblem({ level: 'village', code: '420102001001' })).toMatch(/not a scope level/);
  });

  it('lets a scope grant only its own level or narrower, inside its own code', () => {
    expect(scopeWithin(county, county)).toBe(true);
    expect(scopeWithin(township, county)).toBe(true);
    expect(scopeWithin(school, county)).toBe(true);
    expect(scopeWithin(county, province)).toBe(true);
    expect(scopeWithin(otherCounty, county)).toBe(false);
    // The probe's case: a "province" scope carrying the county's own code is wider, not inside.
    expect(scopeWithin({ level: 'province', code: '420102' }, county)).toBe(false);
    expect(scopeWithin({ level: 'prefecture', code: '420102' }, county)).toBe(false);
    expect(scopeWithin(prefecture, county)).toBe(false);
    // A school's code names its county, not its township.
    expect(scopeWithin(school, township)).toBe(false);
    expect(scopeWithin(school, school)).toBe(true);
    expect(scopeWithin({ level: 'school', code: '4201020002' }, school)).toBe(false);
    expect(scopeWithin(county, { level: 'province', code: '420102' })).toBe(false);
  });

  it('knows a really province-wide scope', () => {
    expect(isProvinceWide(province)).toBe(true);
    expect(isProvinceWide({ level: 'province', code: '420102' })).toBe(false);
    expect(isProvinceWide(county)).toBe(false);
  });

  it('covers records by division, and by school code only from county level up', () => {
    expect(scopeCovers(county, { divisionCode: '420102001001' })).toBe(true);
    expect(scopeCovers(county, { divisionCode: '420103001001', schoolCode: '4201020001' })).toBe(true);
    expect(scopeCovers(township, { divisionCode: '420102001001' })).toBe(true);
    // School 4201020010 starts with township 420102001's digits but may stand in any township of the county.
    expect(scopeCovers(township, { divisionCode: '420102002001', schoolCode: '4201020010' })).toBe(false);
    expect(scopeCovers(school, { divisionCode: '420102001001', schoolCode: '4201020001' })).toBe(true);
    expect(scopeCovers(school, { divisionCode: '420102001001' })).toBe(false);
    expect(scopeCovers({ level: 'province', code: '420102' }, { divisionCode: '420102001001' })).toBe(false);
  });

  it('lets only a scope AT a step’s level, covering the record, act on it', () => {
    const place = { divisionCode: '420102001001', schoolCode: '4201020001' };
    expect(scopeActsAt(county, 'county', place)).toBe(true);
    expect(scopeActsAt(school, 'county', place)).toBe(false);
    expect(scopeActsAt(province, 'county', place)).toBe(false);
    expect(scopeActsAt(otherCounty, 'county', place)).toBe(false);
    expect(scopeActsAt(school, 'school', place)).toBe(true);
    expect(scopeActsAt(county, 'school', place)).toBe(false);
    expect(scopeActsAt(prefecture, 'prefecture', { divisionCode: '4201' })).toBe(true);
    expect(scopeActsAt({ level: 'prefecture', code: '4202' }, 'prefecture', { divisionCode: '4201' })).toBe(false);
  });
});
