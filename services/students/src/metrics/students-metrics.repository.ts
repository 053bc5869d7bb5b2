import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Counts for the service's domain gauges, read when Prometheus scrapes. Plain GROUP BY counts over
 * whole tables (raw SQL: the ledger and imports have no entity here, and each is one statement);
 * each is an index-only or sequential count, tens of milliseconds at the province's 766,000 rows.
 */
@Injectable()
export class StudentsMetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async applicationsByState(): Promise<{ state: string; count: number }[]> {
    const rows: { state: string | null; count: string }[] = await this.dataSource.query(
      `SELECT state, count(*) AS count FROM students.aid_applications GROUP BY state`,
    );
    return rows.map((r) => ({ state: r.state ?? 'unknown', count: Number(r.count) }));
  }

  async paymentsByStatus(): Promise<{ status: string; count: number }[]> {
    const rows: { status: string; count: string }[] = await this.dataSource.query(
      `SELECT status, count(*) AS count FROM students.aid_payments GROUP BY status`,
    );
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  }

  async importRows(): Promise<{ read: number; accepted: number; rejected: number }> {
    const [row]: { read: string; accepted: string; rejected: string }[] = await this.dataSource.query(
      `SELECT coalesce(sum(rows_read), 0) AS read, coalesce(sum(rows_accepted), 0) AS accepted, coalesce(sum(rows_rejected), 0) AS rejected
       FROM students.roster_imports`,
    );
    return { read: Number(row.read), accepted: Number(row.accepted), rejected: Number(row.rejected) };
  }
}
