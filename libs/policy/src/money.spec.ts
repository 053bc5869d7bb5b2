import { formatFen, splitFen, yuanToFen } from './money';

describe('money in fen', () => {
  it('turns the plan’s yuan standards into fen', () => {
    expect(yuanToFen(2500)).toBe(250000);
    expect(yuanToFen(1250)).toBe(125000);
  });

  it('refuses fractional yuan rather than rounding money silently', () => {
    expect(() => yuanToFen(12.5)).toThrow(RangeError);
  });

  it('formats fen for people', () => {
    expect(formatFen(125000)).toBe('1250.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-150)).toBe('-1.50');
  });

  it('splits an amount over semesters so the shares add up to the fen', () => {
    expect(splitFen(125000, 2)).toEqual([62500, 62500]);
    expect(splitFen(1001, 2)).toEqual([501, 500]);
    expect(splitFen(-1001, 2)).toEqual([-501, -500]);
    const shares = splitFen(100000, 3);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100000);
  });

  it('refuses a split into no parts', () => {
    expect(() => splitFen(100, 0)).toThrow(RangeError);
  });
});
