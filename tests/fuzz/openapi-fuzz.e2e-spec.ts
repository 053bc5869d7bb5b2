import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { seedDemoUsers } from '../../services/casework/src/seed/demo-users';
import { ALL_SERVICES } from '../e2e/all-services';

/**
 * Property-based fuzzing of every OpenAPI operation of every service with Schemathesis: generated
 * valid and invalid input (path, query, bodies), as a programme admin, as a caseworker and (on
 * students) as an auditor, against the real services on real PostgreSQL and Temporal, seeded with
 * a jurisdiction tree, schools, a roster and a user per role. A run fails on any 5xx, any answer
 * that breaks its documented schema or status, and any invalid input that is accepted; the
 * failures are printed with a curl line that reproduces each.
 *
 * Bounded for CI (a fixed seed, a few examples per operation); more with
 * EDUAID_FUZZ_MAX_EXAMPLES=100 npx jest tests/fuzz. EDUAID_FUZZ_SEED changes the seed.
 */
const MAX_EXAMPLES = Number(process.env.EDUAID_FUZZ_MAX_EXAMPLES || 12);
const SEED = Number(process.env.EDUAID_FUZZ_SEED || 20261201);
const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'negative_data_rejection', 'status_code_conformance'];
const DEMO_FRACTION = 0.002;
const PASSWORD = 'eduaid-demo-password';

/**
 * Operations that end tokens: fuzzed on their own, last, with a throwaway token, because in the
 * main runs they would cut the fuzzer's session short and leave it testing nothing but 401s:
 * POST /auth/logout revokes the very token the fuzzer sends, and POST /users/{userId}/token-revocations
 * revokes every token of a user, the fuzzer's own included once the stateful phase feeds it the
 * userId that GET /auth/me answers.
 */
const TOKEN_ENDING_OPERATIONS = ['IdentityController_logout', 'IdentityController_revokeTokens'];

/**
 * Who the fuzzer is. Most operations admit admins or caseworkers; the access log admits auditors
 * only, so an auditor fuzzes the students service too (elsewhere it would mostly hear 403).
 */
const IDENTITIES = [
  { name: 'a programme admin', username: 'admin.demo', services: SERVICE_NAMES },
  { name: 'a caseworker', username: 'caseworker1.demo', services: SERVICE_NAMES },
  { name: 'an auditor', username: 'auditor.demo', services: ['students'] as readonly ServiceName[] },
] as const;

let schemathesisCli: string | undefined;

function fetchSchemathesis(): Promise<string> {
  return promisify(execFile)('bash', [path.join(__dirname, '../../infra/scripts/fetch-schemathesis.sh')], { timeout: 300_000 }).then(({ stdout }) =>
    stdout.trim().split('\n').pop()!,
  );
}

/** Runs Schemathesis without blocking this process's event loop: the services answer from it. */
function runSchemathesis(args: string[]): Promise<{ code: number; output: string }> {
  // In a folder of its own: Schemathesis keeps a crash cache (.schemathesis/) in its working
  // folder and replays it on the next run, which would make runs depend on earlier ones.
  const cwd = mkdtempSync(path.join(tmpdir(), 'eduaid-fuzz-'));
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(schemathesisCli!, args, { cwd, env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

/**
 * A Schemathesis configuration that draws each named path parameter from real ids most of the time
 * (a dictionary per parameter), written to a temporary file for one run.
 */
function writeFuzzConfig(knownIds: Record<string, string[]>): string {
  const lines: string[] = [];
  const bindings: string[] = [];
  for (const [name, values] of Object.entries(knownIds)) {
    if (values.length === 0) continue;
    lines.push(`[dictionaries.${name}]`, `values = [${values.map((v) => JSON.stringify(v)).join(', ')}]`, '');
    bindings.push(`"path.${name}" = { dictionary = "${name}", probability = 0.8 }`);
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'eduaid-fuzz-config-')), 'schemathesis.toml');
  writeFileSync(file, [...lines, '[parameters]', ...bindings, ''].join('\n'));
  return file;
}

/** The part of Schemathesis's report a reader needs: each failure with its reproduction, and the summary. */
function readableFailures(output: string): string {
  const start = output.search(/^=+ FAILURES =+$/m);
  const errors = output.search(/^=+ ERRORS =+$/m);
  const from = [start, errors].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  return from === undefined ? output.slice(-8000) : output.slice(from);
}

describe('fuzzing every OpenAPI operation (Schemathesis)', () => {
  let eduaid: EduaidHarness;
  const tokens = new Map<string, string>();
  const knownIds: Record<string, string[]> = {};

  beforeAll(async () => {
    schemathesisCli = await fetchSchemathesis();
    // Errors only: the fuzzer's thousands of refused requests would bury them (every 403 is a warning).
    eduaid = await startEduaid('fuzz', ALL_SERVICES, { env: { LOG_LEVEL: process.env.LOG_LEVEL || 'error' } });

    // Enough data that generated requests reach real records: the jurisdiction tree and schools
    // of a slice of the synthetic province, a roster of its first county, and a user per role there.
    const province = new SyntheticProvince(scopeAt(DEMO_FRACTION));
    const county = province.counties()[0].code;
    await seedDemoUsers(eduaid.app('casework').get(DataSource), { countyCode: county, password: PASSWORD });
    const setup = await eduaid.authAs({ userId: 'fuzz-setup', roles: ['programme-admin'], scope: { level: 'province', code: county.slice(0, 2) } });
    const loaded = await eduaid.http('schools').post('/admin/synthetic-province', { fraction: DEMO_FRACTION }, setup);
    expect(loaded.status).toBe(200);
    const rows = [...province.roster(2024)].filter((row) => row.village_code.startsWith(county)).slice(0, 60);
    const csv = [ROSTER_COLUMNS.join(','), ...rows.map(rosterCsvLine)].join('\n') + '\n';
    const upload = await eduaid.http('students').post<{ importId: string }>('/roster-imports?fileName=fuzz-roster.csv', csv, { ...setup, 'content-type': 'text/csv' });
    expect(upload.status).toBe(202);
    await eventually(
      async () => (await eduaid.http('students').get<{ status: string }>(`/roster-imports/${upload.body.importId}`, setup)).body.status,
      (status) => status === 'completed',
      60_000,
    );

    // Real ids for path parameters, so generated requests reach the records behind them instead of
    // answering 404 (Schemathesis still generates its own ids for a share of the requests).
    const students = await eduaid.http('students').get<{ items: { id: string; householdId: string }[] }>('/students?limit=5', setup);
    expect(students.status).toBe(200);
    knownIds.studentId = students.body.items.map((s) => s.id);
    knownIds.householdId = [...new Set(students.body.items.map((s) => s.householdId))];
    knownIds.importId = [upload.body.importId];
    // Users the fuzzer does not log in as: revoking or unlocking them must not end its own session.
    knownIds.userId = ['demo-caseworker-2', 'demo-approver-2', 'demo-mentor'];

    for (const identity of IDENTITIES) {
      const login = await eduaid.http('casework').post<{ accessToken: string }>('/auth/login', { username: identity.username, password: PASSWORD });
      expect(login.status).toBe(200);
      tokens.set(identity.name, login.body.accessToken);
    }
  }, 600_000);

  afterAll(async () => {
    await eduaid?.close();
  });

  const cases = SERVICE_NAMES.flatMap((service) => IDENTITIES.filter((identity) => identity.services.includes(service)).map((identity) => [service, identity.name] as const));

  /** Runs Schemathesis on one service; answers its failures, readably, or undefined when it found none. */
  async function fuzz(service: ServiceName, who: string, token: string, operations: string[]): Promise<string | undefined> {
    const url = eduaid.http(service).baseUrl;
    const args = [
      '--config-file',
      writeFuzzConfig(knownIds),
      'run',
      `${url}/docs-json`,
      '--url',
      url,
      '--checks',
      CHECKS.join(','),
      '--mode',
      'all',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      String(SEED),
      '--header',
      `Authorization: Bearer ${token}`,
      '--workers',
      '1',
      '--request-timeout',
      '20',
      // Every failing case of an operation, not only its first: one run shows all there is to fix.
      '--continue-on-failure',
      '--no-color',
      '--output-truncate',
      'false',
      '--generation-database',
      'none',
      ...operations,
    ];
    const started = Date.now();
    const { code, output } = await runSchemathesis(args);
    const summary = output.trim().split('\n').slice(-3).join(' | ');
    console.log(`schemathesis ${service} as ${who}: exit ${code} in ${Math.round((Date.now() - started) / 1000)} s: ${summary}`);
    // EDUAID_FUZZ_VERBOSE=1 prints the whole report, warnings included (operations that never got past 404, say).
    if (process.env.EDUAID_FUZZ_VERBOSE) console.log(output);
    return code === 0 ? undefined : `Schemathesis found problems in ${service} as ${who} (exit ${code}):\n\n${readableFailures(output)}`;
  }

  it.each(cases)('%s, as %s: no 5xx, every answer as documented, every invalid input refused', async (service, identity) => {
    const token = tokens.get(identity)!;
    const exclude = service === 'casework' ? TOKEN_ENDING_OPERATIONS.flatMap((id) => ['--exclude-operation-id', id]) : [];
    const failures = await fuzz(service, identity, token, exclude);
    // The run tested what it claims only if its token lived to the end.
    const me = await eduaid.http('casework').get('/auth/me', { authorization: `Bearer ${token}` });
    expect({ identity, tokenStillValid: me.status }).toEqual({ identity, tokenStillValid: 200 });
    if (failures) throw new Error(failures);
    // The students service as a programme admin takes ten times the others (it may start campaigns and
    // cycles): 303 s in a CI run on a loaded machine, over the 300 s this once allowed.
  }, 600_000);

  it('casework’s token-ending operations (logout, revocation), last, with a token of their own', async () => {
    const throwaway = await eduaid.tokenFor({ userId: 'fuzz-throwaway-admin', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    const failures = await fuzz('casework', 'a throwaway programme admin', throwaway, TOKEN_ENDING_OPERATIONS.flatMap((id) => ['--include-operation-id', id]));
    if (failures) throw new Error(failures);
  }, 300_000);
});
