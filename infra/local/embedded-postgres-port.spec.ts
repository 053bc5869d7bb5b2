import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PortClash, startEmbeddedPostgres } from './embedded-postgres';
import * as ports from './ports';

/**
 * The race every test start runs: a free port is found, then the server binds it a moment later, and on a
 * busy machine another process (a test run beside this one) can take it in between. Here a listener holds
 * the port the first choice lands on.
 */
describe('embedded PostgreSQL on a port taken before it binds', () => {
  let work: string;
  let squatter: net.Server;
  let taken: number;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-pg-port-'));
    // As root the server runs as the postgres user, which must reach the folder.
    chmodSync(work, 0o755);
    squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    taken = (squatter.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  it('starts again on a fresh port when the one it chose was taken, and says so', async () => {
    jest.spyOn(ports, 'freePort').mockResolvedValueOnce(taken);
    const notices: string[] = [];
    const pg = await startEmbeddedPostgres({ dataDir: path.join(work, 'chosen'), database: 'probe', persistent: false, notice: (line) => notices.push(line) });
    try {
      expect(pg.port).not.toBe(taken);
      expect(pg.url).toContain(`127.0.0.1:${pg.port}/probe`);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        expect((await client.query<{ port: string }>('SHOW port')).rows).toEqual([{ port: String(pg.port) }]);
      } finally {
        await client.end();
      }
      expect(notices).toContain(`port ${taken} was taken before the server could bind it; trying another`);
    } finally {
      await pg.stop();
    }
  });

  it('keeps a port the caller chose: taken, the start fails and names the clash', async () => {
    const start = startEmbeddedPostgres({ dataDir: path.join(work, 'given'), port: taken, database: 'probe', persistent: false, notice: () => undefined });
    await expect(start).rejects.toBeInstanceOf(PortClash);
    await expect(start).rejects.toThrow(/could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
  });
});
