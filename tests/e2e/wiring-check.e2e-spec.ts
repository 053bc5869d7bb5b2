import { SERVICE_NAMES } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ALL_SERVICES } from './all-services';

interface WiringCheckStatus {
  checkId: string;
  workflowId: string;
  state: 'running' | 'passed' | 'failed';
  services: { service: string; ok: boolean; schema?: string; recordedAt?: string; error?: string }[];
}

/**
 * The walking skeleton: an HTTP request to the students service starts a workflow on the workflow
 * worker; its activities run in each service's own worker and write that service's schema; the
 * result is read back over HTTP. Real PostgreSQL, real Temporal, real HTTP.
 */
describe('wiring check across every service', () => {
  let eduaid: EduaidHarness;

  beforeAll(async () => {
    eduaid = await startEduaid('wiring', ALL_SERVICES);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  it('runs through HTTP, the workflow, every service’s worker and database, and reads back over HTTP', async () => {
    const admin = await eduaid.authAs({ userId: 'ops-oncall' });
    const started = await eduaid.http('students').post<WiringCheckStatus>('/system/wiring-checks', {}, admin);
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('running');
    expect(started.body.workflowId).toBe(`wiring-check:${started.body.checkId}`);

    const finished = await eventually(
      async () => (await eduaid.http('students').get<WiringCheckStatus>(`/system/wiring-checks/${started.body.checkId}`, admin)).body,
      (status) => status.state !== 'running',
    );
    expect(finished.state).toBe('passed');
    expect(finished.services.map((s) => s.service).sort()).toEqual([...SERVICE_NAMES].sort());
    for (const service of finished.services) {
      expect(service).toMatchObject({ ok: true, schema: service.service });
      expect(Date.parse(service.recordedAt as string)).not.toBeNaN();
    }

    // Each service's worker wrote exactly one row, in its own schema, with what the HTTP caller said.
    for (const schema of SERVICE_NAMES) {
      const rows = await eduaid.db.query(`SELECT requested_by FROM "${schema}".wiring_checks WHERE check_id = $1`, [started.body.checkId]);
      expect(rows).toEqual([{ requested_by: 'ops-oncall' }]);
    }
  });

  it('answers 404 with a problem for a check that never ran', async () => {
    const response = await eduaid.http('students').get<Record<string, unknown>>('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40', await eduaid.authAs());
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'wiring-check.not-found' });
  });

  it('answers 400 naming the field for a malformed id or body', async () => {
    const admin = await eduaid.authAs();
    const badId = await eduaid.http('students').get<{ errors: unknown[] }>('/system/wiring-checks/not-a-uuid', admin);
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ field: 'checkId', message: 'checkId must be a UUID' }]);

    const badBody = await eduaid.http('students').post<{ errors: { field: string }[] }>('/system/wiring-checks', { note: 5, extra: 1 }, admin);
    expect(badBody.status).toBe(400);
    expect([...new Set(badBody.body.errors.map((e) => e.field))].sort()).toEqual(['extra', 'note']);
  });

  it('is for programme admins only: no token is 401, another role is 403 with the reason', async () => {
    const anonymous = await eduaid.http('students').post<{ code: string }>('/system/wiring-checks', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('auth.token-missing');
    const caseworker = await eduaid.authAs({ roles: ['caseworker'], scope: { level: 'county', code: '420121' } });
    const denied = await eduaid.http('students').post<{ code: string; detail: string }>('/system/wiring-checks', {}, caseworker);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'auth.role-denied', detail: 'This needs one of the roles: programme-admin.' });
  });

  it('refuses a forged or expired token with 401', async () => {
    const forged = (await eduaid.tokenFor()).slice(0, -4) + 'AAAA';
    const response = await eduaid.http('students').get<{ code: string }>('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40', { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.token-invalid');
  });
});
