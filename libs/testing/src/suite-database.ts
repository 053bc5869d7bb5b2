import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnv } from './test-env';

export interface SuiteDatabase {
  name: string;
  url: string;
  /** Runs one statement on the suite's database (for assertions on what was written). */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one suite, on the test PostgreSQL server: suites never see each
 * other's rows and can run in any order.
 */
export async function createSuiteDatabase(label: string): Promise<SuiteDatabase> {
  const adminUrl = testEnv('adminDatabaseUrl');
  const name = `t_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    name,
    url: url.toString(),
    query: async (sql, params) => (await client.query(sql, params)).rows,
    drop: async () => {
      await client.end();
      const dropper = new Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
