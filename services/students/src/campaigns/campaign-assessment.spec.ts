import { CampaignAssessor, CampaignRegistryRow } from './campaign-assessment';

const row = (over: Partial<CampaignRegistryRow>): CampaignRegistryRow => ({
  id: 'x', county_code: '420102', school_code: '4201020001', village_code: '420102001001', stage: 'junior-secondary', grade: 2, boarding: true, special_hardship: false, household_status: 'poor', ...over,
});

describe('CampaignAssessor', () => {
  const assessor = new CampaignAssessor('2026-2027');

  it('gives a boarding junior-secondary student of a poor household the boarding allowance, split over two semesters, with its rule id and version', () => {
    const a = assessor.assess(row({}));
    expect(a).toMatchObject({ eligible: true, standardsVersion: 'hubei-2026.1', cashFen: 125_000, needsSignOff: false, reasons: [] });
    expect(a.lines).toEqual([
      expect.objectContaining({ scheme: 'junior-secondary-boarding-living-allowance', ruleId: 'JS-BOARD-1250', fund: 'national', amountFen: 125_000, semesters: [
        { semester: '2026-2027:S1', startsOn: '2026-09-01', amountFen: 62_500 },
        { semester: '2026-2027:S2', startsOn: '2027-03-01', amountFen: 62_500 },
      ] }),
    ]);
  });

  it('says why a student is not eligible: a household lifted out, or no scheme for a day pupil in primary', () => {
    expect(assessor.assess(row({ household_status: 'lifted-out' }))).toMatchObject({ eligible: false, lines: [], reasons: ['the household is lifted-out, not registered-poor'] });
    expect(assessor.assess(row({ stage: 'primary', boarding: false }))).toMatchObject({ eligible: false, reasons: ['no scheme applies to a day student in primary'] });
  });

  it('marks a special-hardship student (local-relief fund) as needing the prefecture sign-off, as the application chain does', () => {
    const a = assessor.assess(row({ special_hardship: true }));
    expect(a.needsSignOff).toBe(true);
    expect(a.lines.map((l) => l.ruleId)).toEqual(['JS-BOARD-1250', 'SPECIAL-HARDSHIP']);
  });
});
