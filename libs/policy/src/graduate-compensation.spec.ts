import { COMPENSATION_POLICY_VERSIONS, CompensationPolicy, calculateCompensation, compensationFactsProblems, compensationPolicyOn } from './graduate-compensation';

describe('calculateCompensation', () => {
  it('grants the tuition actually paid when it is under the cap, in three yearly instalments from the academic year under way, each paid in its autumn term', () => {
    const award = calculateCompensation({ tuitionPaidFen: 2_000_000, loanOutstandingFen: 0, studyYears: 4 }, '2026-12-01');
    expect(award.version).toBe('hubei-gc-2026.1');
    expect(award.lines).toEqual([{ scheme: 'tuition-compensation', ruleId: 'GC-TUITION-PER-YEAR-CAP', claimedFen: 2_000_000, capFen: 4_800_000, amountFen: 2_000_000 }]);
    expect(award.totalFen).toBe(2_000_000);
    expect(award.instalments.map((i) => [i.semester, i.startsOn, i.amountFen])).toEqual([
      ['2026-2027:S1', '2026-09-01', 666_667],
      ['2027-2028:S1', '2027-09-01', 666_667],
      ['2028-2029:S1', '2028-09-01', 666_666],
    ]);
    expect(award.needsHigherSignOff).toBe(false);
  });

  it('caps each part at its yearly cap times the years of study, and the instalments add up to the total to the fen', () => {
    const award = calculateCompensation({ tuitionPaidFen: 6_000_000, loanOutstandingFen: 3_100_000, studyYears: 2 }, '2027-03-10');
    expect(award.lines.map((l) => [l.scheme, l.capFen, l.amountFen])).toEqual([
      ['tuition-compensation', 2_400_000, 2_400_000],
      ['loan-repayment', 2_400_000, 2_400_000],
    ]);
    expect(award.totalFen).toBe(4_800_000);
    expect(award.instalments.reduce((a, i) => a + i.amountFen, 0)).toBe(4_800_000);
    // decided in the spring term of 2026-2027: the first instalment is that year's (its autumn term's cycle, or the next run, pays it)
    expect(award.instalments[0].semester).toBe('2026-2027:S1');
    expect(award.instalments).toHaveLength(6);
    expect(award.needsHigherSignOff).toBe(true);
  });

  it('pays for years served: the first instalment is the first autumn term of the service, never before the decision\'s year, with the policy of the decision day', () => {
    const facts = { tuitionPaidFen: 1_800_000, loanOutstandingFen: 0, studyYears: 4 };
    const first = (serviceStartsOn: string | undefined, decidedOn = '2026-12-01') => calculateCompensation({ ...facts, serviceStartsOn }, decidedOn).instalments.map((i) => i.semester);
    // Filed in 2026 for a service starting in July 2030: paid from the autumn of 2030, not from 2026.
    expect(first('2030-07-01')).toEqual(['2030-2031:S1', '2031-2032:S1', '2032-2033:S1']);
    expect(calculateCompensation({ ...facts, serviceStartsOn: '2030-07-01' }, '2026-12-01').version).toBe('hubei-gc-2026.1');
    // Starting on the first day of the autumn term counts that term; a day later, the next autumn.
    expect(first('2030-09-01')[0]).toBe('2030-2031:S1');
    expect(first('2030-09-02')[0]).toBe('2031-2032:S1');
    // A service under way when it is decided is paid from the decision's year, as before the rule.
    expect(first('2026-07-01')[0]).toBe('2026-2027:S1');
    expect(first('2024-07-01')[0]).toBe('2026-2027:S1');
    expect(first(undefined)[0]).toBe('2026-2027:S1');
  });

  it('refuses facts that can never be decided, and pins an earlier version when asked', () => {
    const policy = compensationPolicyOn('2026-06-01');
    expect(compensationFactsProblems({ tuitionPaidFen: 0, loanOutstandingFen: 0, studyYears: 4 }, policy)).toContain('nothing to compensate: neither tuition paid nor a loan outstanding');
    expect(compensationFactsProblems({ tuitionPaidFen: 100, loanOutstandingFen: 0, studyYears: 6 }, policy)).toContain('studyYears must be 1 to 5');
    expect(() => calculateCompensation({ tuitionPaidFen: 1.5, loanOutstandingFen: 0, studyYears: 1 }, '2026-06-01')).toThrow(RangeError);
    const later: CompensationPolicy = { ...COMPENSATION_POLICY_VERSIONS[0], version: 'test-2027.1', effectiveFrom: '2027-01-01', tuitionCapPerYearYuan: 8_000 };
    const versions = [...COMPENSATION_POLICY_VERSIONS, later];
    expect(calculateCompensation({ tuitionPaidFen: 5_000_000, loanOutstandingFen: 0, studyYears: 4 }, '2027-06-01', undefined, versions).totalFen).toBe(3_200_000);
    expect(calculateCompensation({ tuitionPaidFen: 5_000_000, loanOutstandingFen: 0, studyYears: 4 }, '2027-06-01', 'hubei-gc-2026.1', versions).totalFen).toBe(4_800_000);
    expect(() => compensationPolicyOn('2025-12-31')).toThrow(RangeError);
  });
});
