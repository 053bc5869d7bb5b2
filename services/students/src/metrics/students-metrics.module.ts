import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ServiceMetrics } from '@eduaid/platform';
import { StudentsMetricsRepository } from './students-metrics.repository';

/**
 * The students service's domain gauges on /metrics: aid applications by state, ledger payments by
 * status (sent = `sending`, `paid`, `failed`), and roster rows imported (read, accepted, rejected;
 * `rate(eduaid_roster_import_rows{outcome="read"}[1m])` is the import's rows per second). Read from
 * the database at each scrape, so every replica reports the same: aggregate with max().
 */
@Injectable()
export class StudentsMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly repository: StudentsMetricsRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('eduaid_aid_applications', 'Aid applications by state', ['state'], async () =>
      (await this.repository.applicationsByState()).map((r) => ({ labels: { state: r.state }, value: r.count })),
    );
    this.metrics.gauge('eduaid_aid_payments', 'Ledger payments by status (planned, sending, paid, failed, cancelled)', ['status'], async () =>
      (await this.repository.paymentsByStatus()).map((r) => ({ labels: { status: r.status }, value: r.count })),
    );
    this.metrics.gauge('eduaid_roster_import_rows', 'Roster rows imported so far, by outcome (read, accepted, rejected)', ['outcome'], async () => {
      const rows = await this.repository.importRows();
      return Object.entries(rows).map(([outcome, value]) => ({ labels: { outcome }, value }));
    });
  }
}

@Module({ providers: [StudentsMetricsRepository, StudentsMetrics] })
export class StudentsMetricsModule {}
