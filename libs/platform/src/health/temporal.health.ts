import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import { ActivityWorkerService } from '../temporal/activity-worker.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';

/** Temporal is ready when its frontend answers and this service's activity worker is polling. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly worker: ActivityWorkerService,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      await this.client.connection.withDeadline(Date.now() + 3000, () => this.client.workflowService.getSystemInfo({}));
    } catch (error) {
      return indicator.down({ message: `Temporal frontend unreachable: ${(error as Error).message}` });
    }
    if (this.worker.state !== 'running') {
      return indicator.down({ message: `activity worker is ${this.worker.state}`, reason: this.worker.failureReason });
    }
    return indicator.up({ taskQueue: this.worker.taskQueue });
  }
}
