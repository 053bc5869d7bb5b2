import { calculateEntitlement } from './entitlement';
import { REASON_CODES, reasonOf, reasonText } from './reasons';

describe('reasons: every sentence the producers write reads back as its code', () => {
  it('reads each producer back with its parameters', () => {
    expect(reasonOf(reasonText.householdNotPoor('lifted-out'))).toEqual({ code: 'household-not-poor', text: 'the household is lifted-out, not registered-poor', params: { status: 'lifted-out' } });
    expect(reasonOf(reasonText.noConfirmedEnrolment('2026-2027')).params).toEqual({ academicYear: '2026-2027' });
    expect(reasonOf(reasonText.noSuchStudent()).code).toBe('no-such-student');
    expect(reasonOf(reasonText.noSchemeApplies(false, 'primary'))).toMatchObject({ code: 'no-scheme-applies', params: { attendance: 'day', stage: 'primary' } });
    expect(reasonOf(reasonText.alreadyPaid('senior-high-national-grant', '2026-2027:S1', 'aid-application:x:2026-2027'))).toMatchObject({
      code: 'already-paid',
      params: { scheme: 'senior-high-national-grant', semester: '2026-2027:S1', workflowId: 'aid-application:x:2026-2027' },
    });
    expect(reasonOf(reasonText.gradeNotInStage(7, 'primary', 6))).toMatchObject({ code: 'grade-not-in-stage', params: { grade: '7', stage: 'primary', grades: '6' } });
    expect(reasonOf(reasonText.noStandards('1999-2000'))).toMatchObject({ code: 'no-standards', params: { academicYear: '1999-2000' } });
    expect(reasonOf(reasonText.commitmentNotVerified('合同与单位不符'))).toMatchObject({ code: 'commitment-not-verified', params: { comment: '合同与单位不符' } });
    expect(reasonOf(reasonText.commitmentNotVerified(undefined)).params.comment).toBe('no reason given');
    expect(reasonOf(reasonText.rejectedAtStep('county-approval', 'not eligible\nsee file'))).toMatchObject({ code: 'rejected-at-step', params: { step: 'county-approval', comment: 'not eligible\nsee file' } });
  });

  it('the calculator’s own reasons carry codes, and its range errors too', () => {
    const e = calculateEntitlement({
      academicYear: '2026-2027',
      student: { stage: 'primary', grade: 3, boarding: true, specialHardship: false },
      household: { status: 'lifted-out', rural: true },
      enrolmentConfirmed: false,
    });
    expect(e.reasons.map((r) => reasonOf(r).code)).toEqual(['household-not-poor', 'no-confirmed-enrolment']);
    const grade = () =>
      calculateEntitlement({ academicYear: '2026-2027', student: { stage: 'primary', grade: 9, boarding: false, specialHardship: false }, household: { status: 'poor', rural: true }, enrolmentConfirmed: true });
    expect(grade).toThrow(RangeError);
    try {
      grade();
    } catch (error) {
      expect(reasonOf((error as Error).message).code).toBe('grade-not-in-stage');
    }
  });

  it('anything else is other, shown as written', () => {
    expect(reasonOf('学生已转学，请核实')).toEqual({ code: 'other', text: '学生已转学，请核实', params: {} });
    expect(REASON_CODES).toContain('other');
  });
});
