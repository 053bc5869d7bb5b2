import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A bank sandbox: the payment APIs eduaid talks to, with the faults a real bank has. Dependency-free,
 * state in memory (it is a sandbox: a restart forgets every payment).
 *
 * Every payment is keyed by the caller's idempotency key, one key space for both APIs: the same key
 * with the same account and amount is answered with the first result and never paid twice; with
 * another account or amount it is a conflict (409 for a single payment, a `conflict` line in a batch).
 *
 * Single payments (the disbursement adapter's API):
 *   POST /payments            { idempotencyKey, account, holderName, amountFen, reference } → 201 (200 on a repeat)
 *   GET  /payments/:key       → 200 a payment made, 404 none made (unknown, or failed), 503 still in a batch being processed
 *
 * Bulk payments (what banks give government payers):
 *   POST /batches             { lines: [{ idempotencyKey, account, holderName, amountFen, reference }] } (1–MAX_BATCH_LINES lines,
 *                             body ≤ MAX_BODY_BYTES) → 202 { batchId, status: 'processing', lines }; 400 a malformed line
 *                             (its index named), 413 body too large, 422 too many lines
 *   GET  /batches/:id         → 200 { batchId, status: 'processing' | 'completed', lines, counts: { pending, paid, failed, returned, conflict },
 *                             submittedAt, completedAt? }; 404 unknown
 *   GET  /batches/:id/lines?offset=0&limit=1000 (limit ≤ 5000)
 *                             → 200 { batchId, status, offset, nextOffset (null at the end), lines: [{ index, idempotencyKey, status, amountFen,
 *                             paymentId?, code?, repeat? }] }. A line is `pending` until processed, then `paid`, `failed` (code
 *                             account-closed, name-mismatch or account-not-found), `conflict` (code idempotency-key-reused) or, some
 *                             time after it was paid, `returned` (code account-closed). `repeat: true` marks a line whose key was
 *                             already known: it answers the first result and pays nothing.
 *
 *   GET  /returns?after=0&limit=1000 → 200 { returns: [{ idempotencyKey, paymentId, amountFen, code, returnedAt }], next }: payments
 *                             returned by the receiving bank, in order; pass `next` as `after` to read on (the feed stops at
 *                             the first return not yet due, so a cursor never skips one)
 *
 * Sandbox control (tests, benchmarks):
 *   POST /_sandbox/faults     any of SandboxFaults → the faults now in force; 400 naming an unknown fault or a bad value
 *   GET  /_sandbox/payments   → the single payments accepted
 *   GET  /_sandbox/ledger     → NDJSON, one line per key: { idempotencyKey, status, amountFen, paymentId?, code?, timesPaid } (the bank's record)
 *   GET  /_sandbox/stats      → { keys, paid, paidFen, failed, returned, pending, batches }
 *
 * Faults (all off by default). Single payments: `next` faults are taken in order, one per POST /payments, before the random
 * rates. 'error' answers 503 without paying; 'timeout' holds the request (unpaid) until the client
 * gives up; 'lost-answer' pays and then drops the connection before answering; a closed account is
 * refused with 422 and code 'account-closed'.
 * Batches: the error/timeout/lost-answer rates apply to every batch request (submit, poll, lines, returns);
 * a lost submit answer means the batch was accepted and is processed. `nextBatch` faults are taken in
 * order, one per POST /batches: besides those three, 'unanswered' accepts the batch (202) and never
 * processes it (it stays `processing` with every line `pending`; nothing is paid, a later batch with
 * the same keys pays them), and 'unanswered-after-paying' pays its lines but never reports them
 * (the batch stays `processing`, its lines `pending`; a later batch with the same keys answers `paid`,
 * repeat). `unansweredBatchRate` draws 'unanswered' at random. Per line: `lineFailureRate` fails a new
 * line with a random code, `returnRate` returns a paid line `returnAfterMs` later; `closedAccounts`,
 * `nameMismatchAccounts` and `returnedAccounts` do the same for chosen accounts. `batchDelayMs` is
 * how long a batch waits before it is processed. Account numbers are never logged nor kept (only a
 * hash, to tell a conflict, and a single payment's last four digits).
 *
 * Memory: one record per key in column arrays (amount, status, code, account hash, times), and per
 * batch two arrays of line → record; the submitted lines are held only until the batch is processed.
 */
export type Fault = 'error' | 'timeout' | 'lost-answer';
export type BatchFault = Fault | 'unanswered' | 'unanswered-after-paying';

export interface SandboxFaults {
  latencyMs: number;
  errorRate: number;
  timeoutRate: number;
  lostAnswerRate: number;
  next: Fault[];
  closedAccounts: string[];
  nextBatch: BatchFault[];
  unansweredBatchRate: number;
  lineFailureRate: number;
  returnRate: number;
  returnAfterMs: number;
  batchDelayMs: number;
  nameMismatchAccounts: string[];
  returnedAccounts: string[];
}

export interface SandboxPayment {
  paymentId: string;
  idempotencyKey: string;
  accountLast4: string;
  amountFen: number;
  reference: string;
  acceptedAt: string;
}

export type LineStatus = 'pending' | 'paid' | 'failed' | 'returned' | 'conflict';

export interface LineResult {
  index: number;
  idempotencyKey: string;
  status: LineStatus;
  amountFen: number;
  paymentId?: string;
  code?: string;
  repeat?: true;
}

export interface SandboxStats {
  keys: number;
  paid: number;
  paidFen: number;
  failed: number;
  returned: number;
  pending: number;
  batches: number;
}

export interface BankSandbox {
  url: string;
  faults: SandboxFaults;
  /** The single payments accepted (POST /payments), by key. */
  payments: Map<string, SandboxPayment & { fingerprint: string }>;
  /** The bank's record of one key (either API), or undefined. */
  record(idempotencyKey: string): { status: Exclude<LineStatus, 'conflict'>; amountFen: number; paymentId?: string; code?: string; timesPaid: number } | undefined;
  stats(): SandboxStats;
  stop(): Promise<void>;
}

export const MAX_BATCH_LINES = 10_000;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_PAGE = 5000;

// Record status codes (Uint8Array); 'returned' is paid + a return time that has passed.
const PENDING = 0;
const PAID = 1;
const FAILED = 2;
const CODES = ['', 'account-closed', 'name-mismatch', 'account-not-found', 'idempotency-key-reused'] as const;
const RANDOM_FAILURES = [1, 2, 3];

class TooLarge extends Error {}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
  return parsed as Record<string, unknown>;
}

/** FNV-1a, 32 bits: tells "same account" without keeping the number. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** One record per idempotency key, in columns. */
class Records {
  /** This run's mark in payment ids: a restarted sandbox (which forgot everything) never repeats an id. */
  constructor(private readonly run: string) {}

  private readonly byKey = new Map<string, number>();
  readonly keys: string[] = [];
  amount = new Float64Array(1024);
  account = new Uint32Array(1024);
  status = new Uint8Array(1024);
  code = new Uint8Array(1024);
  timesPaid = new Uint8Array(1024);
  returnAt = new Float64Array(1024);

  get size(): number {
    return this.keys.length;
  }

  find(key: string): number | undefined {
    return this.byKey.get(key);
  }

  add(key: string, accountHash: number, amountFen: number): number {
    const i = this.keys.length;
    const n = i + 1;
    this.amount = grow(this.amount, n);
    this.account = grow(this.account, n);
    this.status = grow(this.status, n);
    this.code = grow(this.code, n);
    this.timesPaid = grow(this.timesPaid, n);
    this.returnAt = grow(this.returnAt, n);
    this.keys.push(key);
    this.byKey.set(key, i);
    this.amount[i] = amountFen;
    this.account[i] = accountHash;
    this.status[i] = PENDING;
    return i;
  }

  paymentId(i: number): string {
    return `SBX-${this.run}-${String(i + 1).padStart(8, '0')}`;
  }

  /** Everything a line or a lookup shows of record i, returns resolved against the clock. */
  view(i: number, now = Date.now()): { status: Exclude<LineStatus, 'conflict'>; paymentId?: string; code?: string } {
    const s = this.status[i];
    if (s === PENDING) return { status: 'pending' };
    if (s === FAILED) return { status: 'failed', code: CODES[this.code[i]] };
    const paymentId = this.paymentId(i);
    if (this.returnAt[i] > 0 && now >= this.returnAt[i]) return { status: 'returned', paymentId, code: 'account-closed' };
    return { status: 'paid', paymentId };
  }
}


interface SubmittedLine {
  key: string;
  account: string;
  holderName: string;
  amountFen: number;
}

// Line kinds in a batch: the record it answers, and how.
const NEW = 0;
const REPEAT = 1;
const CONFLICT = 2;

interface Batch {
  id: string;
  size: number;
  submittedAt: number;
  completedAt?: number;
  /** Held until processed, then dropped. */
  input?: SubmittedLine[];
  /** Keys and amounts of a batch that is never answered (its input is dropped). */
  keys?: string[];
  amounts?: Float64Array;
  record: Uint32Array;
  kind: Uint8Array;
  processed: number;
  /** Never reports: 'unanswered' pays nothing, 'unanswered-after-paying' pays and stays silent. */
  silent?: 'unanswered' | 'unanswered-after-paying';
}

function parseLine(raw: unknown): SubmittedLine | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const line = raw as Record<string, unknown>;
  const key = line.idempotencyKey;
  const account = line.account;
  const amountFen = line.amountFen;
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return undefined;
  if (typeof account !== 'string' || !/^[0-9A-Za-z]{6,34}$/.test(account)) return undefined;
  if (typeof amountFen !== 'number' || !Number.isSafeInteger(amountFen) || amountFen <= 0) return undefined;
  return { key, account, holderName: typeof line.holderName === 'string' ? line.holderName.slice(0, 100) : '', amountFen };
}

const FAULT_NAMES: readonly string[] = ['error', 'timeout', 'lost-answer'];
const BATCH_FAULT_NAMES: readonly string[] = [...FAULT_NAMES, 'unanswered', 'unanswered-after-paying'];
const isRate = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
const isMs = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const listOf = (names?: readonly string[]) => (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && (!names || names.includes(x)));
const FAULT_RULES: Record<keyof SandboxFaults, [(v: unknown) => boolean, string]> = {
  latencyMs: [isMs, 'a whole number of milliseconds'],
  errorRate: [isRate, 'a rate from 0 to 1'],
  timeoutRate: [isRate, 'a rate from 0 to 1'],
  lostAnswerRate: [isRate, 'a rate from 0 to 1'],
  next: [listOf(FAULT_NAMES), `a list of ${FAULT_NAMES.join(', ')}`],
  closedAccounts: [listOf(), 'a list of account numbers'],
  nextBatch: [listOf(BATCH_FAULT_NAMES), `a list of ${BATCH_FAULT_NAMES.join(', ')}`],
  unansweredBatchRate: [isRate, 'a rate from 0 to 1'],
  lineFailureRate: [isRate, 'a rate from 0 to 1'],
  returnRate: [isRate, 'a rate from 0 to 1'],
  returnAfterMs: [isMs, 'a whole number of milliseconds'],
  batchDelayMs: [isMs, 'a whole number of milliseconds'],
  nameMismatchAccounts: [listOf(), 'a list of account numbers'],
  returnedAccounts: [listOf(), 'a list of account numbers'],
};

/** The faults a POST /_sandbox/faults body sets, or what is wrong with it (nothing is changed then). */
function faultProblems(body: Record<string, unknown>): Partial<SandboxFaults> | string {
  for (const [name, value] of Object.entries(body)) {
    const rule = FAULT_RULES[name as keyof SandboxFaults];
    if (!rule) return `unknown fault ${name} (known: ${Object.keys(FAULT_RULES).join(', ')})`;
    if (!rule[0](value)) return `${name} must be ${rule[1]}`;
  }
  return body as Partial<SandboxFaults>;
}

export async function startBankSandbox(options: { port?: number; host?: string; faults?: Partial<SandboxFaults> } = {}): Promise<BankSandbox> {
  const faults: SandboxFaults = {
    latencyMs: 0,
    errorRate: 0,
    timeoutRate: 0,
    lostAnswerRate: 0,
    next: [],
    closedAccounts: [],
    nextBatch: [],
    unansweredBatchRate: 0,
    lineFailureRate: 0,
    returnRate: 0,
    returnAfterMs: 5000,
    batchDelayMs: 0,
    nameMismatchAccounts: [],
    returnedAccounts: [],
    ...options.faults,
  };
  const payments = new Map<string, SandboxPayment & { fingerprint: string }>();
  // Batch and payment ids carry this run's mark: ids a client kept from an earlier run are unknown (404), never another's.
  const run = randomBytes(3).toString('hex');
  const records = new Records(run);
  const batches = new Map<string, Batch>();
  const held = new Set<ServerResponse>();
  /** Records to be returned, in the order their returns were scheduled (the returns feed's sequence). */
  const returnQueue: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let batchSeq = 0;

  const randomFault = (): Fault | undefined =>
    Math.random() < faults.errorRate ? 'error' : Math.random() < faults.timeoutRate ? 'timeout' : Math.random() < faults.lostAnswerRate ? 'lost-answer' : undefined;

  /** Pays or fails a new record: the bank's decision about one instruction. */
  const execute = (i: number, account: string) => {
    const failure = faults.closedAccounts.includes(account)
      ? 1
      : faults.nameMismatchAccounts.includes(account)
        ? 2
        : Math.random() < faults.lineFailureRate
          ? RANDOM_FAILURES[Math.floor(Math.random() * RANDOM_FAILURES.length)]
          : 0;
    if (failure) {
      records.status[i] = FAILED;
      records.code[i] = failure;
      return;
    }
    records.status[i] = PAID;
    records.timesPaid[i] = Math.min(255, records.timesPaid[i] + 1);
    if (faults.returnedAccounts.includes(account) || Math.random() < faults.returnRate) {
      records.returnAt[i] = Date.now() + Math.max(0, faults.returnAfterMs);
      returnQueue.push(i);
    }
  };

  /** The line's record: new (paid or failed now), a repeat of the key's first result, or a conflict. */
  const take = (line: SubmittedLine): { record: number; kind: number } => {
    const known = records.find(line.key);
    if (known === undefined) {
      const record = records.add(line.key, hash32(line.account), line.amountFen);
      execute(record, line.account);
      return { record, kind: NEW };
    }
    const same = records.amount[known] === line.amountFen && records.account[known] === hash32(line.account);
    return { record: known, kind: same ? REPEAT : CONFLICT };
  };

  /** Processes a batch in slices so that polls are answered while a large batch runs. */
  const processBatch = (batch: Batch) => {
    const slice = () => {
      timers.delete(timer);
      const input = batch.input;
      if (!input) return;
      const end = Math.min(batch.size, batch.processed + 1000);
      for (let i = batch.processed; i < end; i++) {
        const { record, kind } = take(input[i]);
        batch.record[i] = record;
        batch.kind[i] = kind;
      }
      batch.processed = end;
      if (end < batch.size) {
        timer = setTimeout(slice, 0);
        timers.add(timer);
        return;
      }
      if (batch.silent === 'unanswered-after-paying') {
        // Paid, but the bank never says so: keep only what the lines endpoint shows (pending keys).
        batch.keys = input.map((l) => l.key);
        batch.amounts = Float64Array.from(input, (l) => l.amountFen);
        batch.input = undefined;
        batch.processed = 0;
        return;
      }
      batch.input = undefined;
      batch.completedAt = Date.now();
    };
    let timer = setTimeout(slice, Math.max(0, faults.batchDelayMs));
    timers.add(timer);
  };

  const lineOf = (batch: Batch, i: number, now: number): LineResult => {
    if (i >= batch.processed || batch.silent) {
      const key = batch.input?.[i].key ?? batch.keys?.[i] ?? '';
      const amountFen = batch.input?.[i].amountFen ?? batch.amounts?.[i] ?? 0;
      return { index: i, idempotencyKey: key, status: 'pending', amountFen };
    }
    const record = batch.record[i];
    const key = records.keys[record];
    if (batch.kind[i] === CONFLICT) return { index: i, idempotencyKey: key, status: 'conflict', amountFen: records.amount[record], code: 'idempotency-key-reused' };
    const view = records.view(record, now);
    return { index: i, idempotencyKey: key, amountFen: records.amount[record], ...view, ...(batch.kind[i] === REPEAT ? { repeat: true as const } : {}) };
  };

  /** A line's status alone, without building its result (polls count thousands of lines). */
  const statusOf = (batch: Batch, i: number, now: number): LineStatus => {
    if (i >= batch.processed || batch.silent) return 'pending';
    if (batch.kind[i] === CONFLICT) return 'conflict';
    const record = batch.record[i];
    const s = records.status[record];
    if (s === PENDING) return 'pending';
    if (s === FAILED) return 'failed';
    return records.returnAt[record] > 0 && now >= records.returnAt[record] ? 'returned' : 'paid';
  };

  const summary = (batch: Batch) => {
    const counts = { pending: 0, paid: 0, failed: 0, returned: 0, conflict: 0 };
    const now = Date.now();
    for (let i = 0; i < batch.size; i++) counts[statusOf(batch, i, now)] += 1;
    return {
      batchId: batch.id,
      status: batch.completedAt ? 'completed' : 'processing',
      lines: batch.size,
      counts,
      submittedAt: new Date(batch.submittedAt).toISOString(),
      ...(batch.completedAt ? { completedAt: new Date(batch.completedAt).toISOString() } : {}),
    };
  };

  /** Applies a fault to a request; true when it was answered (or held, or dropped) by the fault. */
  const faulted = (res: ServerResponse, fault: Fault | undefined, afterWork?: () => void): boolean => {
    if (fault === 'error') {
      json(res, 503, { code: 'unavailable' });
      return true;
    }
    if (fault === 'timeout') {
      held.add(res); // never answered: the client times out; nothing is done
      return true;
    }
    if (fault === 'lost-answer') {
      afterWork?.();
      res.socket?.destroy(); // done, but the answer never arrives
      return true;
    }
    return false;
  };

  const submitBatch = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (!Array.isArray(body.lines) || body.lines.length === 0) return json(res, 400, { code: 'bad-request', message: 'lines must be a non-empty array' });
    if (body.lines.length > MAX_BATCH_LINES) return json(res, 422, { code: 'too-many-lines', message: `at most ${MAX_BATCH_LINES} lines a batch` });
    const input: SubmittedLine[] = [];
    for (let i = 0; i < body.lines.length; i++) {
      const line = parseLine(body.lines[i]);
      if (!line) return json(res, 400, { code: 'bad-request', message: `line ${i} needs idempotencyKey (1–200 characters), account (6–34 letters or digits) and amountFen (a positive whole number)`, line: i });
      input.push(line);
    }
    const pick = faults.nextBatch.shift();
    const fault: BatchFault | undefined = pick ?? (Math.random() < faults.unansweredBatchRate ? 'unanswered' : randomFault());
    if (fault === 'error' || fault === 'timeout') return faulted(res, fault);
    batchSeq += 1;
    const batch: Batch = {
      id: `BAT-${run}-${String(batchSeq).padStart(6, '0')}`,
      size: input.length,
      submittedAt: Date.now(),
      input,
      record: new Uint32Array(input.length),
      kind: new Uint8Array(input.length),
      processed: 0,
    };
    batches.set(batch.id, batch);
    if (fault === 'unanswered') {
      batch.silent = 'unanswered';
      batch.keys = input.map((l) => l.key);
      batch.amounts = Float64Array.from(input, (l) => l.amountFen);
      batch.input = undefined;
    } else {
      if (fault === 'unanswered-after-paying') batch.silent = fault;
      processBatch(batch);
    }
    if (faulted(res, fault === 'lost-answer' ? fault : undefined)) return;
    return json(res, 202, { batchId: batch.id, status: 'processing', lines: batch.size });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method === 'POST' && url.pathname === '/_sandbox/faults') {
      const problems = faultProblems(await readBody(req, 1024 * 1024));
      if (typeof problems === 'string') return json(res, 400, { code: 'bad-request', message: problems });
      Object.assign(faults, problems);
      return json(res, 200, { ...faults, closedAccounts: faults.closedAccounts.length, nameMismatchAccounts: faults.nameMismatchAccounts.length, returnedAccounts: faults.returnedAccounts.length });
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/payments') {
      return json(res, 200, [...payments.values()].map(({ fingerprint: _f, ...p }) => p));
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/stats') return json(res, 200, stats());
    if (req.method === 'GET' && url.pathname === '/_sandbox/ledger') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const now = Date.now();
      for (let i = 0; i < records.size; i++) {
        const view = records.view(i, now);
        const ok = res.write(JSON.stringify({ idempotencyKey: records.keys[i], status: view.status, amountFen: records.amount[i], paymentId: view.paymentId, code: view.code, timesPaid: records.timesPaid[i] }) + '\n');
        if (!ok) await new Promise((r) => res.once('drain', r));
      }
      return res.end();
    }
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));

    if (req.method === 'POST' && url.pathname === '/batches') return submitBatch(req, res);
    const batchRoute = /^\/batches\/([^/]+)(\/lines)?$/.exec(url.pathname);
    if (req.method === 'GET' && batchRoute) {
      if (faulted(res, randomFault())) return;
      const batch = batches.get(decodeURIComponent(batchRoute[1]));
      if (!batch) return json(res, 404, { code: 'not-found' });
      if (!batchRoute[2]) return json(res, 200, summary(batch));
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        return json(res, 400, { code: 'bad-request', message: `offset must be a whole number ≥ 0 and limit 1–${MAX_PAGE}` });
      }
      const now = Date.now();
      const end = Math.min(batch.size, offset + limit);
      const lines: LineResult[] = [];
      for (let i = offset; i < end; i++) lines.push(lineOf(batch, i, now));
      return json(res, 200, { batchId: batch.id, status: batch.completedAt ? 'completed' : 'processing', offset, nextOffset: end < batch.size ? end : null, lines });
    }

    if (req.method === 'GET' && url.pathname === '/returns') {
      if (faulted(res, randomFault())) return;
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
        return json(res, 400, { code: 'bad-request', message: `after must be a whole number ≥ 0 and limit 1–${MAX_PAGE}` });
      }
      const now = Date.now();
      const returns: unknown[] = [];
      let next = after;
      // Stops at the first return not yet due, so a cursor never skips one.
      while (next < returnQueue.length && returns.length < limit && records.returnAt[returnQueue[next]] <= now) {
        const i = returnQueue[next];
        returns.push({ idempotencyKey: records.keys[i], paymentId: records.paymentId(i), amountFen: records.amount[i], code: 'account-closed', returnedAt: new Date(records.returnAt[i]).toISOString() });
        next += 1;
      }
      return json(res, 200, { returns, next });
    }

    const byKey = /^\/payments\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && byKey) {
      const key = decodeURIComponent(byKey[1]);
      const found = payments.get(key);
      if (found) {
        const { fingerprint: _f, ...payment } = found;
        return json(res, 200, { status: 'accepted', ...payment });
      }
      const record = records.find(key);
      if (record === undefined) return json(res, 404, { code: 'not-found' });
      const view = records.view(record);
      if (view.status === 'pending') return json(res, 503, { code: 'in-progress', message: 'the payment is in a batch being processed' });
      if (view.status !== 'paid') return json(res, 404, { code: 'not-found', status: view.status });
      return json(res, 200, { status: 'accepted', paymentId: view.paymentId, idempotencyKey: key, amountFen: records.amount[record] });
    }
    if (req.method === 'POST' && url.pathname === '/payments') {
      const body = await readBody(req);
      const key = String(body.idempotencyKey ?? '');
      const account = String(body.account ?? '');
      const amountFen = Number(body.amountFen);
      if (!key || !account || !Number.isSafeInteger(amountFen) || amountFen <= 0) return json(res, 400, { code: 'bad-request' });
      const fingerprint = `${hash32(account)}|${amountFen}`;
      const existing = payments.get(key);
      if (existing) {
        if (existing.fingerprint !== fingerprint) return json(res, 409, { code: 'idempotency-key-reused' });
        const { fingerprint: _f, ...payment } = existing;
        return json(res, 200, { status: 'accepted', ...payment });
      }
      const known = records.find(key);
      if (known !== undefined) {
        // A key first seen in a batch: its result, as this API says it.
        if (records.amount[known] !== amountFen || records.account[known] !== hash32(account)) return json(res, 409, { code: 'idempotency-key-reused' });
        const view = records.view(known);
        if (view.status === 'pending') return json(res, 503, { code: 'in-progress' });
        if (view.status === 'paid') return json(res, 200, { status: 'accepted', paymentId: view.paymentId, idempotencyKey: key, amountFen });
        return json(res, 422, { code: view.code, message: `the payment ${view.status}` });
      }
      const fault = faults.next.shift() ?? randomFault();
      if (fault === 'error' || fault === 'timeout') return faulted(res, fault);
      // A closed account is refused and not recorded: the same key may be paid once the account is fixed.
      if (faults.closedAccounts.includes(account)) return json(res, 422, { code: 'account-closed', message: 'the account is closed' });
      const record = records.add(key, hash32(account), amountFen);
      records.status[record] = PAID;
      records.timesPaid[record] = 1;
      const payment = { paymentId: records.paymentId(record), idempotencyKey: key, accountLast4: account.slice(-4), amountFen, reference: String(body.reference ?? ''), acceptedAt: new Date().toISOString() };
      payments.set(key, { ...payment, fingerprint });
      if (faulted(res, fault)) return;
      return json(res, 201, { status: 'accepted', ...payment });
    }
    return json(res, 404, { code: 'no-route' });
  };

  const stats = (): SandboxStats => {
    const result: SandboxStats = { keys: records.size, paid: 0, paidFen: 0, failed: 0, returned: 0, pending: 0, batches: batches.size };
    const now = Date.now();
    for (let i = 0; i < records.size; i++) {
      const { status } = records.view(i, now);
      if (status === 'paid') {
        result.paid += 1;
        result.paidFen += records.amount[i];
      } else result[status] += 1;
    }
    return result;
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof TooLarge) {
        res.setHeader('connection', 'close'); // the rest of the body is not read
        return json(res, 413, { code: 'payload-too-large', message: `a request body is at most ${MAX_BODY_BYTES} bytes` });
      }
      if (error instanceof SyntaxError) return json(res, 400, { code: 'bad-request', message: 'the body must be a JSON object' });
      json(res, 500, { code: 'internal' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    payments,
    record: (key) => {
      const i = records.find(key);
      if (i === undefined) return undefined;
      return { ...records.view(i), amountFen: records.amount[i], timesPaid: records.timesPaid[i] };
    },
    stats,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The sandbox's port for `npm start` and the standalone run. */
export const BANK_SANDBOX_PORT_VARIABLE = 'BANK_SANDBOX_PORT';
export const DEFAULT_BANK_SANDBOX_PORT = 3009;

/**
 * Faults for a sandbox run on its own (BANK_SANDBOX_FAULTS, a JSON object of SandboxFaults), e.g.
 * for a reliability run whose bank must outlive the processes it kills.
 */
export function faultsFromEnvironment(raw: string | undefined): Partial<SandboxFaults> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('BANK_SANDBOX_FAULTS must be JSON, e.g. {"errorRate":0.05,"unansweredBatchRate":0.01}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('BANK_SANDBOX_FAULTS must be a JSON object');
  const faults = faultProblems(parsed as Record<string, unknown>);
  if (typeof faults === 'string') throw new Error(`BANK_SANDBOX_FAULTS: ${faults}`);
  return faults;
}

// `node dist/infra/bank-sandbox/bank-sandbox.js` runs it on BANK_SANDBOX_PORT (default 3009), with
// the faults BANK_SANDBOX_FAULTS gives (none by default).
if (require.main === module) {
  const run = async () => {
    const raw = process.env[BANK_SANDBOX_PORT_VARIABLE];
    const port = raw ? Number(raw) : DEFAULT_BANK_SANDBOX_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${BANK_SANDBOX_PORT_VARIABLE} must be a port number between 0 and 65535, got '${raw}'`);
    const sandbox = await startBankSandbox({ port, host: process.env.HOST || '127.0.0.1', faults: faultsFromEnvironment(process.env.BANK_SANDBOX_FAULTS) });
    console.log(`bank sandbox on ${sandbox.url}`);
    const stop = () => void sandbox.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  run().catch((error: Error) => {
    console.error(`bank sandbox: cannot start: ${error.message}`);
    process.exit(1);
  });
}
