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
    const started = await eduaid.http('students').post<WiringCheckStatus>('/system/wiring-checks', { requestedBy: 'ops-oncall' });
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('running');
    expect(started.body.workflowId).toBe(`wiring-check:${started.body.checkId}`);

    const finished = await eventually(
      async () => (await eduaid.http('students').get<WiringCheckStatus>(`/system/wiring-checks/${started.body.checkId}`)).body,
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
    const response = await eduaid.http('students').get<Record<string, unknown>>('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, code: 'wiring-check.not-found' });
  });

  it('answers 400 naming the field for a malformed id or body', async () => {
    const badId = await eduaid.http('students').get<{ errors: unknown[] }>('/system/wiring-checks/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([{ field: 'checkId', message: 'checkId must be a UUID' }]);

    const badBody = await eduaid.http('students').post<{ errors: { field: string }[] }>('/system/wiring-checks', { requestedBy: '', extra: 1 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e) => e.field).sort()).toEqual(['extra', 'requestedBy']);
  });
});
