import { BankLine, LedgerLine, reliabilityChecks } from './checks';

const ledgerLine = (i: number, overrides: Partial<LedgerLine> = {}): LedgerLine => ({
  key: `aid-application:s${i}:2046-2047:scheme:2046-2047:S1`,
  entitlement: `s${i} 2046-2047:S1 scheme`,
  status: 'paid',
  amountFen: 62500,
  bankReference: `SBX-run-${i}`,
  ...overrides,
});
const bankLine = (i: number, overrides: Partial<BankLine> = {}): BankLine => ({
  key: `aid-application:s${i}:2046-2047:scheme:2046-2047:S1`,
  status: 'paid',
  amountFen: 62500,
  paymentId: `SBX-run-${i}`,
  timesPaid: 1,
  ...overrides,
});
const range = (n: number) => Array.from({ length: n }, (_v, i) => i + 1);
const due = { payments: 3, amountFen: 3 * 62500 };
const verdicts = (ledger: LedgerLine[], bank: BankLine[]) => Object.fromEntries(reliabilityChecks(due, ledger, bank).map((c) => [c.name, c.passed]));

describe('the reliability checks', () => {
  it('pass when every payment due was paid once and the bank agrees with the ledger', () => {
    const checks = reliabilityChecks(due, range(3).map((i) => ledgerLine(i)), range(3).map((i) => bankLine(i)));
    expect(checks.map((c) => [c.name, c.passed])).toEqual([
      ['no payment twice', true],
      ['none missing', true],
      ['ledger total = entitlements due', true],
      ["bank's record = ledger, line by line", true],
    ]);
    expect(checks[2].detail).toBe('ledger paid 1,875.00 yuan in 3 payments; due 1,875.00 yuan in 3');
  });

  it('catch a key the bank paid twice', () => {
    const result = verdicts(range(3).map((i) => ledgerLine(i)), range(3).map((i) => bankLine(i, i === 2 ? { timesPaid: 2 } : {})));
    expect(result['no payment twice']).toBe(false);
  });

  it('catch one entitlement paid under two keys (a re-keyed row sent again)', () => {
    const ledger = [...range(3).map((i) => ledgerLine(i)), ledgerLine(4, { entitlement: ledgerLine(1).entitlement })];
    const bank = range(4).map((i) => bankLine(i));
    const result = verdicts(ledger, bank);
    expect(result['no payment twice']).toBe(false);
    expect(result['ledger total = entitlements due']).toBe(false);
  });

  it('catch a payment left sending, and the total short', () => {
    const ledger = range(3).map((i) => ledgerLine(i, i === 3 ? { status: 'sending', bankReference: null } : {}));
    const bank = range(2).map((i) => bankLine(i));
    const result = verdicts(ledger, bank);
    expect(result['none missing']).toBe(false);
    expect(result['ledger total = entitlements due']).toBe(false);
    // What the bank holds agrees with the ledger: it never saw the row still sending.
    expect(result["bank's record = ledger, line by line"]).toBe(true);
    expect(result['no payment twice']).toBe(true);
  });

  it('catch a row the ledger reads paid that the bank never paid', () => {
    const bank = range(3).map((i) => bankLine(i, i === 1 ? { status: 'pending', paymentId: undefined, timesPaid: 0 } : {}));
    const result = verdicts(range(3).map((i) => ledgerLine(i)), bank);
    expect(result['none missing']).toBe(false);
    expect(result["bank's record = ledger, line by line"]).toBe(false);
  });

  it("catch the bank's record differing from the ledger: amount, payment id, a key the ledger does not hold", () => {
    const ledger = range(3).map((i) => ledgerLine(i));
    expect(verdicts(ledger, range(3).map((i) => bankLine(i, i === 1 ? { amountFen: 62600 } : {})))["bank's record = ledger, line by line"]).toBe(false);
    expect(verdicts(ledger, range(3).map((i) => bankLine(i, i === 1 ? { paymentId: 'SBX-other-1' } : {})))["bank's record = ledger, line by line"]).toBe(false);
    const extra = verdicts(ledger, [...range(3).map((i) => bankLine(i)), bankLine(9)]);
    expect(extra["bank's record = ledger, line by line"]).toBe(false);
    expect(extra['no payment twice']).toBe(true);
  });

  it('catch a ledger holding fewer payments than were due', () => {
    const result = verdicts(range(2).map((i) => ledgerLine(i)), range(2).map((i) => bankLine(i)));
    expect(result['none missing']).toBe(false);
    expect(result['ledger total = entitlements due']).toBe(false);
  });
});

describe('the reliability checks, after a follow-up run', () => {
  it('count an entitlement refused once and paid under a new key as paid once, not missing', () => {
    const ledger = [...range(3).map((i) => ledgerLine(i, i === 3 ? { status: 'failed', bankReference: null } : {})), ledgerLine(4, { entitlement: ledgerLine(3).entitlement })];
    const bank = [...range(3).map((i) => bankLine(i, i === 3 ? { status: 'failed', paymentId: undefined, timesPaid: 0 } : {})), bankLine(4)];
    const checks = reliabilityChecks(due, ledger, bank);
    expect(checks.map((c) => c.passed)).toEqual([true, true, true, true]);
  });
});
