import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CaseworkLink, REVOCATION_CACHE_MS, REVOCATION_MAX_STALENESS_MS, RevocationListBody } from './casework-link';

/**
 * The revocation window of the services other than casework, as the README states it: a token
 * revoked at T is refused from T + REVOCATION_CACHE_MS at the latest while casework answers, and
 * the last list serves at most REVOCATION_MAX_STALENESS_MS when it does not (then requests fail closed).
 */
describe('CaseworkLink revocation window', () => {
  let server: Server;
  let list: RevocationListBody;
  let answering: boolean;
  let requests: number;
  let now: number;
  let link: CaseworkLink;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the expected fetch failures need not fill the output
    server = createServer((_req, res) => {
      requests += 1;
      if (!answering) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    list = { tokenIds: [], userCutoffs: [], asOf: new Date().toISOString() };
    answering = true;
    requests = 0;
    now = Date.parse('2026-12-01T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const port = (server.address() as AddressInfo).port;
    link = new CaseworkLink('students', 'x'.repeat(32), `http://127.0.0.1:${port}`);
  });

  afterEach(() => jest.restoreAllMocks());

  it('refuses a revoked token within REVOCATION_CACHE_MS of its revocation', async () => {
    expect(await link.isRevoked('token-1')).toBe(false);
    list.tokenIds = ['token-1']; // revoked in casework now (T)
    now += REVOCATION_CACHE_MS - 1;
    expect(await link.isRevoked('token-1')).toBe(false); // inside the window: the cached list is used
    now += 2;
    expect(await link.isRevoked('token-1')).toBe(true); // T + REVOCATION_CACHE_MS: refused
    expect(requests).toBe(2);
  });

  it('uses the last list for at most REVOCATION_MAX_STALENESS_MS while casework does not answer, then fails closed', async () => {
    expect(await link.isRevoked('token-2')).toBe(false);
    answering = false;
    now += REVOCATION_MAX_STALENESS_MS - 1;
    expect(await link.isRevoked('token-2')).toBe(false);
    now += 2;
    await expect(link.isRevoked('token-2')).rejects.toMatchObject({ code: 'auth.revocation-unavailable' });
  });
});
