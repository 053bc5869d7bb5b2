import { AID_SCHEMES } from './aid-standards';
import { COMPENSATION_SCHEMES } from './graduate-compensation';
import { AID_SCHEME_NAMES, aidSchemeName, COMPENSATION_SCHEME_NAMES } from './scheme-names';

describe('aid scheme names', () => {
  it('names every scheme of the standards in Chinese and English, each name once', () => {
    for (const scheme of AID_SCHEMES) {
      expect(AID_SCHEME_NAMES[scheme]?.zh).toMatch(/\p{Script=Han}/u);
      expect(AID_SCHEME_NAMES[scheme]?.en).toMatch(/^[A-Z]/);
    }
    expect(Object.keys(AID_SCHEME_NAMES).sort()).toEqual([...AID_SCHEMES].sort());
    const zh = Object.values(AID_SCHEME_NAMES).map((n) => n.zh);
    expect(new Set(zh).size).toBe(zh.length);
  });

  it('names the graduates\' compensation schemes too', () => {
    expect(Object.keys(COMPENSATION_SCHEME_NAMES).sort()).toEqual([...COMPENSATION_SCHEMES].sort());
    expect(aidSchemeName('tuition-compensation', 'zh')).toBe('学费补偿');
    expect(aidSchemeName('loan-repayment', 'en')).toBe('Student loan repayment');
  });

  it('shows an unknown scheme as its id', () => {
    expect(aidSchemeName('junior-secondary-boarding-living-allowance', 'zh')).toBe('初中寄宿生生活补助');
    expect(aidSchemeName('junior-secondary-boarding-living-allowance', 'en')).toBe('Junior secondary boarding living allowance');
    expect(aidSchemeName('some-new-scheme', 'zh')).toBe('some-new-scheme');
  });
});
