import type { CommonConfig } from '../config/service-config';

/**
 * What every connection to Temporal is made with (the client, each activity worker, the workflow
 * worker, the migration Job): the frontend address, TLS when configured (mTLS with a client
 * certificate, or server TLS) and the API key. The same shape suits `Connection.connect` and
 * `NativeConnection.connect`.
 */
export function temporalConnectionOptions(config: Pick<CommonConfig, 'temporalAddress' | 'temporalTls' | 'temporalApiKey'>): {
  address: string;
  tls?: NonNullable<CommonConfig['temporalTls']>;
  apiKey?: string;
} {
  return {
    address: config.temporalAddress,
    ...(config.temporalTls ? { tls: config.temporalTls } : {}),
    ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}),
  };
}
