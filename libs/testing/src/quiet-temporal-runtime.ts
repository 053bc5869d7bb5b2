import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Jest setup: the Temporal SDK's own logs at WARN, so a test run's output shows the tests (each
 * worker start and stop would otherwise print several INFO lines).
 */
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this module registry: nothing to do.
}
