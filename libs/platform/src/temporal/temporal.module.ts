import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { tracingClientInterceptors } from '../telemetry/tracing';
import { ActivityWorkerService } from './activity-worker.service';
import { temporalConnectionOptions } from './temporal-connection';
import { TEMPORAL_CLIENT } from './temporal.tokens';

/**
 * The Temporal client (to start, signal, update and query workflows) and this service's activity
 * worker. Connecting fails fast with the address in the message, so a wrong TEMPORAL_ADDRESS stops
 * the service at start rather than at the first request.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [SERVICE_CONFIG],
      useFactory: async (config: ServiceConfig) => {
        const connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: '10s' }).catch(
          (error: Error) => {
            throw new Error(`cannot reach Temporal at TEMPORAL_ADDRESS=${config.temporalAddress}: ${error.message}`);
          },
        );
        return new Client({ connection, namespace: config.temporalNamespace, interceptors: { workflow: tracingClientInterceptors() } });
      },
    },
    ActivityWorkerService,
  ],
  exports: [TEMPORAL_CLIENT, ActivityWorkerService],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
