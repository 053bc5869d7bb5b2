import { ConfigurationError, loadCommonConfig, loadServiceConfig } from './service-config';

const good = { DATABASE_URL: 'postgres://u:p@localhost:5432/eduaid', TEMPORAL_ADDRESS: '127.0.0.1:7233', AUTH_TOKEN_SECRET: 'x'.repeat(32) };

describe('service configuration', () => {
  it('fills defaults for what may be left out', () => {
    const config = loadServiceConfig('students', good);
    expect(config).toMatchObject({ service: 'students', port: 3001, host: '127.0.0.1', temporalNamespace: 'default', taskQueuePrefix: '', logLevel: 'info' });
  });

  it('takes each service’s own port variable', () => {
    expect(loadServiceConfig('casework', { ...good, CASEWORK_PORT: '4004' }).port).toBe(4004);
  });

  it('names every missing or bad value, with the variable’s own name', () => {
    let error: unknown;
    try {
      loadServiceConfig('schools', { TEMPORAL_ADDRESS: 'nowhere', SCHOOLS_PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL must be set');
    expect(message).toContain('TEMPORAL_ADDRESS must be host:port');
    expect(message).toContain('SCHOOLS_PORT must be a whole number');
    expect(message).toContain('LOG_LEVEL must be one of');
  });

  it('needs a long enough token secret, and a JWKS address with an OpenID issuer', () => {
    expect(() => loadServiceConfig('students', { ...good, AUTH_TOKEN_SECRET: 'short' })).toThrow(/AUTH_TOKEN_SECRET must be at least 32 characters/);
    expect(() => loadServiceConfig('students', { ...good, AUTH_OIDC_ISSUER: 'https://id.example.org' })).toThrow(/AUTH_OIDC_JWKS_URL must be set/);
  });

  it('refuses a port out of range', () => {
    expect(() => loadServiceConfig('mentoring', { ...good, MENTORING_PORT: '70000' })).toThrow(/MENTORING_PORT must be between 0 and 65535/);
  });

  it('validates the shared settings for the workflow worker', () => {
    expect(loadCommonConfig({ ...good, TEMPORAL_TASK_QUEUE_PREFIX: 'suite-1-' }).taskQueuePrefix).toBe('suite-1-');
    expect(() => loadCommonConfig({ ...good, TEMPORAL_TASK_QUEUE_PREFIX: 'Bad Prefix' })).toThrow(ConfigurationError);
  });
});
