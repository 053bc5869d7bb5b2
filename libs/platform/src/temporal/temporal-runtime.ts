import { DefaultLogger, LogEntry, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger as Pino } from 'pino';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Installs the Temporal SDK runtime of a service process: SDK and core logs go through the service's
 * pino logger as JSON, and the runtime does not hook SIGINT/SIGTERM itself, because Nest's shutdown
 * hooks stop the worker in order (worker drained first, then the HTTP server and the pool).
 * With a bind address the SDK also serves its Prometheus metrics there.
 * Must run once, before the first worker or native connection is made.
 */
export function installServiceTemporalRuntime(logger: Pino, withShutdownSignals = false, metricsBindAddress?: string): void {
  Runtime.install({
    shutdownSignals: withShutdownSignals ? ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGUSR2'] : [],
    logger: temporalLoggerOver(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      // The SDK's own metrics (task-queue poll latency, slots, task failures, schedule-to-start) in
      // Prometheus format at http://<metricsBindAddress>/metrics, when asked for.
      ...(metricsBindAddress ? { metrics: { prometheus: { bindAddress: metricsBindAddress } } } : {}),
    },
  });
}

/**
 * The SDK's logger, writing through pino: an SDK entry's metadata become the line's fields, so a
 * failed activity's `error` is serialised like any error (type, message, code; see ERROR_SERIALIZERS).
 */
export function temporalLoggerOver(logger: Pino): DefaultLogger {
  const temporalLogger = logger.child({ component: 'temporal' });
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    temporalLogger[LEVELS[entry.level]]({ ...entry.meta }, entry.message);
  });
}
