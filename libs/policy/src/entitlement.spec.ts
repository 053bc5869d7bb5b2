import { AID_STANDARDS_VERSIONS, AidStandards, standardsForYear } from './aid-standards';
import { EntitlementFacts, calculateEntitlement, semestersOf, termOn } from './entitlement';

const facts = (over: Partial<EntitlementFacts['student']> = {}, household: Partial<EntitlementFacts['household']> = {}, rest: Partial<EntitlementFacts> = {}): EntitlementFacts => ({
  academicYear: '2026-2027',
  student: { stage: 'primary', grade: 3, boarding: false, specialHardship: false, ...over },
  household: { status: 'poor', rural: true, ...household },
  enrolmentConfirmed: true,
  ...rest,
});

const summary = (f: EntitlementFacts) => calculateEntitlement(f).lines.map((l) => [l.scheme, l.amountFen, l.disbursement]);

describe('aid standards as versioned data', () => {
  it('picks the version of the academic year, and records it', () => {
    expect(standardsForYear(2018)?.version).toBe('hubei-2016.1');
    expect(standardsForYear(2026)?.version).toBe('hubei-2026.1');
    expect(standardsForYear(2015)).toBeUndefined();
    expect(calculateEntitlement(facts({}, {}, { academicYear: '2020-2021' })).standardsVersion).toBe('hubei-2016.1');
    expect(calculateEntitlement(facts()).standardsVersion).toBe('hubei-2026.1');
  });

  it('re-explains a decision with the version it used, even for a later year', () => {
    const old = calculateEntitlement(facts({ stage: 'senior-high', grade: 1 }), 'hubei-2016.1');
    expect(old.standardsVersion).toBe('hubei-2016.1');
    expect(old.lines.find((l) => l.scheme === 'senior-high-tuition-waiver')?.amountFen).toBe(120000);
    expect(calculateEntitlement(facts({ stage: 'senior-high', grade: 1 })).lines.find((l) => l.scheme === 'senior-high-tuition-waiver')?.amountFen).toBe(150000);
    expect(() => calculateEntitlement(facts(), 'no-such-version')).toThrow(RangeError);
  });

  it('refuses a rural vocational allowance configured below the plan’s minimum of 3,000', () => {
    const bad: AidStandards = { ...AID_STANDARDS_VERSIONS[1], version: 'bad', configuration: { ...AID_STANDARDS_VERSIONS[1].configuration, ruralVocationalAllowanceYuan: 2999 } };
    expect(() => calculateEntitlement(facts({ stage: 'secondary-vocational', grade: 1 }), 'bad', [bad])).toThrow(/at least 3000/);
  });
});

describe('entitlement calculator: every stage of the table', () => {
  it('pre-school: living allowance 1,000, boarding or not', () => {
    expect(summary(facts({ stage: 'pre-school', grade: 1 }))).toEqual([['pre-school-living-allowance', 100000, 'bank-transfer']]);
    expect(summary(facts({ stage: 'pre-school', grade: 2, boarding: true }))).toEqual([['pre-school-living-allowance', 100000, 'bank-transfer']]);
  });

  it('primary: boarders 1,000; day pupils nothing targeted (tuition is free for all)', () => {
    expect(summary(facts({ stage: 'primary', boarding: true }))).toEqual([['primary-boarding-living-allowance', 100000, 'bank-transfer']]);
    expect(summary(facts({ stage: 'primary', boarding: false }))).toEqual([]);
  });

  it('junior secondary: boarders 1,250; day pupils nothing targeted', () => {
    expect(summary(facts({ stage: 'junior-secondary', grade: 2, boarding: true }))).toEqual([['junior-secondary-boarding-living-allowance', 125000, 'bank-transfer']]);
    expect(summary(facts({ stage: 'junior-secondary', grade: 2 }))).toEqual([]);
  });

  it('senior high: tuition waiver (configured) and national grant 2,500; no rural vocational extra', () => {
    expect(summary(facts({ stage: 'senior-high', grade: 3 }))).toEqual([
      ['senior-high-tuition-waiver', 150000, 'fee-waiver'],
      ['senior-high-national-grant', 250000, 'bank-transfer'],
    ]);
  });

  it('secondary vocational: tuition waiver, national grant 2,000, and the rural extra of at least 3,000', () => {
    expect(summary(facts({ stage: 'secondary-vocational', grade: 1 }))).toEqual([
      ['secondary-vocational-tuition-waiver', 200000, 'fee-waiver'],
      ['secondary-vocational-national-grant', 200000, 'bank-transfer'],
      ['rural-poor-vocational-allowance', 300000, 'bank-transfer'],
    ]);
    expect(summary(facts({ stage: 'secondary-vocational', grade: 1 }, { rural: false }))).toEqual([
      ['secondary-vocational-tuition-waiver', 200000, 'fee-waiver'],
      ['secondary-vocational-national-grant', 200000, 'bank-transfer'],
    ]);
  });

  it('higher vocational: tuition reduction and the rural extra; undergraduate: tuition reduction only', () => {
    expect(summary(facts({ stage: 'higher-vocational', grade: 2 }))).toEqual([
      ['rural-poor-vocational-allowance', 300000, 'bank-transfer'],
      ['higher-education-tuition-reduction', 300000, 'fee-waiver'],
    ]);
    expect(summary(facts({ stage: 'undergraduate', grade: 4 }))).toEqual([['higher-education-tuition-reduction', 300000, 'fee-waiver']]);
  });

  it('special hardship: local relief stacks on top of every stage’s benefits and needs a higher sign-off', () => {
    for (const [stage, before] of [['pre-school', 1], ['primary', 0], ['junior-secondary', 1], ['senior-high', 2], ['secondary-vocational', 3], ['higher-vocational', 2], ['undergraduate', 1]] as const) {
      const e = calculateEntitlement(facts({ stage, grade: 1, boarding: true, specialHardship: true }));
      const expected = stage === 'primary' ? 1 : before; // primary boarders get the boarding allowance
      expect(e.lines).toHaveLength(expected + 1);
      expect(e.lines[e.lines.length - 1]).toMatchObject({ scheme: 'special-hardship-relief', fund: 'local-relief', amountFen: 200000 });
      expect(e.specialFund).toBe(true);
      expect(e.needsHigherSignOff).toBe(true);
    }
  });

  it('stacks the lines into totals: cash excludes fee waivers; the sign-off threshold looks at cash', () => {
    const voc = calculateEntitlement(facts({ stage: 'secondary-vocational', grade: 1 }));
    expect(voc.totalFen).toBe(700000);
    expect(voc.cashFen).toBe(500000);
    expect(voc.needsHigherSignOff).toBe(true); // 5,000 > 4,000 configured
    const sh = calculateEntitlement(facts({ stage: 'senior-high', grade: 1 }));
    expect(sh.cashFen).toBe(250000);
    expect(sh.needsHigherSignOff).toBe(false);
  });

  it('splits every line over the two semesters so the shares add up to the fen', () => {
    const e = calculateEntitlement(facts({ stage: 'junior-secondary', grade: 1, boarding: true, specialHardship: true }));
    for (const line of e.lines) {
      expect(line.semesters.map((s) => s.semester)).toEqual(['2026-2027:S1', '2026-2027:S2']);
      expect(line.semesters.reduce((a, s) => a + s.amountFen, 0)).toBe(line.amountFen);
      expect(line.semesters.every((s) => Number.isInteger(s.amountFen))).toBe(true);
    }
    expect(semestersOf('2026-2027').map((s) => s.startsOn)).toEqual(['2026-09-01', '2027-03-01']);
  });

  it('gives nothing, with the reasons, to a household lifted out of poverty or without a confirmed enrolment', () => {
    const lifted = calculateEntitlement(facts({ boarding: true }, { status: 'lifted-out' }));
    expect(lifted).toMatchObject({ eligible: false, lines: [], totalFen: 0 });
    expect(lifted.reasons[0]).toMatch(/lifted-out/);
    expect(calculateEntitlement(facts({ boarding: true }, { status: 'returned-to-poverty' })).eligible).toBe(true);
    const notEnrolled = calculateEntitlement(facts({ boarding: true }, {}, { enrolmentConfirmed: false }));
    expect(notEnrolled.eligible).toBe(false);
    expect(notEnrolled.reasons[0]).toMatch(/enrolment/);
  });

  it('refuses a grade the stage does not have and a malformed year', () => {
    expect(() => calculateEntitlement(facts({ stage: 'junior-secondary', grade: 4 }))).toThrow(/grade 4/);
    expect(() => calculateEntitlement(facts({}, {}, { academicYear: '2026-2028' }))).toThrow(RangeError);
  });

  it('is deterministic: the same facts give the same entitlement', () => {
    const f = facts({ stage: 'secondary-vocational', grade: 2, specialHardship: true });
    expect(calculateEntitlement(f)).toEqual(calculateEntitlement(JSON.parse(JSON.stringify(f))));
  });

  it('names the term under way on a date from the semester calendar', () => {
    expect(termOn('2026-12-01')).toBe('2026-2027:S1');
    expect(termOn('2026-09-01')).toBe('2026-2027:S1');
    expect(termOn('2026-08-31')).toBe('2025-2026:S2');
    expect(termOn('2027-03-01')).toBe('2026-2027:S2');
    expect(termOn('2027-02-28')).toBe('2026-2027:S1');
    expect(termOn('2027-01-15')).toBe('2026-2027:S1');
  });
});
