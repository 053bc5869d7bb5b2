import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { testEnv } from './test-env';

/**
 * The client connection pings the server as the Java time-skipping test server allows. The SDK's
 * client pings every 30 s, with or without calls; the test server (grpc-java's defaults) accepts
 * a ping every 5 minutes at most and, after a few early ones, closes the connection ("rejected by
 * server because of excess pings", seen in a workflow spec on a loaded machine): calls in flight
 * then fail and the spec waits out its timeout.
 */
const pingsTheTestServerAllows: ConnectionPlugin = {
  name: 'eduaid-test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: { ...options.channelArgs, 'grpc.keepalive_time_ms': 6 * 60_000, 'grpc.keepalive_permit_without_calls': 0 },
  }),
};

/** The time-skipping test server (the global setup found its binary), for a workflow spec. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } },
    plugins: [pingsTheTestServerAllows],
  });
}
