import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AidApplicationEntity } from '../aid-applications/aid-application.entity';
import { AidPaymentEntity } from '../payments/aid-payment.entity';
import { RosterImportEntity } from '../roster-import/roster-import.entity';

/**
 * Counts for the service's domain gauges, read when Prometheus scrapes. Plain GROUP BY counts over
 * whole tables, one statement each through the entities' query builders; each is an index-only or
 * sequential count, tens of milliseconds at the province's 766,000 rows.
 */
@Injectable()
export class StudentsMetricsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async applicationsByState(): Promise<{ state: string; count: number }[]> {
    const rows: { state: string | null; count: string }[] = await this.dataSource.getRepository(AidApplicationEntity).createQueryBuilder('a')
      .select('a.state', 'state').addSelect('count(*)', 'count').groupBy('a.state').getRawMany();
    return rows.map((r) => ({ state: r.state ?? 'unknown', count: Number(r.count) }));
  }

  async paymentsByStatus(): Promise<{ status: string; count: number }[]> {
    const rows: { status: string; count: string }[] = await this.dataSource.getRepository(AidPaymentEntity).createQueryBuilder('p')
      .select('p.status', 'status').addSelect('count(*)', 'count').groupBy('p.status').getRawMany();
    return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
  }

  async importRows(): Promise<{ read: number; accepted: number; rejected: number }> {
    const row = (await this.dataSource.getRepository(RosterImportEntity).createQueryBuilder('i')
      .select('coalesce(sum(i.rows_read), 0)', 'read').addSelect('coalesce(sum(i.rows_accepted), 0)', 'accepted').addSelect('coalesce(sum(i.rows_rejected), 0)', 'rejected')
      .getRawOne<{ read: string; accepted: string; rejected: string }>()) as { read: string; accepted: string; rejected: string };
    return { read: Number(row.read), accepted: Number(row.accepted), rejected: Number(row.rejected) };
  }
}
