/**
 * What people call each aid scheme, in Simplified Chinese and English, for screens and reports. Plain
 * data with no imports, so the console's bundle can use it as it is; scheme-names.spec.ts checks that
 * every scheme of AID_SCHEMES has its names.
 */
export const AID_SCHEME_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  'pre-school-living-allowance': { zh: '学前教育生活补助', en: 'Pre-school living allowance' },
  'primary-boarding-living-allowance': { zh: '小学寄宿生生活补助', en: 'Primary boarding living allowance' },
  'junior-secondary-boarding-living-allowance': { zh: '初中寄宿生生活补助', en: 'Junior secondary boarding living allowance' },
  'senior-high-tuition-waiver': { zh: '普通高中免学费', en: 'Senior high tuition waiver' },
  'senior-high-national-grant': { zh: '普通高中国家助学金', en: 'Senior high national grant' },
  'secondary-vocational-tuition-waiver': { zh: '中职免学费', en: 'Secondary vocational tuition waiver' },
  'secondary-vocational-national-grant': { zh: '中职国家助学金', en: 'Secondary vocational national grant' },
  'rural-poor-vocational-allowance': { zh: '职业教育建档立卡补助', en: 'Vocational allowance (registered-poor rural households)' },
  'higher-education-tuition-reduction': { zh: '高等教育学费减免', en: 'Higher education tuition reduction' },
  'special-hardship-relief': { zh: '特困学生救助', en: 'Special hardship relief' },
};

/** The graduates' tuition compensation and loan repayment (COMPENSATION_SCHEMES), paid through the same ledger. */
export const COMPENSATION_SCHEME_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  'tuition-compensation': { zh: '学费补偿', en: 'Tuition compensation' },
  'loan-repayment': { zh: '国家助学贷款代偿', en: 'Student loan repayment' },
};

/** A scheme's name in the language asked for; an unknown scheme id is shown as it is. */
export function aidSchemeName(scheme: string, lang: 'zh' | 'en'): string {
  return (AID_SCHEME_NAMES[scheme] ?? COMPENSATION_SCHEME_NAMES[scheme])?.[lang] ?? scheme;
}
