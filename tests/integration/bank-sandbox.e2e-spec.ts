import { BankSandbox, MAX_BATCH_LINES, MAX_BODY_BYTES, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { BankBatchHttpProvider } from '../../services/students/src/payments/bank-batch-http.provider';
import { BankHttpProvider } from '../../services/students/src/payments/bank-http.provider';
import { BatchInstruction, BatchLineResult, BatchNotAnswered, BatchRefused, BatchUnknownAtBank } from '../../services/students/src/payments/batch-payment-provider';
import { PaymentOutcomeUnknown } from '../../services/students/src/payments/payment-provider';
import type { ServiceConfig } from '@eduaid/platform';

/**
 * The bank sandbox's bulk payment API, driven through the students service's batch client
 * (BankBatchHttpProvider) over real HTTP, with the sandbox's faults on.
 */
describe('bank sandbox: bulk payments through the batch client', () => {
  let bank: BankSandbox;
  let client: BankBatchHttpProvider;
  let run = 0;

  const lines = (n: number, prefix: string, amountFen = 12_500): BatchInstruction[] =>
    Array.from({ length: n }, (_, i) => ({
      idempotencyKey: `${prefix}:${i}`,
      account: `62220200${String(i).padStart(8, '0')}`,
      holderName: `家长${i}`,
      amountFen,
      reference: `test ${prefix}`,
    }));

  /** A fresh key prefix per test: the sandbox is shared, its keys are not. */
  const prefix = () => `run${++run}-${Date.now()}`;

  const all = async (batchId: string): Promise<BatchLineResult[]> => {
    const out: BatchLineResult[] = [];
    for await (const page of client.allResults(batchId)) out.push(...page);
    return out;
  };

  /** Reads the returns feed to its end (returns of earlier tests included). */
  const drainReturns = async (after: number): Promise<{ next: number }> => {
    let cursor = after;
    for (;;) {
      const page = await client.returns(cursor);
      if (page.returns.length === 0) return { next: cursor };
      cursor = page.next;
    }
  };

  const raw = (path: string, body: string) => fetch(`${bank.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  beforeAll(async () => {
    bank = await startBankSandbox();
    const config: Pick<ServiceConfig, 'bank' | 'bankBatch'> = { bank: { apiUrl: bank.url, timeoutMs: 1000 }, bankBatch: { deadlineMs: 10_000, pollMs: 20 } };
    client = new BankBatchHttpProvider(config);
  });

  afterAll(async () => {
    await bank?.stop();
  });

  afterEach(() => {
    Object.assign(bank.faults, { errorRate: 0, timeoutRate: 0, lostAnswerRate: 0, next: [], nextBatch: [], unansweredBatchRate: 0, lineFailureRate: 0, returnRate: 0, batchDelayMs: 0 });
    Object.assign(bank.faults, { closedAccounts: [], nameMismatchAccounts: [], returnedAccounts: [] });
  });

  it('takes thousands of lines in one request, is polled to completion, and pays each line once', async () => {
    const p = prefix();
    const batch = lines(MAX_BATCH_LINES, p);
    bank.faults.batchDelayMs = 300;
    const before = bank.stats();
    const { batchId, lines: count } = await client.submit(batch);
    expect(count).toBe(MAX_BATCH_LINES);
    expect(await client.status(batchId)).toMatchObject({ status: 'processing', counts: { pending: MAX_BATCH_LINES } });

    const polls: string[] = [];
    const done = await client.awaitCompletion(batchId, { onPoll: (s) => polls.push(s.status) });
    expect(done).toEqual({ batchId, status: 'completed', lines: MAX_BATCH_LINES, counts: { pending: 0, paid: MAX_BATCH_LINES, failed: 0, returned: 0, conflict: 0 } });
    expect(polls.at(-1)).toBe('completed');

    const results = await all(batchId);
    expect(results).toHaveLength(MAX_BATCH_LINES);
    expect(results.map((r) => r.idempotencyKey)).toEqual(batch.map((l) => l.idempotencyKey));
    expect(results.every((r) => r.status === 'paid' && !r.repeat && r.amountFen === 12_500 && /^SBX-/.test(r.bankReference ?? ''))).toBe(true);
    expect(new Set(results.map((r) => r.bankReference)).size).toBe(MAX_BATCH_LINES);
    const after = bank.stats();
    expect(after.paid - before.paid).toBe(MAX_BATCH_LINES);
    expect(after.paidFen - before.paidFen).toBe(MAX_BATCH_LINES * 12_500);
  });

  it('answers a key already paid with its first result in a later batch, and a reused key with other details as that line’s conflict', async () => {
    const p = prefix();
    const first = lines(100, p);
    const { batchId } = await client.submit(first);
    await client.awaitCompletion(batchId);
    const firstResults = await all(batchId);
    const before = bank.stats();

    // Resubmitted with 10 new lines, and line 0 sent again with another amount.
    const changed = { ...first[0], amountFen: 99_900 };
    const again = [...first, ...lines(110, p).slice(100), changed];
    const second = await client.submit(again);
    await client.awaitCompletion(second.batchId);
    const results = await all(second.batchId);

    expect(results.slice(0, 100)).toEqual(firstResults.map((r) => ({ ...r, repeat: true })));
    expect(results.slice(100, 110).every((r) => r.status === 'paid' && !r.repeat)).toBe(true);
    expect(results[110]).toEqual({ idempotencyKey: `${p}:0`, status: 'conflict', code: 'idempotency-key-reused', amountFen: 12_500, repeat: false });
    expect(await client.status(second.batchId)).toMatchObject({ counts: { paid: 110, conflict: 1, pending: 0 } });
    expect(bank.stats().paid - before.paid).toBe(10);
    expect(bank.record(`${p}:0`)).toMatchObject({ status: 'paid', amountFen: 12_500, timesPaid: 1 });
  });

  it('pays a key once when batches carrying it are processed at the same time', async () => {
    const p = prefix();
    const shared = lines(1000, p);
    bank.faults.batchDelayMs = 100;
    const before = bank.stats();
    const submitted = await Promise.all([client.submit(shared), client.submit([...shared].reverse()), client.submit(shared.slice(0, 500))]);
    for (const { batchId } of submitted) await client.awaitCompletion(batchId);
    const results = await Promise.all(submitted.map(({ batchId }) => all(batchId)));
    const paidNow = results.flat().filter((r) => r.status === 'paid' && !r.repeat);
    expect(paidNow).toHaveLength(1000);
    expect(new Set(paidNow.map((r) => r.idempotencyKey)).size).toBe(1000);
    expect(results.flat().every((r) => r.status === 'paid')).toBe(true);
    expect(bank.stats().paid - before.paid).toBe(1000);
  });

  it('resubmits the same lines after a lost answer without paying any twice', async () => {
    const p = prefix();
    const batch = lines(500, p);
    bank.faults.nextBatch.push('lost-answer');
    const before = bank.stats();
    await expect(client.submit(batch)).rejects.toBeInstanceOf(PaymentOutcomeUnknown);

    const { batchId } = await client.submit(batch);
    await client.awaitCompletion(batchId);
    const results = await all(batchId);
    // The lost batch was taken and paid; the resubmission only answers those payments.
    expect(results.every((r) => r.status === 'paid' && r.repeat)).toBe(true);
    expect(bank.stats().paid - before.paid).toBe(500);
    expect(batch.every((l) => bank.record(l.idempotencyKey)?.timesPaid === 1)).toBe(true);
  });

  it('polls a batch soon after its submit, then at doubling intervals up to the poll interval: a quick batch is seen long before one interval', async () => {
    const patient = new BankBatchHttpProvider({ bank: { apiUrl: bank.url, timeoutMs: 1000 }, bankBatch: { deadlineMs: 60_000, pollMs: 10_000 } });
    const p = prefix();
    bank.faults.batchDelayMs = 400;
    const submittedAt = new Date();
    const { batchId } = await patient.submit(lines(50, p));
    const polls: number[] = [];
    const summary = await patient.awaitCompletion(batchId, { submittedAt, onPoll: () => polls.push(Date.now() - submittedAt.getTime()) });
    expect(summary).toMatchObject({ status: 'completed', counts: { paid: 50 } });
    // Polled a few times (after 0, 50, 150, 350, 750 ms …), never closer than the first wait, and seen
    // completed long before the interval: polled once per interval, it would have been seen after 10 s.
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.slice(1).every((t, i) => t - polls[i] >= 45)).toBe(true);
    expect(polls.at(-1)).toBeLessThan(5_000);
  });

  it('detects a batch accepted and never answered by its deadline; resubmitted, its lines are paid once', async () => {
    const p = prefix();
    const batch = lines(300, p);
    bank.faults.nextBatch.push('unanswered');
    const before = bank.stats();
    const { batchId } = await client.submit(batch);
    const started = Date.now();
    const error = await client.awaitCompletion(batchId, { deadlineMs: 600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotAnswered);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((error as BatchNotAnswered).lastSeen).toMatchObject({ status: 'processing', counts: { pending: 300 } });
    expect((error as BatchNotAnswered).message).toMatch(/300 of 300 lines pending/);
    expect((await all(batchId)).every((r) => r.status === 'pending' && r.amountFen === 12_500)).toBe(true);
    expect(bank.stats().paid).toBe(before.paid);

    const retry = await client.submit(batch);
    await client.awaitCompletion(retry.batchId);
    expect((await all(retry.batchId)).every((r) => r.status === 'paid' && !r.repeat)).toBe(true);
    expect(bank.stats().paid - before.paid).toBe(300);
    // The stuck batch stays stuck: it never answers, and never pays.
    expect(await client.status(batchId)).toMatchObject({ status: 'processing', counts: { pending: 300 } });
  });

  it('a batch that pays but never reports: its resubmission answers the payments made, none twice', async () => {
    const p = prefix();
    const batch = lines(200, p);
    bank.faults.nextBatch.push('unanswered-after-paying');
    const before = bank.stats();
    const { batchId } = await client.submit(batch);
    await expect(client.awaitCompletion(batchId, { deadlineMs: 1000 })).rejects.toBeInstanceOf(BatchNotAnswered);
    expect((await all(batchId)).every((r) => r.status === 'pending')).toBe(true);

    const retry = await client.submit(batch);
    await client.awaitCompletion(retry.batchId);
    expect((await all(retry.batchId)).every((r) => r.status === 'paid' && r.repeat)).toBe(true);
    expect(bank.stats().paid - before.paid).toBe(200);
    expect(batch.every((l) => bank.record(l.idempotencyKey)?.timesPaid === 1)).toBe(true);
  });

  it('fails lines with a code (closed account, name mismatch), returns paid lines later, and keeps those answers for resubmissions', async () => {
    const p = prefix();
    const batch = lines(6, p);
    bank.faults.closedAccounts = [batch[1].account];
    bank.faults.nameMismatchAccounts = [batch[2].account];
    bank.faults.returnedAccounts = [batch[3].account];
    bank.faults.returnAfterMs = 300;
    const { batchId } = await client.submit(batch);
    await client.awaitCompletion(batchId);
    const now = await all(batchId);
    expect(now.map((r) => [r.status, r.code])).toEqual([
      ['paid', undefined],
      ['failed', 'account-closed'],
      ['failed', 'name-mismatch'],
      ['paid', undefined],
      ['paid', undefined],
      ['paid', undefined],
    ]);

    await new Promise((r) => setTimeout(r, 350));
    const later = await all(batchId);
    expect(later[3]).toMatchObject({ status: 'returned', code: 'account-closed', bankReference: now[3].bankReference });
    expect(await client.status(batchId)).toMatchObject({ counts: { paid: 3, failed: 2, returned: 1 } });

    // Same keys again (even with the account reopened): the first answers, nothing paid now.
    bank.faults.closedAccounts = [];
    const again = await client.submit(batch);
    await client.awaitCompletion(again.batchId);
    expect((await all(again.batchId)).map((r) => [r.status, r.repeat])).toEqual([
      ['paid', true],
      ['failed', true],
      ['failed', true],
      ['returned', true],
      ['paid', true],
      ['paid', true],
    ]);
    expect(bank.record(`${p}:3`)).toMatchObject({ status: 'returned', timesPaid: 1 });
  });

  it('lists returned payments in a feed read on with a cursor, each once, none before it is due', async () => {
    const p = prefix();
    const batch = lines(4, p);
    bank.faults.returnedAccounts = [batch[0].account, batch[2].account];
    bank.faults.returnAfterMs = 300;
    const { next: start } = await drainReturns(0);
    const { batchId } = await client.submit(batch);
    await client.awaitCompletion(batchId);
    const paid = await all(batchId);
    expect(await client.returns(start)).toEqual({ returns: [], next: start }); // not yet due

    await new Promise((r) => setTimeout(r, 350));
    const first = await client.returns(start, 1);
    expect(first.returns).toEqual([{ idempotencyKey: `${p}:0`, bankReference: paid[0].bankReference, amountFen: 12_500, code: 'account-closed', returnedAt: expect.any(String) }]);
    const rest = await client.returns(first.next);
    expect(rest.returns.map((r) => r.idempotencyKey)).toEqual([`${p}:2`]);
    expect(await client.returns(rest.next)).toEqual({ returns: [], next: rest.next });
  });

  it('refuses fault settings it does not know or cannot use, changing nothing', async () => {
    const set = (body: unknown) => raw('/_sandbox/faults', JSON.stringify(body));
    const bad = await set({ errorRate: 2 });
    expect([bad.status, ((await bad.json()) as { message: string }).message]).toEqual([400, 'errorRate must be a rate from 0 to 1']);
    const unknown = await set({ nextBatch: ['stuck'] });
    expect(((await unknown.json()) as { message: string }).message).toMatch(/^nextBatch must be a list of error, timeout, lost-answer, unanswered/);
    expect((await set({ errorRates: 1 })).status).toBe(400);
    expect(bank.faults).toMatchObject({ errorRate: 0, nextBatch: [] });
    const ok = await set({ lineFailureRate: 0.1, nextBatch: ['unanswered'] });
    expect(ok.status).toBe(200);
    expect(bank.faults).toMatchObject({ lineFailureRate: 0.1, nextBatch: ['unanswered'] });
  });

  it('fails lines at the configured rate, with the bank’s codes', async () => {
    const p = prefix();
    bank.faults.lineFailureRate = 0.3;
    const { batchId } = await client.submit(lines(2000, p));
    const done = await client.awaitCompletion(batchId);
    expect(done.counts.failed).toBeGreaterThan(400);
    expect(done.counts.failed).toBeLessThan(800);
    expect(done.counts.paid + done.counts.failed).toBe(2000);
    const codes = new Set((await all(batchId)).filter((r) => r.status === 'failed').map((r) => r.code));
    expect(codes).toEqual(new Set(['account-closed', 'name-mismatch', 'account-not-found']));
  });

  it('applies the error, timeout and lost-answer rates to every batch request; polls that fail are tolerated until the deadline', async () => {
    const p = prefix();
    bank.faults.errorRate = 1;
    await expect(client.submit(lines(5, p))).rejects.toThrow(/bank answered 503 to POST \/batches/);
    bank.faults.errorRate = 0;
    const { batchId } = await client.submit(lines(5, p));

    bank.faults.timeoutRate = 1;
    const started = Date.now();
    await expect(client.status(batchId)).rejects.toThrow(/no answer from the bank to GET \/batches/);
    expect(Date.now() - started).toBeLessThan(3000); // the client's own timeout (1 s here)
    bank.faults.timeoutRate = 0;

    bank.faults.lostAnswerRate = 1;
    await expect(client.results(batchId)).rejects.toBeInstanceOf(PaymentOutcomeUnknown);
    bank.faults.lostAnswerRate = 0;

    // Half the polls fail: the wait still ends with the batch completed.
    bank.faults.errorRate = 0.5;
    const done = await client.awaitCompletion(batchId);
    bank.faults.errorRate = 0;
    expect(done).toMatchObject({ status: 'completed', counts: { paid: 5 } });
    // Polls failing for good are a batch not answered.
    bank.faults.errorRate = 1;
    await expect(client.awaitCompletion(batchId, { deadlineMs: 200 })).rejects.toThrow(/not answered within 0 s \(no poll answered\)/);
  });

  it('refuses malformed, oversized and too-long batches as a whole, paying nothing', async () => {
    const p = prefix();
    const before = bank.stats();
    const bad = lines(3, p);
    bad[2] = { ...bad[2], amountFen: 12.5 };
    const refused = await client.submit(bad).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BatchRefused);
    expect(refused).toMatchObject({ code: 'payments.batch-refused', kind: 'unprocessable', status: 400 });
    expect((refused as Error).message).toMatch(/line 2 needs/);
    expect((refused as Error).message).not.toContain(bad[2].account);

    await expect(client.submit(lines(MAX_BATCH_LINES + 1, p))).rejects.toMatchObject({ code: 'payments.batch-size', kind: 'invalid' });
    const tooMany = await raw('/batches', JSON.stringify({ lines: lines(MAX_BATCH_LINES + 1, p) }));
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ code: 'too-many-lines' });

    const huge = await raw('/batches', JSON.stringify({ lines: [{ ...lines(1, p)[0], reference: 'x'.repeat(MAX_BODY_BYTES) }] })).catch((e: Error) => e);
    // The sandbox answers 413 without reading the body; the client may see the answer or the closed connection.
    if (huge instanceof Response) {
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ code: 'payload-too-large' });
    }
    const notJson = await raw('/batches', '{"lines": [');
    expect(notJson.status).toBe(400);
    expect(bank.stats().paid).toBe(before.paid);
    expect(bank.stats().batches).toBe(before.batches);
  });

  it('answers 404 for a batch it does not know, such as one submitted to an earlier run of the sandbox', async () => {
    await expect(client.status('BAT-000000-000001')).rejects.toBeInstanceOf(BatchUnknownAtBank);
    await expect(client.results('BAT-000000-000001')).rejects.toMatchObject({ code: 'payments.batch-unknown' });

    // Two runs (a restart forgets everything): the second never answers for the first's batch with its own.
    const runs = [await startBankSandbox(), await startBankSandbox()];
    try {
      const [first, second] = runs.map((r) => new BankBatchHttpProvider({ bank: { apiUrl: r.url, timeoutMs: 1000 }, bankBatch: { deadlineMs: 1000, pollMs: 20 } }));
      const one = await first.submit(lines(1, prefix()));
      const two = await second.submit(lines(2, prefix()));
      expect(two.batchId).not.toBe(one.batchId);
      await expect(second.status(one.batchId)).rejects.toBeInstanceOf(BatchUnknownAtBank);
    } finally {
      for (const r of runs) await r.stop();
    }
  });

  it('shares one key space with the single-payment API: a key paid in a batch is found, and never paid again, by the disbursement adapter', async () => {
    const p = prefix();
    const [line] = lines(1, p);
    const { batchId } = await client.submit([line]);
    await client.awaitCompletion(batchId);
    const [result] = await all(batchId);

    const single = new BankHttpProvider({ bank: { apiUrl: bank.url, timeoutMs: 1000 } } as ServiceConfig);
    expect(await single.lookup(line.idempotencyKey)).toEqual({ status: 'accepted', bankReference: result.bankReference });
    expect(await single.pay(line)).toEqual({ status: 'accepted', bankReference: result.bankReference });
    expect(await single.pay({ ...line, amountFen: 1 })).toEqual({ status: 'refused', reason: 'idempotency-key-reused' });
    expect(bank.record(line.idempotencyKey)?.timesPaid).toBe(1);

    // And a single payment's key sent in a later batch answers that payment.
    const [other] = lines(1, prefix());
    const paid = await single.pay(other);
    const again = await client.submit([other]);
    await client.awaitCompletion(again.batchId);
    expect(await all(again.batchId)).toEqual([{ idempotencyKey: other.idempotencyKey, status: 'paid', amountFen: 12_500, bankReference: (paid as { bankReference: string }).bankReference, repeat: true }]);
  });

  it('exports its record line by line (NDJSON) for reconciliation', async () => {
    const p = prefix();
    const { batchId } = await client.submit(lines(3, p));
    await client.awaitCompletion(batchId);
    const text = await (await fetch(`${bank.url}/_sandbox/ledger`)).text();
    const mine = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { idempotencyKey: string; status: string; amountFen: number; timesPaid: number })
      .filter((r) => r.idempotencyKey.startsWith(`${p}:`));
    expect(mine).toHaveLength(3);
    expect(mine.every((r) => r.status === 'paid' && r.amountFen === 12_500 && r.timesPaid === 1)).toBe(true);
    expect(text).not.toContain('62220200'); // account numbers are not kept
  });
});
