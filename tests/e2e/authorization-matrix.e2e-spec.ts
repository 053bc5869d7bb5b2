import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROLES, Role, SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { PROVINCE_WIDE_DENIED, PROVINCE_WIDE_ROUTE, PUBLIC_ROUTE, ROUTE_ROLES, SERVICE_ONLY_ROUTE } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { kindBelongsTo, OVERSIGHT_ROLES } from '../../services/casework/src/tasks/task-access';
import { ALL_SERVICES } from './all-services';
import { DEMO_COUNTY, OTHER_COUNTY, seedUsers, startReview } from './casework-fixtures';

interface Route {
  service: ServiceName;
  method: string;
  path: string;
  roles?: Role[];
  isPublic: boolean;
  serviceOnly: boolean;
  provinceWide: boolean;
}

/** Every route of a running app, read from Nest's own metadata: a new endpoint is in the matrix by existing. */
function routesOf(service: ServiceName, eduaid: EduaidHarness): Route[] {
  const app = eduaid.app(service);
  const discovery = app.get(DiscoveryService, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
    if (!controller) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = controller.prototype[name] as object;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      for (const b of base) {
        for (const s of sub) {
          const path = `/${[b, s].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
          routes.push({
            service,
            method: RequestMethod[method],
            path,
            roles: reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, [handler as never, controller]),
            isPublic: reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler as never, controller]) ?? false,
            serviceOnly: reflector.getAllAndOverride<boolean>(SERVICE_ONLY_ROUTE, [handler as never, controller]) ?? false,
            provinceWide: reflector.getAllAndOverride<boolean>(PROVINCE_WIDE_ROUTE, [handler as never, controller]) ?? false,
          });
        }
      }
    }
  }
  return routes;
}

/**
 * Routes open to every signed-in user on purpose (each acts only on the caller's own data). Any
 * other route without @Roles, @Public or @ServiceOnly fails this suite until someone decides.
 */
const ANY_SIGNED_IN_USER = new Set([
  'casework GET /auth/me',
  'casework POST /auth/logout',
  'casework GET /notifications',
  'casework POST /notifications/:notificationId/seen',
  // schools' reference data (the jurisdiction tree, schools, pairings, progress), open to every
  // signed-in user by the schools service's choice; listed here so that the choice is visible.
  'schools GET /jurisdictions/:code',
  'schools GET /jurisdictions/:code/children',
  'schools GET /schools',
  'schools GET /schools/:code',
  'schools GET /pairings',
  'schools GET /progress/province',
  'schools GET /progress/counties/:countyCode',
]);

/** Valid bodies where validation would otherwise answer 400 before the jurisdiction is checked. */
const BODIES: Record<string, unknown> = {
  'casework POST /tasks/:taskId/decision': { decision: 'approve', comment: 'matrix' },
  'casework POST /tasks/:taskId/reassign': { assigneeId: 'demo-caseworker-2' },
  'mentoring POST /job-assistance-cases/:graduateId/assessment': { needs: 'matrix' },
  'mentoring POST /job-assistance-cases/:graduateId/plan': { plan: 'matrix' },
  'mentoring POST /job-assistance-cases/:graduateId/activities': { kind: 'guidance-session' },
  'mentoring POST /job-assistance-cases/:graduateId/outcome-claims': { outcome: 'employed' },
  'mentoring POST /graduate-compensations/:graduateId/commitment-end': { endedOn: '2027-01-31', reason: 'matrix: left the post' },
  // PUT /graduates/:graduateId/mentors and POST /graduate-compensations: set when the matrix's graduate exists (beforeAll).
};

/** A compensation filed for the matrix's graduate (whose own user is demo-graduate), written straight to the mentoring schema; no workflow runs it. */
async function seedCompensation(eduaid: EduaidHarness, graduateId: string): Promise<void> {
  await eduaid.db.query(
    `INSERT INTO mentoring.graduate_compensations (graduate_id, workflow_id, county_code, village_code, university_code, commitment, unit_name, service_county_code,
       start_date, committed_years, proof_reference, tuition_paid_fen, loan_outstanding_fen, study_years, state, filed_by)
     VALUES ($1::uuid, 'graduate-compensation:' || $1::text, $2::text, $2::text || '001001', $2::text || '0042', 'enlistment', 'Unit 1', $2::text,
       '2026-09-01', 2, 'RZ-MATRIX-1', 1000000, 0, 4, 'approved', 'matrix')`,
    [graduateId, DEMO_COUNTY],
  );
}

/** A graduate of the demo county with a case whose mentor is demo-mentor, written straight to the mentoring schema. */
async function seedCase(eduaid: EduaidHarness): Promise<{ graduateId: string; mentorId: string }> {
  const [mentor] = await eduaid.db.query<{ id: string }>(
    `INSERT INTO mentoring.mentors (user_id, name, kind, capacity, expertise, region_code, created_by) VALUES ('demo-mentor', '王老师', 'teacher', 5, '{job}', $1, 'matrix') RETURNING id`,
    [DEMO_COUNTY],
  );
  const [graduate] = await eduaid.db.query<{ id: string }>(
    `INSERT INTO mentoring.graduates (student_id, name, university_code, university_county_code, village_code, county_code, major, degree_level, expected_graduation, cohort, intention, consent_to_contact, user_id, created_by)
     VALUES (gen_random_uuid(), '张伟', $1::text || '0042', $1::text, $1::text || '001001', $1::text, '会计', 'undergraduate', '2027-06-30', 2027, 'job', true, 'demo-graduate', 'matrix') RETURNING id`,
    [DEMO_COUNTY],
  );
  await eduaid.db.query(
    `INSERT INTO mentoring.job_cases (graduate_id, workflow_id, county_code, village_code, university_code, phase, lead_mentor_user_id, mentor_user_ids, cadence_days, opened_by)
     VALUES ($1::uuid, 'job-assistance:' || $1::text, $2::text, $2::text || '001001', $2::text || '0042', 'check-ins', 'demo-mentor', '{demo-mentor}', 14, 'matrix')`,
    [graduate.id, DEMO_COUNTY],
  );
  return { graduateId: graduate.id, mentorId: mentor.id };
}

/** A finished graduate import made in the demo county (its rows and errors do not matter here). */
async function seedGraduateImport(eduaid: EduaidHarness): Promise<string> {
  const [row] = await eduaid.db.query<{ id: string }>(
    `INSERT INTO mentoring.graduate_imports (id, file_name, encoding, size_bytes, scope_level, scope_code, created_by, status)
     VALUES (gen_random_uuid(), 'matrix.csv', 'auto', 10, 'county', $1, 'matrix', 'completed') RETURNING id`,
    [DEMO_COUNTY],
  );
  return row.id;
}

/**
 * Routes that read or act on the matrix's task (a case review's 'review' task for caseworkers): a
 * role the task's kind does not belong to is refused (task-access.ts), and so is the case's timeline,
 * which the overseeing roles read whatever the kind.
 */
const TASK_ROUTES = new Set([
  'casework GET /tasks/:taskId',
  'casework POST /tasks/:taskId/claim',
  'casework POST /tasks/:taskId/unclaim',
  'casework POST /tasks/:taskId/reassign',
  'casework POST /tasks/:taskId/decision',
  'casework GET /cases/:subjectType/:subjectId/timeline',
]);

/** Routes whose record lies in the demo county: the jurisdiction dimension is asserted for these. */
const SCOPED_ROUTES = new Set([
  ...TASK_ROUTES,
  'casework POST /users/:userId/token-revocations',
  'casework DELETE /users/:userId/lockout',
  'casework POST /users/:userId/activation-code',
  'mentoring GET /graduates/:graduateId',
  'mentoring GET /graduates/:graduateId/mentors',
  'mentoring PUT /graduates/:graduateId/mentors',
  'mentoring GET /graduates/:graduateId/mentors/history',
  'mentoring GET /graduates/:graduateId/mentor-suggestions',
  'mentoring GET /mentors/:mentorId',
  'mentoring PATCH /mentors/:mentorId',
  'mentoring GET /job-assistance-cases/:graduateId',
  'mentoring GET /job-assistance-cases/:graduateId/events',
  'mentoring POST /job-assistance-cases/:graduateId/job-lost',
  'mentoring GET /graduate-imports/:importId',
  'mentoring GET /graduate-imports/:importId/errors',
  'mentoring POST /graduate-compensations',
  'mentoring GET /graduate-compensations/:graduateId',
  'mentoring POST /graduate-compensations/:graduateId/commitment-end',
]);

/**
 * A job-assistance case's routes: besides role and jurisdiction, only the case's own mentors act on
 * it. The matrix's mentors are not on the matrix's case (its mentor is demo-mentor), so every such
 * route refuses them (case.not-yours), in scope or not.
 */
const CASE_ROUTES = new Set([
  'mentoring GET /job-assistance-cases/:graduateId',
  'mentoring GET /job-assistance-cases/:graduateId/events',
  'mentoring POST /job-assistance-cases/:graduateId/assessment',
  'mentoring POST /job-assistance-cases/:graduateId/plan',
  'mentoring POST /job-assistance-cases/:graduateId/check-ins',
  'mentoring POST /job-assistance-cases/:graduateId/activities',
  'mentoring POST /job-assistance-cases/:graduateId/outcome-claims',
  'mentoring POST /job-assistance-cases/:graduateId/job-lost',
]);

const MATRIX_TASK = { kind: 'review', candidateRole: 'caseworker' as Role };
const kindAllows = (route: string, role: Role) =>
  kindBelongsTo([role], MATRIX_TASK) || (route.endsWith('/timeline') && OVERSIGHT_ROLES.includes(role));

const SCOPES = {
  'in scope': { level: 'county' as const, code: DEMO_COUNTY },
  'out of scope': { level: 'county' as const, code: OTHER_COUNTY },
};

/**
 * The authorization matrix: every route of every service × every role × a jurisdiction that covers
 * the record and one that does not. Expectations come from the route's own declarations; what is
 * checked is that the running services enforce them (401 without a token, 403 naming the missing
 * role, 403 for a record outside the jurisdiction, and nothing refused that should be allowed).
 */
describe('authorization matrix', () => {
  let eduaid: EduaidHarness;
  let routes: Route[];
  let params: Record<string, string>;

  beforeAll(async () => {
    eduaid = await startEduaid('authz-matrix', ALL_SERVICES);
    await seedUsers(eduaid);
    const { task } = await startReview(eduaid, 'app-matrix');
    const { graduateId, mentorId } = await seedCase(eduaid);
    const importId = await seedGraduateImport(eduaid);
    await seedCompensation(eduaid, graduateId);
    BODIES['mentoring POST /graduate-compensations'] = {
      graduateId, commitment: 'enlistment', unitName: 'Unit 1', serviceCountyCode: DEMO_COUNTY, startDate: '2026-09-01', committedYears: 2,
      proofReference: 'RZ-MATRIX-2', tuitionPaidFen: 1_000_000, loanOutstandingFen: 0, studyYears: 4,
    };
    params = { taskId: task.task_id, subjectType: 'application', subjectId: 'app-matrix', userId: 'demo-graduate', graduateId, mentorId, importId };
    BODIES['mentoring PUT /graduates/:graduateId/mentors'] = { mentorIds: [mentorId], leadMentorId: mentorId, reason: 'matrix' };
    routes = SERVICE_NAMES.flatMap((service) => routesOf(service, eduaid));
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const key = (r: Route) => `${r.service} ${r.method} ${r.path}`;
  const fill = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? '00000000-0000-4000-8000-000000000000');
  const call = (r: Route, headers: Record<string, string>) =>
    eduaid.http(r.service).request<{ code?: string }>(r.method, fill(r.path), ['POST', 'PUT', 'PATCH'].includes(r.method) ? (BODIES[key(r)] ?? {}) : undefined, headers);

  it('finds the routes of all four services, casework’s included', () => {
    expect(new Set(routes.map((r) => r.service))).toEqual(new Set(SERVICE_NAMES));
    expect(routes.map(key)).toEqual(expect.arrayContaining([...SCOPED_ROUTES, ...ANY_SIGNED_IN_USER]));
  });

  it('has a deliberate access rule on every route', () => {
    const undecided = routes.filter((r) => !r.isPublic && !r.serviceOnly && !r.roles && !ANY_SIGNED_IN_USER.has(key(r))).map(key);
    expect(undecided).toEqual([]);
  });

  it('refuses every non-public route without a token (401)', async () => {
    for (const route of routes.filter((r) => !r.isPublic)) {
      const response = await call(route, {});
      expect({ route: key(route), status: response.status }).toEqual({ route: key(route), status: 401 });
    }
  });

  it('refuses users’ tokens on service-only routes (401)', async () => {
    const admin = await eduaid.authAs({ userId: 'matrix-admin', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    for (const route of routes.filter((r) => r.serviceOnly)) {
      expect({ route: key(route), status: (await call(route, admin)).status }).toEqual({ route: key(route), status: 401 });
    }
  });

  it('finds the province-wide jobs and reads among the routes', () => {
    expect(routes.filter((r) => r.provinceWide).map(key).sort()).toEqual(
      ['casework GET /audit/verification', 'schools POST /admin/synthetic-province', 'students GET /admin/key-rotation', 'students POST /admin/key-rotation',
        'mentoring POST /graduate-feeds', 'students POST /payment-cycles', 'students POST /payment-cycles/:term/pause', 'students POST /payment-cycles/:term/resume', 'students POST /payment-cycles/:term/cancel'].sort(),
    );
  });

  it('allows or denies every route × role × jurisdiction as declared', async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const route of routes.filter((r) => !r.isPublic && !r.serviceOnly)) {
      for (const role of ROLES) {
        for (const [where, scope] of Object.entries(SCOPES)) {
          const headers = await eduaid.authAs({ userId: `matrix-${role}-${scope.code}`, roles: [role], scope });
          const response = await call(route, headers);
          const code = response.body?.code;
          const roleAllowed = !route.roles || route.roles.includes(role);
          // Both jurisdictions are counties: a province-wide route is refused to either.
          const expected =
            !roleAllowed ? 'deny: role'
            : CASE_ROUTES.has(key(route)) && role === 'mentor' ? 'deny: not yours'
            : SCOPED_ROUTES.has(key(route)) && where === 'out of scope' ? 'deny: jurisdiction'
            : route.provinceWide ? 'deny: province'
            : TASK_ROUTES.has(key(route)) && !kindAllows(key(route), role) ? 'deny: kind'
            : 'allow';
          const actual =
            response.status === 403 && code === 'auth.role-denied' ? 'deny: role'
            : response.status === 403 && code === 'auth.out-of-scope' ? 'deny: jurisdiction'
            : response.status === 403 && code === PROVINCE_WIDE_DENIED ? 'deny: province'
            : response.status === 403 && code === 'task.kind-not-yours' ? 'deny: kind'
            : response.status === 403 && code === 'case.not-yours' ? 'deny: not yours'
            : response.status === 401 ? `unauthenticated (${code})`
            : 'allow';
          cells += 1;
          if (actual !== expected) mismatches.push(`${key(route)} as ${role} ${where}: expected ${expected}, got ${actual} (${response.status} ${code ?? ''})`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBeGreaterThan(routes.length * ROLES.length);
  });

  it('shows a graduate their own compensation only; the staff routes refuse graduates and mentors whatever the jurisdiction', async () => {
    const own = await eduaid.http('mentoring').get<{ graduateId: string; state: string }>('/my-compensation', await eduaid.authAs({ userId: 'demo-graduate', roles: ['graduate'], scope: SCOPES['in scope'] }));
    expect([own.status, own.body.graduateId, own.body.state]).toEqual([200, params.graduateId, 'approved']);
    const stranger = await eduaid.http('mentoring').get<{ code: string }>('/my-compensation', await eduaid.authAs({ userId: 'another-graduate', roles: ['graduate'], scope: SCOPES['in scope'] }));
    expect([stranger.status, stranger.body.code]).toEqual([404, 'compensation.not-found']);
    const compensationRoutes = routes.filter((r) => r.path.startsWith('/graduate-compensations'));
    expect(compensationRoutes.map(key).sort()).toEqual([
      'mentoring GET /graduate-compensations', 'mentoring GET /graduate-compensations/:graduateId', 'mentoring POST /graduate-compensations', 'mentoring POST /graduate-compensations/:graduateId/commitment-end',
    ]);
    for (const route of compensationRoutes) {
      for (const role of ['graduate', 'mentor'] as const) {
        const response = await call(route, await eduaid.authAs({ userId: role === 'graduate' ? 'demo-graduate' : 'demo-mentor', roles: [role], scope: SCOPES['in scope'] }));
        expect({ route: key(route), role, status: response.status, code: response.body?.code }).toEqual({ route: key(route), role, status: 403, code: 'auth.role-denied' });
      }
    }
  });

  it('audits the denials of every service that denied something in casework’s log', async () => {
    const deniedBy = [...new Set(routes.filter((r) => r.roles && r.roles.length < ROLES.length).map((r) => r.service))];
    const rows = await eventually(
      () => eduaid.db.query<{ service: string }>(`SELECT DISTINCT after->>'service' AS service FROM casework.audit_log WHERE action = 'access.denied'`),
      (r) => deniedBy.every((s) => r.some((row) => row.service === s)),
    );
    expect(rows.map((r) => r.service)).toEqual(expect.arrayContaining(deniedBy));
  });
});
