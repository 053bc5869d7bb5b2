import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A bank sandbox: the payment API eduaid's disbursement adapter talks to, with the faults a real
 * bank has. Payments are keyed by the caller's idempotency key: the same key with the same body is
 * answered with the first result and never paid twice; with another body, 409.
 *
 *   POST /payments            { idempotencyKey, account, holderName, amountFen, reference } → 201 (200 on a repeat)
 *   GET  /payments/:key       → 200 the payment, 404 unknown
 *   POST /_sandbox/faults     { latencyMs?, errorRate?, timeoutRate?, lostAnswerRate?, next?: Fault[] , closedAccounts?: string[] }
 *   GET  /_sandbox/payments   → every payment accepted (for tests to count)
 *
 * Faults: 'error' answers 503 without paying; 'timeout' holds the request (unpaid) until the
 * client gives up; 'lost-answer' pays and then drops the connection before answering; a closed
 * account is refused with 422 and code 'account-closed'. `next` faults are taken in order, one per
 * POST /payments, before the random rates apply. Account numbers are never logged.
 */
export type Fault = 'error' | 'timeout' | 'lost-answer';

export interface SandboxFaults {
  latencyMs: number;
  errorRate: number;
  timeoutRate: number;
  lostAnswerRate: number;
  next: Fault[];
  closedAccounts: string[];
}

export interface SandboxPayment {
  paymentId: string;
  idempotencyKey: string;
  accountLast4: string;
  amountFen: number;
  reference: string;
  acceptedAt: string;
}

export interface BankSandbox {
  url: string;
  faults: SandboxFaults;
  payments: Map<string, SandboxPayment & { fingerprint: string }>;
  stop(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

export async function startBankSandbox(options: { port?: number; host?: string; faults?: Partial<SandboxFaults> } = {}): Promise<BankSandbox> {
  const faults: SandboxFaults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, lostAnswerRate: 0, next: [], closedAccounts: [], ...options.faults };
  const payments = new Map<string, SandboxPayment & { fingerprint: string }>();
  const held = new Set<ServerResponse>();
  let seq = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (req.method === 'POST' && url.pathname === '/_sandbox/faults') {
      Object.assign(faults, await readBody(req));
      return json(res, 200, { ...faults, closedAccounts: faults.closedAccounts.length });
    }
    if (req.method === 'GET' && url.pathname === '/_sandbox/payments') {
      return json(res, 200, [...payments.values()].map(({ fingerprint: _f, ...p }) => p));
    }
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const byKey = /^\/payments\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && byKey) {
      const found = payments.get(decodeURIComponent(byKey[1]));
      if (!found) return json(res, 404, { code: 'not-found' });
      const { fingerprint: _f, ...payment } = found;
      return json(res, 200, { status: 'accepted', ...payment });
    }
    if (req.method === 'POST' && url.pathname === '/payments') {
      const body = await readBody(req);
      const key = String(body.idempotencyKey ?? '');
      const account = String(body.account ?? '');
      const amountFen = Number(body.amountFen);
      if (!key || !account || !Number.isSafeInteger(amountFen) || amountFen <= 0) return json(res, 400, { code: 'bad-request' });
      const fingerprint = `${account}|${amountFen}`;
      const existing = payments.get(key);
      if (existing) {
        if (existing.fingerprint !== fingerprint) return json(res, 409, { code: 'idempotency-key-reused' });
        const { fingerprint: _f, ...payment } = existing;
        return json(res, 200, { status: 'accepted', ...payment });
      }
      const fault = faults.next.shift() ?? (Math.random() < faults.errorRate ? 'error' : Math.random() < faults.timeoutRate ? 'timeout' : Math.random() < faults.lostAnswerRate ? 'lost-answer' : undefined);
      if (fault === 'error') return json(res, 503, { code: 'unavailable' });
      if (fault === 'timeout') {
        held.add(res); // never answered: the client times out; nothing is paid
        return;
      }
      if (faults.closedAccounts.includes(account)) return json(res, 422, { code: 'account-closed', message: 'the account is closed' });
      seq += 1;
      const payment = { paymentId: `SBX-${String(seq).padStart(8, '0')}`, idempotencyKey: key, accountLast4: account.slice(-4), amountFen, reference: String(body.reference ?? ''), acceptedAt: new Date().toISOString() };
      payments.set(key, { ...payment, fingerprint });
      if (fault === 'lost-answer') {
        res.socket?.destroy(); // paid, but the answer never arrives
        return;
      }
      return json(res, 201, { status: 'accepted', ...payment });
    }
    return json(res, 404, { code: 'no-route' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { code: 'internal' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    faults,
    payments,
    stop: async () => {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// `node dist/infra/bank-sandbox/bank-sandbox.js` runs it on BANK_SANDBOX_PORT (default 3090).
if (require.main === module) {
  startBankSandbox({ port: Number(process.env.BANK_SANDBOX_PORT ?? 3090) }).then(
    (s) => console.log(`bank sandbox on ${s.url}`),
    (error: Error) => {
      console.error(`bank sandbox: cannot start: ${error.message}`);
      process.exit(1);
    },
  );
}
