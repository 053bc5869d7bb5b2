import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { PROBLEM_SCHEMA, RouteFacts, routeFacts, UUID_PATTERN } from '@eduaid/platform';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { ALL_SERVICES } from './all-services';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { format?: string; pattern?: string; type?: string };
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  security?: Record<string, unknown>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, { format?: string; pattern?: string }> }>; securitySchemes?: Record<string, { type: string; scheme?: string }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** A v7 and a v1 UUID: both are UUIDs by the one rule, whatever the service made its own ids with. */
const UUID_V7 = '01936f2e-7b8a-7c3d-9e4f-a1b2c3d4e5f6';
const UUID_V1 = 'c232ab00-9414-11ec-b3c8-9f6bdeced846';

function operationsOf(document: Document): Array<{ method: string; path: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
  );
}

/**
 * The OpenAPI document of every service says what the code does: which routes are public, the
 * success status each answers, the problem answers it can give, and one rule for ids.
 */
describe('every service’s OpenAPI document says what the API does', () => {
  let eduaid: EduaidHarness;
  const documents = new Map<ServiceName, Document>();
  const facts = new Map<ServiceName, Map<string, RouteFacts>>();

  beforeAll(async () => {
    eduaid = await startEduaid('openapi-contract', ALL_SERVICES, { workflowWorker: false });
    for (const service of SERVICE_NAMES) {
      const response = await eduaid.http(service).get<Document>('/docs-json');
      expect(response.status).toBe(200);
      documents.set(service, response.body);
      facts.set(service, routeFacts(eduaid.app(service)));
    }
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  it.each(SERVICE_NAMES)('%s: a bearer scheme is required by default; public routes (health, login) say security: []', (service) => {
    const document = documents.get(service)!;
    expect(document.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearer: [] }]);
    for (const { method, path, operation } of operationsOf(document)) {
      const route = facts.get(service)!.get(operation.operationId);
      expect({ method, path, known: route !== undefined }).toEqual({ method, path, known: true });
      const shown = { method, path, security: operation.security, has401: '401' in operation.responses, has403: '403' in operation.responses };
      if (route!.isPublic) expect(shown).toEqual({ method, path, security: [], has401: shown.has401 && ['/auth/login', '/auth/activate'].includes(path), has403: false });
      else expect(shown).toEqual({ method, path, security: undefined, has401: true, has403: true });
    }
    const publicPaths = operationsOf(document).filter(({ operation }) => operation.security?.length === 0).map(({ path }) => path);
    expect(publicPaths).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    if (service === 'casework') expect(publicPaths).toContain('/auth/login');
  });

  it.each(SERVICE_NAMES)('%s: each operation documents exactly the success status it answers', (service) => {
    for (const { method, path, operation } of operationsOf(documents.get(service)!)) {
      const route = facts.get(service)!.get(operation.operationId)!;
      const documented = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
      expect({ method, path, success: documented }).toEqual({ method, path, success: [String(route.successStatus)] });
    }
  });

  it.each(SERVICE_NAMES)('%s: every error answer is a ProblemDetails; inputs document 400, path ids 404', (service) => {
    const document = documents.get(service)!;
    expect(document.components.schemas[PROBLEM_SCHEMA]?.properties).toEqual(
      expect.objectContaining({ status: expect.anything(), code: expect.anything(), detail: expect.anything(), requestId: expect.anything(), errors: expect.anything() }),
    );
    for (const { method, path, operation } of operationsOf(document)) {
      const parameters = operation.parameters ?? [];
      const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
      for (const status of errors) {
        expect({ method, path, status, content: operation.responses[status].content }).toEqual({
          method,
          path,
          status,
          content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` } } },
        });
      }
      const hasInput = parameters.some((p) => p.in === 'path' || p.in === 'query') || operation.requestBody !== undefined;
      if (hasInput) expect({ method, path, errors }).toEqual({ method, path, errors: expect.arrayContaining(['400']) });
      if (parameters.some((p) => p.in === 'path')) expect({ method, path, errors }).toEqual({ method, path, errors: expect.arrayContaining(['404']) });
    }
  });

  it('a body in a content type the operation does not take is the documented 415 problem', async () => {
    const login = documents.get('casework')!.paths['/auth/login'].post;
    expect(Object.keys(login.responses)).toEqual(expect.arrayContaining(['415']));
    const response = await eduaid.http('casework').post<{ status: number; code: string }>('/auth/login', '<login/>', { 'content-type': 'application/xml' });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 415, code: 'http.415' });
  });

  it('every UUID parameter and field of every service follows one rule, published as one pattern', () => {
    let uuidFields = 0;
    for (const service of SERVICE_NAMES) {
      const document = documents.get(service)!;
      for (const { method, path, operation } of operationsOf(document)) {
        for (const parameter of operation.parameters ?? []) {
          if (parameter.schema?.format !== 'uuid') continue;
          uuidFields++;
          expect({ service, method, path, parameter: parameter.name, pattern: parameter.schema.pattern }).toEqual({ service, method, path, parameter: parameter.name, pattern: UUID_PATTERN });
        }
      }
      // Request bodies' fields (answers may carry ids made elsewhere; what is checked is what is taken).
      const bodies = operationsOf(document).flatMap(({ operation }) => {
        const ref = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema?.$ref;
        return ref ? [ref.split('/').pop()!] : [];
      });
      for (const name of new Set(bodies)) {
        for (const [field, property] of Object.entries(document.components.schemas[name]?.properties ?? {})) {
          if (property.format !== 'uuid') continue;
          uuidFields++;
          expect({ service, schema: name, field, pattern: property.pattern }).toEqual({ service, schema: name, field, pattern: UUID_PATTERN });
        }
      }
    }
    expect(uuidFields).toBeGreaterThanOrEqual(8);
  });

  it('publishes the rules the validation pipe enforces, in patterns every regex engine reads alike', () => {
    const schools = documents.get('schools')!;
    const schoolCode = schools.paths['/progress/kindergartens/{schoolCode}'].put.parameters!.find((p) => p.name === 'schoolCode')!;
    expect(schoolCode.schema).toMatchObject({ pattern: '^[0-9]{10}$' });
    const jurisdiction = schools.components.schemas.CreateJurisdictionDto.properties!;
    expect(new RegExp(jurisdiction.code.pattern!).test('420121001')).toBe(true);
    expect(new RegExp(jurisdiction.code.pattern!).test('42012100')).toBe(false);
    expect(schools.components.schemas.RecordYearDto.properties!.year).toMatchObject({ type: 'integer', minimum: 2000, maximum: 2100 });
    const students = documents.get('students')!;
    expect(students.components.schemas.LookupStudentDto.properties!.nationalId).toMatchObject({ pattern: '^[0-9]{17}[0-9Xx]$' });
    // `\d` is any Unicode digit to some engines (Python's) and ASCII to JavaScript's: none is published.
    for (const service of SERVICE_NAMES) expect(JSON.stringify(documents.get(service)).includes('\\\\d')).toBe(false);
  });

  it('every route with a UUID in its path takes any RFC 9562 UUID (v1, v4, v7) and refuses anything else with a 400 problem', async () => {
    const admin = await eduaid.authAs({ roles: ['programme-admin', 'caseworker', 'supervisor', 'approver', 'auditor', 'mentor'] });
    const tried: string[] = [];
    for (const service of SERVICE_NAMES) {
      for (const { method, path, operation } of operationsOf(documents.get(service)!)) {
        const ids = (operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.format === 'uuid');
        if (method !== 'get' || ids.length !== 1 || (operation.parameters ?? []).some((p) => p.in === 'path' && p !== ids[0])) continue;
        const at = (id: string) => path.replace(`{${ids[0].name}}`, id);
        for (const id of [UUID_V7, UUID_V1, UUID_V7.toUpperCase()]) {
          const response = await eduaid.http(service).get<{ code: string }>(at(id), admin);
          expect({ service, path: at(id), status: response.status }).toEqual({ service, path: at(id), status: 404 });
        }
        for (const id of ['not-a-uuid', '01936f2e-7b8a-0c3d-9e4f-a1b2c3d4e5f6', '01936f2e7b8a7c3d9e4fa1b2c3d4e5f6']) {
          const response = await eduaid.http(service).get<{ code: string; errors?: Array<{ field: string }> }>(at(id), admin);
          expect({ service, path: at(id), status: response.status, field: response.body.errors?.[0]?.field }).toEqual({ service, path: at(id), status: 400, field: ids[0].name });
        }
        tried.push(`${service} ${path}`);
      }
    }
    expect(tried).toEqual(
      expect.arrayContaining([
        'students /students/{studentId}',
        'students /households/{householdId}',
        'students /roster-imports/{importId}',
        'students /system/wiring-checks/{checkId}',
        'casework /tasks/{taskId}',
      ]),
    );
  });
});
