import { CASE_NOTES, caseNoteOf } from './case-notes';

describe("a case's own notes, read back as codes", () => {
  it('reads back every note the case writes, with its parameters', () => {
    expect(caseNoteOf('plan-agreed', CASE_NOTES.planAgreed('每周投递 (两份) 简历', 14))).toEqual({ code: 'plan-agreed', plan: '每周投递 (两份) 简历', cadenceDays: 14 });
    expect(caseNoteOf('outcome-claimed', CASE_NOTES.outcomeClaimed('employed', '县农商行', '试用期三个月: 已签约'))).toEqual({
      code: 'outcome',
      outcome: 'employed',
      employer: '县农商行',
      note: '试用期三个月: 已签约',
    });
    expect(caseNoteOf('outcome-claimed', CASE_NOTES.outcomeClaimed('further-study'))).toEqual({ code: 'outcome', outcome: 'further-study' });
    expect(caseNoteOf('outcome-verified', 'civil-service')).toEqual({ code: 'outcome', outcome: 'civil-service' });
    expect(caseNoteOf('closed', 'not-yet-placed')).toEqual({ code: 'outcome', outcome: 'not-yet-placed' });
    const ids = ['0b7c9d62-3f5e-4a3a-9f0e-8d9a3c1e2b01', '5d2e1f40-8c3b-4e6f-a1d2-3b4c5d6e7f80'];
    expect(caseNoteOf('mentors-changed', CASE_NOTES.mentorsChanged(ids, ids[1], '原导师调往外县 (工作需要)'))).toEqual({
      code: 'mentors-changed',
      mentorUserIds: ids,
      leadMentorUserId: ids[1],
      reason: '原导师调往外县 (工作需要)',
    });
    expect(caseNoteOf('check-in-missed', CASE_NOTES.checkInMissed(Date.UTC(2027, 2, 1, 8)))).toEqual({ code: 'check-in-missed', dueAt: '2027-03-01T08:00:00.000Z' });
    expect(caseNoteOf('follow-up', CASE_NOTES.followUp(2, 'own-business'))).toEqual({ code: 'follow-up', done: 2, outcome: 'own-business' });
    expect(caseNoteOf('reopened', CASE_NOTES.jobLost)).toEqual({ code: 'job-lost' });
  });

  it("leaves a person's own words alone", () => {
    expect(caseNoteOf('check-in', '电话联系，已投递三份简历')).toBeUndefined();
    expect(caseNoteOf('reopened', '公司裁员')).toBeUndefined();
    expect(caseNoteOf('outcome-refused', 'employed')).toBeUndefined();
    expect(caseNoteOf('outcome-claimed', 'hired somewhere')).toBeUndefined();
    expect(caseNoteOf('plan-agreed', '没有回访周期的计划')).toBeUndefined();
    expect(caseNoteOf('follow-up', undefined)).toBeUndefined();
  });
});
