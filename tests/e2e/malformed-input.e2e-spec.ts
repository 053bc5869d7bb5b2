import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { SERVICE_NAMES, WIRING_CHECK_WORKFLOW, WORKFLOW_TASK_QUEUE, WiringCheckResult, taskQueueName, wiringCheckWorkflowId } from '@eduaid/contracts';
import { createServiceApp } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { studentsService } from '../../services/students/src/students.service';
import { ALL_SERVICES } from './all-services';
import { DEMO_COUNTY, login, reviewSteps, seedUsers, startReview } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string; errors?: { field: string; message: string }[] }

const FRACTION = 0.002;
const fieldsOf = (body: Problem) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

/**
 * The edge refuses what no route may take (null fields, bodies that are not objects, control
 * characters, out-of-range numbers, forged cursors) with a 400 naming the field; what gets past it
 * anyway (here, a workflow started without HTTP) fails once, non-retryably, with its reason, and is
 * logged with it. Real services, PostgreSQL and Temporal.
 */
describe('malformed input never reaches the database or a workflow', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  const logLines: Record<string, unknown>[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const province = new SyntheticProvince(scopeAt(FRACTION));
  const st = () => eduaid.http('students');
  const sc = () => eduaid.http('schools');
  const cw = () => eduaid.http('casework');
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    eduaid = await startEduaid('malformed', ALL_SERVICES, { logDestination: logs });
    admin = await eduaid.authAs({ userId: 'admin-edge' });
    const loaded = await sc().post('/admin/synthetic-province', { fraction: FRACTION }, admin);
    expect(loaded.status).toBe(200);
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const someJurisdiction = async () =>
    (await eduaid.db.query<{ code: string; name: string; registered_poor: boolean }>(`SELECT code, name, registered_poor FROM schools.jurisdictions WHERE level = 'county' ORDER BY code LIMIT 1`))[0];
  const someSchool = async () =>
    (await eduaid.db.query<Record<string, unknown>>('SELECT code, name, kind, jurisdiction_code, boarding FROM schools.schools ORDER BY code LIMIT 1'))[0];

  describe('PATCH of jurisdictions and schools', () => {
    it('answers a null field with a 400 naming it, and leaves the record as it was', async () => {
      const jurisdiction = await someJurisdiction();
      for (const field of ['name', 'registeredPoor']) {
        const response = await sc().request<Problem>('PATCH', `/jurisdictions/${jurisdiction.code}`, { [field]: null }, admin);
        expect(response.status).toBe(400);
        expect(response.body.errors).toContainEqual({ field, message: `${field} must not be null; leave it out instead` });
      }
      expect(await someJurisdiction()).toEqual(jurisdiction);

      const school = await someSchool();
      for (const field of ['name', 'kind', 'jurisdictionCode', 'boarding']) {
        const response = await sc().request<Problem>('PATCH', `/schools/${school.code as string}`, { [field]: null }, admin);
        expect(response.status).toBe(400);
        expect(fieldsOf(response.body)).toEqual([field]);
      }
      expect(await someSchool()).toEqual(school);
    });

    it('takes only a JSON object as the body: a string, null or an array is a 400 naming the body', async () => {
      const jurisdiction = await someJurisdiction();
      const school = await someSchool();
      for (const body of ['"AAA"', 'null', '[]', '[{"name":"x"}]', '7']) {
        for (const path of [`/jurisdictions/${jurisdiction.code}`, `/schools/${school.code as string}`]) {
          const response = await sc().request<Problem>('PATCH', path, body, admin);
          expect({ path, body, status: response.status, errors: response.body.errors }).toEqual({
            path,
            body,
            status: 400,
            errors: [{ field: 'body', message: 'the body must be a JSON object' }],
          });
        }
      }
      expect(await someJurisdiction()).toEqual(jurisdiction);
      expect(await someSchool()).toEqual(school);
      // A good change still goes through.
      const renamed = await sc().request<{ name: string }>('PATCH', `/jurisdictions/${jurisdiction.code}`, { name: `${jurisdiction.name}（改）` }, admin);
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe(`${jurisdiction.name}（改）`);
    });
  });

  it('refuses a body nested deeper than any DTO goes, before anything walks it (it used to overflow the stack: 500)', async () => {
    const jurisdiction = await someJurisdiction();
    const deep = await sc().request<Problem>('PATCH', `/jurisdictions/${jurisdiction.code}`, `{"name":${'['.repeat(50_000)}${']'.repeat(50_000)}}`, admin);
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('nested too deeply') })]);
    expect(await someJurisdiction()).toEqual(jurisdiction);
  });

  describe('the wiring check’s request', () => {
    it('needs a JSON object: no body, an empty one, a string or a null note is a 400, and starts nothing', async () => {
      const before = await eduaid.db.query('SELECT check_id FROM students.wiring_checks');
      const noBody = await st().post<Problem>('/system/wiring-checks', undefined, admin);
      expect(noBody.status).toBe(400);
      expect(noBody.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('a JSON object body is required') }]);
      const emptyJson = await st().post<Problem>('/system/wiring-checks', '', { ...admin, ...json });
      expect(emptyJson.status).toBe(400);
      expect(fieldsOf(emptyJson.body)).toEqual(['body']);
      const text = await st().post<Problem>('/system/wiring-checks', '"run it"', admin);
      expect(text.status).toBe(400);
      expect(fieldsOf(text.body)).toEqual(['body']);
      const form = await st().post<Problem>('/system/wiring-checks', 'note=x', { ...admin, 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
      const nullNote = await st().post<Problem>('/system/wiring-checks', { note: null }, admin);
      expect(nullNote.status).toBe(400);
      expect(fieldsOf(nullNote.body)).toEqual(['note']);
      const nul = await st().post<Problem>('/system/wiring-checks', { note: 'after deploy\u0000' }, admin);
      expect(nul.status).toBe(400);
      expect(nul.body.errors).toEqual([{ field: 'note', message: 'note must not contain control characters (such as NUL)' }]);
      expect(await eduaid.db.query('SELECT check_id FROM students.wiring_checks')).toEqual(before);
    });
  });

  describe('control characters', () => {
    it('are refused in a query parameter before the upload is stored', async () => {
      const before = await eduaid.db.query('SELECT count(*) FROM students.roster_imports');
      const response = await st().post<Problem>('/roster-imports?fileName=a%00b', 'national_id\n', { ...admin, 'content-type': 'text/csv' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'fileName', message: 'fileName must not contain control characters (such as NUL)' }]);
      expect(await eduaid.db.query('SELECT count(*) FROM students.roster_imports')).toEqual(before);
    });

    it('are refused in every text field, and tabs or line breaks in one-line fields', async () => {
      const jurisdiction = await someJurisdiction();
      for (const name of ['County\u0000', 'County\u0007', '\u001b[31mCounty', 'County\u0085']) {
        const response = await sc().request<Problem>('PATCH', `/jurisdictions/${jurisdiction.code}`, { name }, admin);
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ field: 'name', message: 'name must not contain control characters (such as NUL)' }]);
      }
      const twoLines = await sc().request<Problem>('PATCH', `/jurisdictions/${jurisdiction.code}`, { name: 'County\nTwo' }, admin);
      expect(twoLines.status).toBe(400);
      expect(twoLines.body.errors).toEqual([{ field: 'name', message: 'name must be one line: no tabs or line breaks' }]);
      const login = await cw().post<Problem>('/auth/login', { username: 'admin\u0000', password: 'x' });
      expect(login.status).toBe(400);
      expect(fieldsOf(login.body)).toEqual(['username']);
    });

    it('in a roster row make that row an error, not a failed import', async () => {
      const rows = [...province.roster(2024)].slice(0, 3);
      const file = [ROSTER_COLUMNS.join(','), rosterCsvLine(rows[0]), rosterCsvLine({ ...rows[1], name: '张\u0000三' }), rosterCsvLine(rows[2])].join('\n') + '\n';
      const started = await st().post<{ importId: string }>('/roster-imports?fileName=nul.csv', file, { ...admin, 'content-type': 'text/csv' });
      expect(started.status).toBe(202);
      const done = await eventually(
        async () => (await st().get<{ status: string; rowsAccepted: number; rowsRejected: number }>(`/roster-imports/${started.body.importId}`, admin)).body,
        (s) => s.status === 'completed' || s.status === 'failed',
        60_000,
      );
      expect(done).toMatchObject({ status: 'completed', rowsAccepted: 2, rowsRejected: 1 });
      const report = await st().get<string>(`/roster-imports/${started.body.importId}/errors?format=csv`, admin);
      expect(report.body.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^3,row,/)]);
    });
  });

  describe('households', () => {
    const newHousehold = async () =>
      (
        await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [
          `HH-${randomUUID().slice(0, 8)}`,
          `${DEMO_COUNTY}001001`,
          DEMO_COUNTY,
        ])
      )[0];
    const countyCaseworker = () => eduaid.authAs({ userId: 'cw-edge', roles: ['caseworker'], scope: { level: 'county', code: DEMO_COUNTY } });

    it('take a status change only with a calendar date PostgreSQL holds and a reason that is more than spaces', async () => {
      const household = await newHousehold();
      const caseworker = await countyCaseworker();
      const change = { status: 'lifted-out', effectiveDate: '2025-06-30', reason: 'annual verification: income above the line' };
      // ISO 8601 allows these, a PostgreSQL date does not: they used to start a workflow whose activity failed.
      for (const effectiveDate of ['0000-01-01', '2025-W01-1', '2025-001', '2025-02-30']) {
        const response = await st().post<Problem>(`/households/${household.id}/status`, { ...change, effectiveDate }, caseworker);
        expect({ effectiveDate, status: response.status, fields: fieldsOf(response.body) }).toEqual({ effectiveDate, status: 400, fields: ['effectiveDate'] });
      }
      const spaces = await st().post<Problem>(`/households/${household.id}/status`, { ...change, reason: '          ' }, caseworker);
      expect(spaces.status).toBe(400);
      expect(fieldsOf(spaces.body)).toEqual(['reason']);
      expect(await eduaid.db.query('SELECT * FROM students.household_status_history WHERE household_id = $1', [household.id])).toEqual([]);
    });

    it('take members only with a name made of letters: a control character or a lone symbol is a 400 naming the field', async () => {
      const household = await newHousehold();
      const caseworker = await countyCaseworker();
      for (const name of ['王\u0001芳', '@', '·', '-', '1', ' ', '王芳\t']) {
        const response = await st().post<Problem>(`/households/${household.id}/members`, { name, relation: 'mother' }, caseworker);
        expect({ name, status: response.status, fields: fieldsOf(response.body) }).toEqual({ name, status: 400, fields: ['name'] });
      }
      const symbolRelation = await st().post<Problem>(`/households/${household.id}/members`, { name: '王芳', relation: '#' }, caseworker);
      expect(fieldsOf(symbolRelation.body)).toEqual(['relation']);
      expect(await eduaid.db.query('SELECT name FROM students.household_members WHERE household_id = $1', [household.id])).toEqual([]);

      const added = await st().post<{ members: { name: string; relation: string }[] }>(`/households/${household.id}/members`, { name: '阿卜杜·热合曼', relation: 'father' }, caseworker);
      expect(added.status).toBe(201);
      expect(added.body.members).toEqual([expect.objectContaining({ name: '阿卜杜·热合曼', relation: 'father' })]);
    });
  });

  describe('cursors and numbers in the query', () => {
    it('answers a cursor that decodes to the wrong shape with a 400 naming the cursor', async () => {
      const supervisor = await eduaid.authAs({ userId: 'sup-edge', roles: ['supervisor'], scope: { level: 'county', code: DEMO_COUNTY } });
      const forged = 'WyJ4IiwieSJd'; // ["x","y"]
      const wrongTypes = Buffer.from(JSON.stringify([1, '2026-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
      for (const [client, path] of [
        [cw(), `/tasks?cursor=${forged}`],
        [cw(), `/tasks?sort=priority&cursor=${forged}`],
        [cw(), `/tasks?sort=priority&cursor=${wrongTypes}`],
        [cw(), `/notifications?cursor=${forged}`],
        [cw(), `/workload?cursor=${Buffer.from(JSON.stringify([7])).toString('base64url')}`],
        [sc(), `/schools?cursor=${forged}`],
      ] as const) {
        const response = await client.get<Problem>(path, supervisor);
        expect({ path, status: response.status, fields: fieldsOf(response.body) }).toEqual({ path, status: 400, fields: ['cursor'] });
      }
    });

    it('answers an out-of-range number with a 400 naming it', async () => {
      const auditor = await eduaid.authAs({ userId: 'aud-edge', roles: ['auditor'] });
      const response = await st().get<Problem>('/privacy/access-log?after=99999999999999999999', auditor);
      expect(response.status).toBe(400);
      // The access log's own DTO names the rule (a cursor from the previous page); any 400 naming `after` will do.
      expect(response.body.errors).toEqual([{ field: 'after', message: expect.stringMatching(/^after (is out of range|must be a cursor)/) }]);
      expect((await st().get('/privacy/access-log?after=9007199254740991', auditor)).status).toBe(200);
    });
  });

  describe('actions without a payload', () => {
    it('take an empty body sent as application/json (claim, unclaim)', async () => {
      // A pool task (county approval), which any approver of the county may claim.
      const { task } = await startReview(eduaid, `edge-${randomUUID().slice(0, 8)}`, { steps: [reviewSteps[1]] });
      const approver = await login(eduaid, 'approver1.demo');
      const claimed = await cw().post<{ status: string }>(`/tasks/${task.task_id}/claim`, '', { ...approver, ...json });
      expect(claimed.status).toBe(200);
      expect(claimed.body.status).toBe('claimed');
      const unclaimed = await cw().post<{ status: string }>(`/tasks/${task.task_id}/unclaim`, '', { ...approver, ...json });
      expect(unclaimed.status).toBe(200);
      expect(unclaimed.body.status).toBe('open');
      // Malformed JSON is still a 400.
      expect((await cw().post<Problem>(`/tasks/${task.task_id}/claim`, '{"', { ...approver, ...json })).status).toBe(400);
    });
  });

  describe('an activity that can never succeed', () => {
    it('fails once, non-retryably, and its workflow ends failed with PostgreSQL’s reason, logged with it', async () => {
      // Past the edge on purpose: the workflow is started with the Temporal client, not over HTTP.
      const checkId = randomUUID();
      const handle = await eduaid.temporal.workflow.start(WIRING_CHECK_WORKFLOW, {
        workflowId: wiringCheckWorkflowId(checkId),
        taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
        args: [{ checkId, requestedBy: 'ops: note with a NUL \u0000 byte' }],
      });
      const started = Date.now();
      const result = (await handle.result()) as WiringCheckResult;
      // Well before the one-minute limit that retries would have run into.
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(result.ok).toBe(false);
      expect(result.services.map((s) => s.service).sort()).toEqual([...SERVICE_NAMES].sort());
      for (const service of result.services) {
        expect(service).toMatchObject({ ok: false, error: expect.stringContaining('PostgreSQL refused the data (SQLSTATE 22021)') });
      }

      // One attempt per service, failed as non-retryable with a clear type.
      const events = (await handle.fetchHistory()).events ?? [];
      const failures = events.filter((e) => e.activityTaskFailedEventAttributes).map((e) => e.activityTaskFailedEventAttributes?.failure);
      expect(failures).toHaveLength(SERVICE_NAMES.length);
      for (const failure of failures) {
        expect(failure?.applicationFailureInfo).toMatchObject({ type: 'PostgresDataError', nonRetryable: true });
      }
      const attempts = events.filter((e) => e.activityTaskStartedEventAttributes).map((e) => e.activityTaskStartedEventAttributes?.attempt);
      expect(attempts).toEqual(SERVICE_NAMES.map(() => 1));

      // The check reads as failed over HTTP, with the reason.
      const status = await st().get<{ state: string; services: { error?: string }[] }>(`/system/wiring-checks/${checkId}`, admin);
      expect(status.body.state).toBe('failed');
      expect(status.body.services.every((s) => s.error?.includes('invalid byte sequence'))).toBe(true);

      // The log says which activity failed, why, and that it is not retried: not `"error": {}`.
      const line = await eventually(
        async () => logLines.find((l) => l.workflowId === wiringCheckWorkflowId(checkId) && l.failureType === 'PostgresDataError'),
        (l) => l !== undefined,
      );
      expect(line).toMatchObject({ activity: 'recordWiringCheck', attempt: 1, error: { code: '22021', message: expect.stringContaining('invalid byte sequence') } });
      expect(String(line?.msg)).toContain('not retried');
    });
  });

  describe('configuration', () => {
    it('stops a service at start with a message naming a bad variable (a timeout used to become NaN)', async () => {
      await expect(createServiceApp(studentsService, { ...eduaid.env, EDUAID_BANK_TIMEOUT_MS: 'soon' })).rejects.toThrow(
        /EDUAID_BANK_TIMEOUT_MS must be a whole number of milliseconds/,
      );
      await expect(createServiceApp(studentsService, { ...eduaid.env, EDUAID_AID_SETTINGS: '{"stepDueMs":"1 day"}' })).rejects.toThrow(
        /EDUAID_AID_SETTINGS.stepDueMs must be a positive whole number of milliseconds/,
      );
    });
  });
});
