import net from 'node:net';
import { startLocalBank } from './local-environment';
import { freePort } from './ports';

/**
 * `npm start`'s bank: the sandbox on BANK_SANDBOX_PORT with its faults off (so an approved
 * application is paid), the bank EDUAID_BANK_API_URL names when set, and a clear message when the
 * port is taken or not a port.
 */
describe('the bank npm start pays through', () => {
  const saved = { port: process.env.BANK_SANDBOX_PORT, url: process.env.EDUAID_BANK_API_URL };
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  afterEach(() => {
    lines.length = 0;
    for (const [name, value] of [['BANK_SANDBOX_PORT', saved.port], ['EDUAID_BANK_API_URL', saved.url]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('starts the sandbox on BANK_SANDBOX_PORT, faults off: a payment is accepted and a batch completes', async () => {
    delete process.env.EDUAID_BANK_API_URL;
    const port = await freePort();
    process.env.BANK_SANDBOX_PORT = String(port);
    const bank = await startLocalBank(log);
    try {
      expect(bank).toMatchObject({ url: `http://127.0.0.1:${port}`, sandbox: true });
      expect(lines).toEqual([`started the bank sandbox on port ${port} (faults off)`]);
      const paid = await fetch(`${bank.url}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idempotencyKey: 'k-1', account: '6217000010001234567', holderName: '家长', amountFen: 50_000, reference: 'demo' }),
      });
      expect(paid.status).toBe(201);
      const submitted = await fetch(`${bank.url}/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lines: [{ idempotencyKey: 'k-2', account: '6217000010001234567', holderName: '家长', amountFen: 50_000, reference: 'demo' }] }),
      });
      const { batchId } = (await submitted.json()) as { batchId: string };
      let summary: { status: string; counts: { paid: number } } = { status: 'processing', counts: { paid: 0 } };
      for (let i = 0; i < 50 && summary.status !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        summary = (await (await fetch(`${bank.url}/batches/${batchId}`)).json()) as typeof summary;
      }
      expect(summary).toMatchObject({ status: 'completed', counts: { paid: 1 } });
    } finally {
      await bank.stop();
    }
  });

  it('says which variable moves it when its port is taken', async () => {
    delete process.env.EDUAID_BANK_API_URL;
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    process.env.BANK_SANDBOX_PORT = String((blocker.address() as net.AddressInfo).port);
    try {
      await expect(startLocalBank(log)).rejects.toThrow(`port ${process.env.BANK_SANDBOX_PORT} (bank sandbox) is already taken; free it or set BANK_SANDBOX_PORT to another port`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a BANK_SANDBOX_PORT that is not a port', async () => {
    delete process.env.EDUAID_BANK_API_URL;
    process.env.BANK_SANDBOX_PORT = '70000';
    await expect(startLocalBank(log)).rejects.toThrow("BANK_SANDBOX_PORT must be a port number between 1 and 65535, got '70000'");
  });

  it('starts no sandbox when EDUAID_BANK_API_URL names a bank', async () => {
    process.env.EDUAID_BANK_API_URL = 'https://bank.example.org/api';
    process.env.BANK_SANDBOX_PORT = '70000'; // not even read
    const bank = await startLocalBank(log);
    expect(bank).toMatchObject({ url: 'https://bank.example.org/api', sandbox: false });
    expect(lines).toEqual(['using the bank at EDUAID_BANK_API_URL=https://bank.example.org/api']);
    await bank.stop();
  });
});
