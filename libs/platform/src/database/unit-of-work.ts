import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction-scoped EntityManager: what a service opens with UnitOfWork#run and hands to every
 * repository call that must commit or roll back together. Repositories take it as their last
 * argument; without one they use their own connection.
 */
export type Transaction = EntityManager;

/** Anything a statement can be sent through: a unit of work's manager, or a pg client of the pool. */
export interface SqlSession {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Opens units of work. A service never touches the DataSource: it runs its writes in
 * `unitOfWork.run(async (tx) => …)` and passes `tx` to the repositories, which commit together when
 * the callback returns and roll back together when it throws.
 */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(manager));
  }
}
