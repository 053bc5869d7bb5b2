import { SERVICE_NAMES } from '@eduaid/contracts';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { ALL_SERVICES } from './all-services';

/** What every service offers whatever its features: health, API docs, problem-details errors. */
describe('the shape every service shares', () => {
  let eduaid: EduaidHarness;

  beforeAll(async () => {
    eduaid = await startEduaid('shell', ALL_SERVICES, { workflowWorker: false });
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  it.each(SERVICE_NAMES)('%s is live and ready: PostgreSQL, Temporal and its activity worker answer', async (service) => {
    expect((await eduaid.http(service).get('/health/live')).status).toBe(200);
    const ready = await eduaid.http(service).get<{ status: string; details: Record<string, { status: string; taskQueue?: string }> }>('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.status).toBe('up');
    expect(ready.body.details.temporal).toEqual({ status: 'up', taskQueue: `${eduaid.taskQueuePrefix}${service}` });
  });

  it.each(SERVICE_NAMES)('%s publishes its OpenAPI document at /docs-json and the UI at /docs', async (service) => {
    const json = await eduaid.http(service).get<{ openapi: string; info: { title: string }; paths: Record<string, unknown> }>('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.info.title).toBe(`eduaid ${service}`);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await eduaid.http(service).get<string>('/docs');
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('each service owns its schema, made by its own migrations', async () => {
    for (const schema of SERVICE_NAMES) {
      const applied = await eduaid.db.query(`SELECT name FROM "${schema}".migrations`);
      expect(applied.length).toBeGreaterThan(0);
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await eduaid.http('schools').get<Record<string, unknown>>('/no/such/route');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: 'Not found', instance: '/no/such/route' });
  });

  it('answers malformed JSON with a 400 problem, not a 500', async () => {
    const response = await eduaid.http('students').post<Record<string, unknown>>('/system/wiring-checks', '{"note": ', await eduaid.authAs());
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400 });
  });

  it('keeps the caller’s X-Request-Id and puts it in the problem body', async () => {
    const response = await eduaid
      .http('casework')
      .get<{ requestId: string }>('/nothing-here', { 'x-request-id': 'trace-abc-123' });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(response.body.requestId).toBe('trace-abc-123');
  });

  it('replaces an X-Request-Id that is not a plain token of at most 128 characters with one of its own', async () => {
    for (const given of ['x'.repeat(129), 'trace with spaces', 'trace-\u00e9', 'a,b']) {
      const response = await eduaid.http('casework').get<{ requestId: string }>('/nothing-here', { 'x-request-id': given });
      const kept = response.headers.get('x-request-id');
      expect(kept).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(response.body.requestId).toBe(kept);
    }
  });
});
