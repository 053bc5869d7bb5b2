/**
 * The four checks of the reliability suite, over what it read after the cycle: the term's ledger
 * rows (every entitlement due), the bank's record (one line per idempotency key it ever saw) and the
 * figures taken before the cycle started. Pure: the suite reads, this judges.
 */
export interface LedgerLine {
  key: string;
  /** What is being paid: the student, term and scheme (one entitlement). */
  entitlement: string;
  status: string;
  amountFen: number;
  bankReference: string | null;
}

export interface BankLine {
  key: string;
  status: string;
  amountFen: number;
  paymentId?: string;
  timesPaid: number;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  detail: string;
}

const MAX_EXAMPLES = 5;
const examples = (list: string[]) => (list.length ? `; e.g. ${list.slice(0, MAX_EXAMPLES).join(', ')}` : '');
const yuan = (fen: number) => `${(fen / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} yuan`;

export function reliabilityChecks(due: { payments: number; amountFen: number }, ledger: LedgerLine[], bank: BankLine[]): CheckResult[] {
  const ledgerByKey = new Map(ledger.map((l) => [l.key, l]));
  const bankPaid = bank.filter((b) => b.status === 'paid' || b.status === 'returned');

  // 1. No payment twice: the bank paid no key more than once, and no entitlement under two keys.
  const paidTwice = bank.filter((b) => b.timesPaid > 1).map((b) => `${b.key} paid ${b.timesPaid} times`);
  const byEntitlement = new Map<string, number>();
  for (const b of bankPaid) {
    const entitlement = ledgerByKey.get(b.key)?.entitlement ?? `unknown key ${b.key}`;
    byEntitlement.set(entitlement, (byEntitlement.get(entitlement) ?? 0) + 1);
  }
  for (const [entitlement, times] of byEntitlement) if (times > 1) paidTwice.push(`${entitlement} paid under ${times} keys`);
  const ledgerPaidPerEntitlement = new Map<string, number>();
  for (const l of ledger) if (l.status === 'paid') ledgerPaidPerEntitlement.set(l.entitlement, (ledgerPaidPerEntitlement.get(l.entitlement) ?? 0) + 1);
  for (const [entitlement, times] of ledgerPaidPerEntitlement) if (times > 1) paidTwice.push(`${entitlement} paid ${times} times in the ledger`);

  // 2. None missing: every entitlement due has a paid ledger row, and the bank paid that row's key.
  // (Per entitlement, not per row: a row refused for good and re-keyed for a later run is one entitlement.)
  const bankByKey = new Map(bank.map((b) => [b.key, b]));
  const missing: string[] = [];
  const entitlements = new Map<string, LedgerLine[]>();
  for (const l of ledger) entitlements.set(l.entitlement, [...(entitlements.get(l.entitlement) ?? []), l]);
  for (const [entitlement, rows] of entitlements) {
    const paid = rows.find((l) => l.status === 'paid');
    if (!paid) missing.push(`${entitlement} is ${rows.map((l) => l.status).join('/')} in the ledger`);
    else if (!bankByKey.get(paid.key) || bankByKey.get(paid.key)?.timesPaid === 0) missing.push(`${paid.key} is not paid at the bank`);
  }
  if (entitlements.size < due.payments) missing.push(`${due.payments} payments were due, the ledger holds ${entitlements.size}`);

  // 3. The ledger's total paid equals the entitlements due.
  const ledgerPaidFen = ledger.filter((l) => l.status === 'paid').reduce((a, l) => a + l.amountFen, 0);
  const ledgerPaidCount = ledger.filter((l) => l.status === 'paid').length;

  // 4. The bank's record equals the ledger, line by line: same keys, amounts, statuses and payment ids.
  const differences: string[] = [];
  for (const b of bank) {
    const l = ledgerByKey.get(b.key);
    if (!l) differences.push(`bank key ${b.key} is not in the ledger`);
    else if (b.amountFen !== l.amountFen) differences.push(`${b.key}: bank ${b.amountFen} fen, ledger ${l.amountFen} fen`);
    else if ((b.status === 'paid') !== (l.status === 'paid')) differences.push(`${b.key}: bank ${b.status}, ledger ${l.status}`);
    else if (l.status === 'paid' && b.paymentId !== l.bankReference) differences.push(`${b.key}: bank payment ${b.paymentId}, ledger reference ${l.bankReference}`);
  }
  for (const l of ledger) if (l.status === 'paid' && !bankByKey.has(l.key)) differences.push(`ledger row ${l.key} is paid but the bank never saw it`);
  const bankPaidFen = bankPaid.reduce((a, b) => a + b.amountFen, 0);

  return [
    {
      name: 'no payment twice',
      passed: paidTwice.length === 0,
      detail: `${bankPaid.length} keys paid at the bank, ${bank.filter((b) => b.timesPaid === 1).length} of them once, ${paidTwice.length} paid twice${examples(paidTwice)}`,
    },
    {
      name: 'none missing',
      passed: missing.length === 0,
      detail: `${due.payments} due, ${ledgerPaidCount} paid in the ledger, ${missing.length} missing${examples(missing)}`,
    },
    {
      name: 'ledger total = entitlements due',
      passed: ledgerPaidFen === due.amountFen && ledgerPaidCount === due.payments,
      detail: `ledger paid ${yuan(ledgerPaidFen)} in ${ledgerPaidCount} payments; due ${yuan(due.amountFen)} in ${due.payments}`,
    },
    {
      name: "bank's record = ledger, line by line",
      passed: differences.length === 0,
      detail: `${bank.length} bank lines (${yuan(bankPaidFen)} paid), ${ledger.length} ledger lines, ${differences.length} differences${examples(differences)}`,
    },
  ];
}
