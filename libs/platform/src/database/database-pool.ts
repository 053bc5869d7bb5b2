import { OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';

/**
 * The service's plain pg pool, for what TypeORM's query runner does not offer: a pg client of its
 * own for COPY (pg-copy-streams) inside one transaction. Small, separate from TypeORM's pool, and
 * opened lazily (no connection until the first use).
 */
export class DatabasePool implements OnModuleDestroy {
  constructor(private readonly pool: Pool) {}

  static open(url: string, schema: string, max = 4): DatabasePool {
    return new DatabasePool(new Pool({ connectionString: url, max, application_name: `eduaid-${schema}-copy` }));
  }

  /**
   * Runs `work` on one client inside BEGIN … COMMIT (ROLLBACK when it throws), then gives the client
   * back to the pool, or drops it when the rollback failed too (its connection is in doubt).
   */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
