import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError, DEFAULT_AID_SETTINGS, loadCommonConfig, loadServiceConfig } from './service-config';

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

  it('trusts no proxy by default, takes addresses and CIDR ranges, and refuses anything else naming it', () => {
    expect(loadServiceConfig('casework', good).trustedProxies).toEqual([]);
    expect(loadServiceConfig('casework', { ...good, EDUAID_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => loadServiceConfig('casework', { ...good, EDUAID_TRUSTED_PROXIES: '127.0.0.1,loadbalancer,10.0.0.0/33' })).toThrow(
      /EDUAID_TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas \(not: loadbalancer, 10.0.0.0\/33\)/,
    );
  });

  it('refuses a port out of range', () => {
    expect(() => loadServiceConfig('mentoring', { ...good, MENTORING_PORT: '70000' })).toThrow(/MENTORING_PORT must be between 0 and 65535/);
  });

  it('validates the shared settings for the workflow worker', () => {
    expect(loadCommonConfig({ ...good, TEMPORAL_TASK_QUEUE_PREFIX: 'suite-1-' }).taskQueuePrefix).toBe('suite-1-');
    expect(() => loadCommonConfig({ ...good, TEMPORAL_TASK_QUEUE_PREFIX: 'Bad Prefix' })).toThrow(ConfigurationError);
  });

  describe('the students service’s own settings, read once at start', () => {
    const problemsOf = (env: Record<string, string>): string => {
      try {
        loadServiceConfig('students', { ...good, ...env });
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigurationError);
        return (e as Error).message;
      }
      throw new Error('the configuration was accepted');
    };

    it('has defaults: no bank, a 10 s bank timeout, five years of retention, the standard timings', () => {
      expect(loadServiceConfig('students', good)).toMatchObject({ bank: { apiUrl: undefined, timeoutMs: 10_000 }, retentionYears: 5, aidSettings: DEFAULT_AID_SETTINGS });
    });

    it('takes good values, as numbers and parsed JSON', () => {
      const config = loadServiceConfig('students', {
        ...good,
        EDUAID_BANK_API_URL: 'http://127.0.0.1:3090/',
        EDUAID_BANK_TIMEOUT_MS: '3000',
        EDUAID_RETENTION_YEARS: '7',
        EDUAID_AID_SETTINGS: '{"stepDueMs":60000,"remindBeforeMs":[1000,2000],"waitForSemesterStart":false}',
      });
      expect(config.bank).toEqual({ apiUrl: 'http://127.0.0.1:3090', timeoutMs: 3000 });
      expect(config.retentionYears).toBe(7);
      expect(config.aidSettings).toEqual({ ...DEFAULT_AID_SETTINGS, stepDueMs: 60000, remindBeforeMs: [1000, 2000], waitForSemesterStart: false });
    });

    it('refuses a timeout that is not a whole number of milliseconds (it used to become NaN)', () => {
      expect(problemsOf({ EDUAID_BANK_TIMEOUT_MS: 'ten seconds' })).toContain('EDUAID_BANK_TIMEOUT_MS must be a whole number of milliseconds');
      expect(problemsOf({ EDUAID_BANK_TIMEOUT_MS: '0' })).toContain('EDUAID_BANK_TIMEOUT_MS must be between 100 and 600000');
    });

    it('has batch timings: a 15 min deadline and a 2 s poll by default, or the ones given, in range', () => {
      expect(loadServiceConfig('students', good).bankBatch).toEqual({ deadlineMs: 900_000, pollMs: 2000 });
      expect(loadServiceConfig('students', { ...good, EDUAID_BANK_BATCH_DEADLINE_MS: '60000', EDUAID_BANK_BATCH_POLL_MS: '250' }).bankBatch).toEqual({ deadlineMs: 60_000, pollMs: 250 });
      expect(problemsOf({ EDUAID_BANK_BATCH_DEADLINE_MS: 'soon' })).toContain('EDUAID_BANK_BATCH_DEADLINE_MS must be a whole number of milliseconds');
      expect(problemsOf({ EDUAID_BANK_BATCH_DEADLINE_MS: '10' })).toContain('EDUAID_BANK_BATCH_DEADLINE_MS must be between 1000 and 86400000');
      expect(problemsOf({ EDUAID_BANK_BATCH_POLL_MS: '0' })).toContain('EDUAID_BANK_BATCH_POLL_MS must be between 50 and 600000');
    });

    it('refuses a bank address that is not an http(s) URL', () => {
      expect(problemsOf({ EDUAID_BANK_API_URL: 'bank.example.org' })).toContain('EDUAID_BANK_API_URL must be the http(s) base URL');
    });

    it('refuses a retention that is not a whole number of years from 1', () => {
      expect(problemsOf({ EDUAID_RETENTION_YEARS: 'five' })).toContain('EDUAID_RETENTION_YEARS must be a whole number of years');
      expect(problemsOf({ EDUAID_RETENTION_YEARS: '0' })).toContain('EDUAID_RETENTION_YEARS must be between 1 and 100');
    });

    it('refuses aid settings that are not JSON, not an object, unknown or of the wrong type, naming each', () => {
      expect(problemsOf({ EDUAID_AID_SETTINGS: '{stepDueMs: 1}' })).toContain('EDUAID_AID_SETTINGS must be JSON');
      expect(problemsOf({ EDUAID_AID_SETTINGS: '[1]' })).toContain('EDUAID_AID_SETTINGS must be a JSON object');
      const message = problemsOf({ EDUAID_AID_SETTINGS: '{"stepDueMs":"1 day","remindBeforeMs":[-1],"waitForSemesterStart":"yes","stepDue":5}' });
      expect(message).toContain('EDUAID_AID_SETTINGS.stepDueMs must be a positive whole number of milliseconds');
      expect(message).toContain('EDUAID_AID_SETTINGS.remindBeforeMs must be a list of whole numbers of milliseconds');
      expect(message).toContain('EDUAID_AID_SETTINGS.waitForSemesterStart must be true or false');
      expect(message).toContain('EDUAID_AID_SETTINGS has an unknown setting stepDue');
    });

    it('reports every bad variable at once, the service’s own with the shared ones', () => {
      const message = problemsOf({ LOG_LEVEL: 'loud', EDUAID_BANK_TIMEOUT_MS: 'x', EDUAID_AID_SETTINGS: 'x' });
      expect(message).toContain('LOG_LEVEL must be one of');
      expect(message).toContain('EDUAID_BANK_TIMEOUT_MS');
      expect(message).toContain('EDUAID_AID_SETTINGS');
    });
  });

  describe('operations settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eduaid-tls-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };

    it('leaves tracing, SDK metrics and TLS off unless asked', () => {
      const config = loadCommonConfig(good);
      expect(config).toMatchObject({ otlpEndpoint: undefined, workflowTracing: false, temporalMetricsPort: undefined, temporalTls: undefined, temporalApiKey: undefined });
      expect(loadCommonConfig({ ...good, EDUAID_WORKFLOW_TRACING: 'on' }).workflowTracing).toBe(true);
      expect(() => loadCommonConfig({ ...good, EDUAID_WORKFLOW_TRACING: 'yes' })).toThrow(/EDUAID_WORKFLOW_TRACING must be on or off/);
    });

    it('takes an OTLP endpoint and an SDK metrics port, and refuses bad ones by name', () => {
      expect(loadCommonConfig({ ...good, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', TEMPORAL_METRICS_PORT: '9464' })).toMatchObject({
        otlpEndpoint: 'http://otel-collector:4318',
        temporalMetricsPort: 9464,
      });
      expect(() => loadCommonConfig({ ...good, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be the http\(s\) base URL/);
      expect(() => loadCommonConfig({ ...good, TEMPORAL_METRICS_PORT: '70000' })).toThrow(/TEMPORAL_METRICS_PORT must be between 1 and 65535/);
    });

    it('reads mTLS files at start: certificate and key together, a CA, a server name', () => {
      const crt = file('client.pem', 'CERT');
      const key = file('client.key', 'KEY');
      const ca = file('ca.pem', 'CA');
      const config = loadCommonConfig({ ...good, TEMPORAL_TLS_CERT_FILE: crt, TEMPORAL_TLS_KEY_FILE: key, TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
      expect(config.temporalTls?.clientCertPair?.crt.toString()).toBe('CERT');
      expect(config.temporalTls?.clientCertPair?.key.toString()).toBe('KEY');
      expect(config.temporalTls?.serverRootCACertificate?.toString()).toBe('CA');
      expect(config.temporalTls?.serverNameOverride).toBe('temporal.internal');
      expect(() => loadCommonConfig({ ...good, TEMPORAL_TLS_CERT_FILE: crt })).toThrow(/TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together/);
      expect(() => loadCommonConfig({ ...good, TEMPORAL_TLS_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/TEMPORAL_TLS_CA_FILE=.*missing.pem cannot be read/);
    });

    it('reads secrets from files named by <NAME>_FILE; a variable set directly wins', () => {
      const url = file('database-url', 'postgres://u:secret@db:5432/eduaid\n');
      const secret = file('token-secret', 's'.repeat(40));
      const config = loadServiceConfig('schools', { TEMPORAL_ADDRESS: '127.0.0.1:7233', DATABASE_URL_FILE: url, AUTH_TOKEN_SECRET_FILE: secret });
      expect(config.databaseUrl).toBe('postgres://u:secret@db:5432/eduaid');
      expect(config.auth.tokenSecret).toBe('s'.repeat(40));
      expect(loadCommonConfig({ ...good, DATABASE_URL_FILE: url }).databaseUrl).toBe(good.DATABASE_URL);
      expect(() => loadCommonConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233', DATABASE_URL_FILE: path.join(dir, 'nope') })).toThrow(/DATABASE_URL_FILE=.*nope cannot be read/);
    });

    it('sends an API key over TLS, and refuses TLS off with one', () => {
      expect(loadCommonConfig({ ...good, TEMPORAL_API_KEY: 'secret-key' })).toMatchObject({ temporalApiKey: 'secret-key', temporalTls: {} });
      expect(() => loadCommonConfig({ ...good, TEMPORAL_API_KEY: 'secret-key', TEMPORAL_TLS: 'false' })).toThrow(/TEMPORAL_TLS=false cannot go with/);
    });
  });
});
