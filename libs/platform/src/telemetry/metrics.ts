import { Controller, Get, Global, Header, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';

/** A sample of a gauge read at scrape time: its labels and value. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The process's own metrics (CPU, memory, event-loop lag, GC), collected once per process: the
 * collector installs observers that are never removed, and the tests start many services in one.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'eduaid_' });
  }
  return processRegistry;
}

/**
 * This service's Prometheus registry (one per service, so services sharing a process in the tests
 * each show their own): process metrics, HTTP rate, errors and latency, the database pool, domain
 * gauges that features register, and the Temporal SDK's own metrics when they are on.
 */
@Injectable()
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {
    this.registry.setDefaultLabels({ service: config.service });
    processMetrics();
    this.requests = new Counter({
      name: 'eduaid_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status (errors: status >= 400)',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'eduaid_http_request_duration_seconds',
      help: 'Time from the request arriving to the answer sent, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Counts each answered request (Fastify's onResponse: the status is final, the time measured). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }

  /**
   * A gauge whose samples are read when Prometheus scrapes (counts of rows by state, say), so every
   * replica reports the same figures from the database: aggregate them with max(), not sum().
   */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeSample[]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const sample of await read()) this.set(sample.labels, sample.value);
      },
    });
  }

  /** The exposition text: this registry, then the Temporal SDK's metrics when TEMPORAL_METRICS_PORT is set. */
  async exposition(): Promise<string> {
    const own = `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
    const port = this.config.temporalMetricsPort;
    if (!port) return own;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
      return `${own}\n${await response.text()}`;
    } catch {
      // The scrape still shows this service's metrics; the gap says the SDK exporter did not answer.
      return `${own}\n# Temporal SDK metrics unavailable on 127.0.0.1:${port}\n`;
    }
  }
}

/** The pg pool behind TypeORM: connections open, idle, and callers waiting for one. */
@Injectable()
class DatabasePoolMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    this.metrics.gauge('eduaid_db_pool_connections', 'Connections of the service’s PostgreSQL pool: total open, idle, and callers waiting', ['state'], async () =>
      pool
        ? [
            { labels: { state: 'total' }, value: pool.totalCount },
            { labels: { state: 'idle' }, value: pool.idleCount },
            { labels: { state: 'waiting' }, value: pool.waitingCount },
          ]
        : [],
    );
  }
}

@ApiExcludeController()
@Public()
@Controller()
class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}

/** GET /metrics (Prometheus text format, no token: expose it only inside the cluster) and ServiceMetrics for features. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [ServiceMetrics, DatabasePoolMetrics],
  exports: [ServiceMetrics],
})
export class MetricsModule {}
