import { ActivityWorkerService, startServiceListening } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { ROSTER_COLUMNS, rosterCsvLine, scopeAt, SyntheticProvince } from '../../infra/synthetic/province';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';

/** One sample of a Prometheus text exposition: `name{labels} value`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ([^ ]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

const FRACTION = 0.001;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * What an operator and an orchestrator see: /metrics on each service (HTTP rate, errors and
 * latency, the database pool, the students service's domain gauges) moving with the work done, and
 * health probes that tell alive from ready: ready only once migrations are done and while the
 * activity worker polls.
 */
describe('operations: metrics and health', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  const province = new SyntheticProvince(scopeAt(FRACTION));

  let sdkMetricsPort: number;

  beforeAll(async () => {
    // The SDK runtime as a service process installs it with TEMPORAL_METRICS_PORT: its Prometheus
    // exporter on loopback. The test setup installed a runtime without one; nothing uses it yet.
    sdkMetricsPort = await freePort();
    await Runtime.instance().shutdown();
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } });
    eduaid = await startEduaid('ops-metrics', [studentsService, schoolsService], { env: { TEMPORAL_METRICS_PORT: String(sdkMetricsPort) } });
    admin = await eduaid.authAs({ userId: 'ops-importer' });
    const loaded = await eduaid.http('schools').post('/admin/synthetic-province', { fraction: FRACTION }, admin);
    expect(loaded.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const scrape = async (service: 'students' | 'schools') => {
    const response = await eduaid.http(service).get<string>('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.body;
  };

  it('counts requests, errors and latency per route, and shows the database pool', async () => {
    const before = await scrape('schools');
    const route = { method: 'GET', route: '/schools', status: '401' };
    const unauthorised = sample(before, 'eduaid_http_requests_total', route) ?? 0;
    for (let i = 0; i < 3; i += 1) expect((await eduaid.http('schools').get('/schools')).status).toBe(401);
    const after = await scrape('schools');
    expect(sample(after, 'eduaid_http_requests_total', route)).toBe(unauthorised + 3);
    expect(sample(after, 'eduaid_http_request_duration_seconds_count', route)).toBe(unauthorised + 3);
    expect(sample(after, 'eduaid_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(unauthorised + 3);
    // The service label tells services apart when one Prometheus scrapes them all.
    expect(sample(after, 'eduaid_http_requests_total', { ...route, service: 'schools' })).toBe(unauthorised + 3);
    expect(sample(after, 'eduaid_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(sample(after, 'eduaid_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(after, 'eduaid_process_resident_memory_bytes')).toBeGreaterThan(0);
    // No token needed for a scrape, and the scrape is not an OpenAPI operation.
    const docs = await eduaid.http('schools').get<{ paths: Record<string, unknown> }>('/docs-json');
    expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
  });

  it('moves the domain gauges with a roster import: rows read, accepted and rejected', async () => {
    const before = await scrape('students');
    expect(sample(before, 'eduaid_roster_import_rows', { outcome: 'read' })).toBe(0);
    expect(sample(before, 'eduaid_aid_applications')).toBeUndefined();

    const rows = [...province.roster(2024)].slice(0, 40);
    const broken = { ...rows[0], national_id: '420121201506019999', name: '坏号' };
    const csv = [ROSTER_COLUMNS.join(','), ...rows.map(rosterCsvLine), rosterCsvLine(broken)].join('\n') + '\n';
    const started = await eduaid.http('students').post<{ importId: string }>('/roster-imports?fileName=ops.csv', csv, { ...admin, 'content-type': 'text/csv' });
    expect(started.status).toBe(202);
    await eventually(
      async () => (await eduaid.http('students').get<{ status: string }>(`/roster-imports/${started.body.importId}`, admin)).body,
      (s) => s.status === 'completed' || s.status === 'failed',
      60_000,
    );
    const after = await scrape('students');
    expect(sample(after, 'eduaid_roster_import_rows', { outcome: 'read' })).toBe(41);
    expect(sample(after, 'eduaid_roster_import_rows', { outcome: 'accepted' })).toBe(40);
    expect(sample(after, 'eduaid_roster_import_rows', { outcome: 'rejected' })).toBe(1);
    expect(sample(after, 'eduaid_http_requests_total', { method: 'POST', route: '/roster-imports', status: '202' })).toBe(1);
  });

  it('forwards the Temporal SDK’s metrics on /metrics: pollers and task slots of the service’s queue', async () => {
    const text = await scrape('students');
    const queue = `${eduaid.taskQueuePrefix}students`;
    expect(sample(text, 'temporal_num_pollers', { task_queue: queue, poller_type: 'activity_task' })).toBeGreaterThan(0);
    expect(sample(text, 'temporal_worker_task_slots_available', { task_queue: queue, worker_type: 'ActivityWorker' })).toBeGreaterThan(0);
    // The import's activities ran on this queue and were counted.
    expect(sample(text, 'temporal_activity_execution_latency_count', { task_queue: queue, activity_type: 'importRosterChunk' }) ?? 0).toBeGreaterThan(0);
  });

  it('is live but not ready while the activity worker does not poll', async () => {
    expect((await eduaid.http('schools').get('/health/ready')).status).toBe(200);
    const worker = eduaid.app('schools').get(ActivityWorkerService);
    await worker.beforeApplicationShutdown();
    const ready = await eduaid.http('schools').get<{ code: string; checks: Record<string, { status: string; message?: string }> }>('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('health.not-ready');
    expect(ready.body.checks.temporal).toMatchObject({ status: 'down', message: 'activity worker is stopped' });
    expect(ready.body.checks.database).toMatchObject({ status: 'up' });
    expect((await eduaid.http('schools').get('/health/live')).status).toBe(200);
    // A restart brings the worker back and readiness with it.
    await eduaid.restart('schools', {});
    expect((await eduaid.http('schools').get('/health/ready')).status).toBe(200);
  });

  it('answers live but not ready while its migrations wait or run, then ready on the same port', async () => {
    const lockHolder = new Client({ connectionString: eduaid.env.DATABASE_URL });
    await lockHolder.connect();
    // Another replica holding the mentoring schema's migration lock.
    await lockHolder.query('SELECT pg_advisory_lock(hashtext($1))', ['eduaid-migrations:mentoring']);
    let probePort = 0;
    const starting = startServiceListening(mentoringService, { ...eduaid.env, MENTORING_PORT: '0', HOST: '127.0.0.1' }, { onProbeListening: (port) => (probePort = port) });
    let started: Awaited<typeof starting> | undefined;
    try {
      await eventually(async () => probePort, (port) => port > 0);
      const base = `http://127.0.0.1:${probePort}`;
      const live = await fetch(`${base}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 503, code: 'health.not-ready', checks: { startup: { status: 'down' } } });
      // Still waiting: nothing of mentoring's schema exists yet.
      expect(await eduaid.db.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'mentoring' AND table_name = 'migrations'`)).toEqual([]);

      await lockHolder.query('SELECT pg_advisory_unlock(hashtext($1))', ['eduaid-migrations:mentoring']);
      started = await starting;
      expect(started.config.port).toBe(probePort);
      const readyNow = await fetch(`${base}/health/ready`);
      expect(readyNow.status).toBe(200);
      expect(await readyNow.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, temporal: { status: 'up' } } });
    } finally {
      await lockHolder.end();
      started = started ?? (await starting.catch(() => undefined));
      await started?.app.close();
    }
  });
});
