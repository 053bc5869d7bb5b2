import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { NativeConnection, Worker } from '@temporalio/worker';
import { taskQueueName } from '@eduaid/contracts';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { ACTIVITIES_METADATA } from './activities.decorator';
import { tracingActivityInterceptors } from '../telemetry/tracing';
import { platformActivityInterceptors } from './activity-failures';
import { temporalConnectionOptions } from './temporal-connection';
import { workerOptionsFor } from './worker-tuning';

export type ActivityWorkerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

type ActivityFunction = (...args: unknown[]) => Promise<unknown>;

/**
 * Runs this service's Temporal activity worker inside the HTTP process, on the service's own task
 * queue. Started once the application has booted; on shutdown it stops polling, lets running
 * activities finish, and only then lets Nest close the database pool.
 */
@Injectable()
export class ActivityWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ActivityWorker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private currentState: ActivityWorkerState = 'starting';
  private failure?: Error;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  get state(): ActivityWorkerState {
    return this.currentState;
  }

  /**
   * Activities running now (a timed-out attempt counts until its promise settles: cancellation is
   * cooperative) and the slots the worker has; undefined before the worker starts.
   */
  get slots(): { inFlight: number; heartbeating: number } | undefined {
    const status = this.worker?.getStatus();
    return status && { inFlight: status.numInFlightNonLocalActivities, heartbeating: status.numHeartbeatingActivities };
  }

  get failureReason(): string | undefined {
    return this.failure?.message;
  }

  get taskQueue(): string {
    return taskQueueName(this.config.service, this.config.taskQueuePrefix);
  }

  /** Every method of every @Activities() provider, bound to its instance. */
  collectActivities(): Record<string, ActivityFunction> {
    const activities: Record<string, ActivityFunction> = {};
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || !Reflect.getMetadata(ACTIVITIES_METADATA, metatype)) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const member = (instance as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof member !== 'function') continue;
        if (activities[name]) {
          throw new Error(`activity '${name}' is registered twice on queue ${this.taskQueue}`);
        }
        activities[name] = (member as ActivityFunction).bind(instance);
      }
    }
    return activities;
  }

  async onApplicationBootstrap(): Promise<void> {
    const activities = this.collectActivities();
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporalNamespace,
      taskQueue: this.taskQueue,
      activities,
      // Slots from validated configuration (EDUAID_WORKER_*), see worker-tuning.ts.
      ...workerOptionsFor(this.config.worker, 'activities'),
      // Bad data and broken rules fail at once, non-retryably, instead of retrying without end.
      // Tracing first (when on), so the RunActivity span covers the failure classification too.
      interceptors: { activity: [...tracingActivityInterceptors(), ...platformActivityInterceptors(this.logger)] },
      // Nest handles SIGTERM/SIGINT and calls beforeApplicationShutdown; the worker must not race it.
      shutdownGraceTime: '10s',
    });
    this.currentState = 'running';
    this.running = this.worker.run().then(
      () => {
        this.currentState = 'stopped';
      },
      (error: Error) => {
        this.currentState = 'failed';
        this.failure = error;
        this.logger.error({ err: error, taskQueue: this.taskQueue }, 'activity worker failed');
      },
    );
    this.logger.log({ taskQueue: this.taskQueue, activities: Object.keys(activities) }, 'activity worker polling');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') {
      this.currentState = 'stopping';
      this.worker.shutdown();
    }
    await this.running;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }
}
