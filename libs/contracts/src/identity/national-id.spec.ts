import { makeNationalId, maskNationalId, nationalIdCheckChar, parseNationalId } from './national-id';

describe('national ID numbers (GB 11643)', () => {
  it('computes the check character of a published example', () => {
    // The standard's own example: 11010519491231002X.
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(parseNationalId('11010519491231002X')).toEqual({
      ok: true,
      facts: { regionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('takes birth date and sex from the number', () => {
    const id = makeNationalId('420101', '2012-03-04', 13);
    expect(parseNationalId(id)).toEqual({ ok: true, facts: { regionCode: '420101', birthDate: '2012-03-04', sex: 'male' } });
  });

  it('names what is wrong: format, check digit, impossible date', () => {
    expect(parseNationalId('42010120120304013')).toEqual({ ok: false, problem: 'format' });
    expect(parseNationalId('4201012012030401x')).toEqual({ ok: false, problem: 'format' });
    const good = makeNationalId('420101', '2012-03-04', 13);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(parseNationalId(wrongCheck)).toEqual({ ok: false, problem: 'check-digit' });
    expect(parseNationalId(makeNationalId('420101', '2012-02-30', 13))).toEqual({ ok: false, problem: 'birth-date' });
    expect(parseNationalId(makeNationalId('420101', '2099-01-01', 13), new Date('2026-01-01'))).toEqual({ ok: false, problem: 'birth-date' });
  });

  it('masks all but the last four characters', () => {
    expect(maskNationalId('42010120120304013X')).toBe('**************013X');
  });
});
