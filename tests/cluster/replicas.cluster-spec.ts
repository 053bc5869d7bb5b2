import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import {
  CASE_REVIEW_WORKFLOW,
  CaseReviewInput,
  CaseReviewResult,
  Caller,
  SERVICE_NAMES,
  ServiceName,
  WORKFLOW_TASK_QUEUE,
  caseReviewWorkflowId,
  taskQueueName,
} from '@eduaid/contracts';
import { ConfiguredKeyProvider, FieldCipher, portVariable, signCallerToken } from '@eduaid/platform';
import { createSuiteDatabase, eventually, HttpClient, SuiteDatabase, testDataKeysEnv } from '@eduaid/testing';
import { BankSandbox, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';
import { Replica, RoundRobinProxy, startReplica, startServiceReplica } from './replicas';

/**
 * Replicas (npm run test:cluster, against the Temporal cluster on PostgreSQL): two processes of every
 * service and two of the workflow worker, all started at once against one Temporal and one
 * PostgreSQL, HTTP through a round-robin balancer per service. Migrations and the retention schedule
 * happen once; work splits between the replicas; and a replica killed with SIGKILL in the middle of
 * a roster import, a payment cycle or a storm of inbox decisions loses nothing and does nothing twice.
 */
const FRACTION = 0.004;
const YEAR = '2024-2025';
const TERM = `${YEAR}:S1`;
const COUNTY = '420102';
const PROVINCE = { level: 'province' as const, code: '42' };
const DEFINITIONS = { students: studentsService, schools: schoolsService, mentoring: mentoringService, casework: caseworkService };

interface ImportStatus { importId: string; status: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; fractionDone: number }
interface Cycle { state: string; totals: { due: number; paid: number; failed: number; sending: number; planned: number } }
type History = temporal.api.history.v1.IHistory;

jest.setTimeout(900_000);

describe('two replicas of every service and of the workflow worker', () => {
  let db: SuiteDatabase;
  let bank: BankSandbox;
  let temporalClient: Client;
  let connection: Connection;
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'eduaid-replicas-'));
  const prefix = `replicas-${randomBytes(3).toString('hex')}-`;
  const secret = randomBytes(32).toString('hex');
  const keys = testDataKeysEnv();
  const proxies = {} as Record<ServiceName, RoundRobinProxy>;
  const replicas: Replica[] = [];
  /** Every process that ever ran, by pid: a Temporal worker's identity is `<pid>@<host>`. */
  const byPid = new Map<number, string>();
  let env: Record<string, string>;

  const http = (service: ServiceName) => new HttpClient(proxies[service].url);
  const token = async (caller: Partial<Omit<Caller, 'tokenId'>> = {}) => ({
    authorization: `Bearer ${(await signCallerToken(secret, { userId: caller.userId ?? 'admin-1', displayName: caller.userId ?? 'admin', roles: caller.roles ?? ['programme-admin'], scope: caller.scope ?? PROVINCE })).token}`,
  });
  const replica = (name: string) => replicas.find((r) => r.name === name) as Replica;

  async function startService(service: ServiceName, name: string): Promise<Replica> {
    const r = await startServiceReplica(name, `services/${service}/src/main.js`, (port) => ({ ...env, [portVariable(service)]: String(port) }), logDir);
    replicas.push(r);
    byPid.set(r.pid, name);
    proxies[service].add(r.url as string);
    return r;
  }

  async function startWorkflowWorker(name: string): Promise<Replica> {
    const r = await startReplica(name, 'workflows/src/main.js', env, logDir);
    replicas.push(r);
    byPid.set(r.pid, name);
    await eventually(async () => r.log(), (log) => log.includes('workflow worker polling') || r.child.exitCode !== null, 120_000);
    if (r.child.exitCode !== null) throw new Error(`${name} exited:\n${r.log().slice(-3000)}`);
    return r;
  }

  /** Kills a replica with SIGKILL (a crashed host) and waits until it is gone. */
  async function crash(name: string): Promise<void> {
    await replica(name).kill();
  }

  /** Which process ran each workflow task and each activity of these workflows, by name. */
  async function whoRan(workflowIds: string[]): Promise<{ workflowTasks: Record<string, number>; activities: Record<string, Record<string, number>> }> {
    const workflowTasks: Record<string, number> = {};
    const activities: Record<string, Record<string, number>> = {};
    const nameOf = (identity?: string | null) => byPid.get(Number((identity ?? '').split('@')[0])) ?? `unknown(${identity})`;
    for (const id of workflowIds) {
      let history: History;
      try {
        history = await temporalClient.workflow.getHandle(id).fetchHistory();
      } catch {
        continue; // not started yet
      }
      for (const e of history.events ?? []) {
        if (e.workflowTaskCompletedEventAttributes) {
          const who = nameOf(e.workflowTaskCompletedEventAttributes.identity);
          workflowTasks[who] = (workflowTasks[who] ?? 0) + 1;
        }
        if (e.activityTaskStartedEventAttributes) {
          const who = nameOf(e.activityTaskStartedEventAttributes.identity);
          const service = who.replace(/-[ab]\d*$/, '');
          activities[service] ??= {};
          activities[service][who] = (activities[service][who] ?? 0) + 1;
        }
      }
    }
    return { workflowTasks, activities };
  }

  beforeAll(async () => {
    bank = await startBankSandbox({ faults: { batchDelayMs: 400 } });
    db = await createSuiteDatabase('replicas');
    for (const service of SERVICE_NAMES) {
      proxies[service] = new RoundRobinProxy();
      await proxies[service].start();
    }
    env = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS as string,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE || 'default',
      TEMPORAL_TASK_QUEUE_PREFIX: prefix,
      AUTH_TOKEN_SECRET: secret,
      // Every service reaches casework through its balancer, as in a deployment.
      EDUAID_CASEWORK_URL: proxies.casework.url,
      EDUAID_BANK_API_URL: bank.url,
      EDUAID_BANK_TIMEOUT_MS: '3000',
      EDUAID_BANK_BATCH_DEADLINE_MS: '20000',
      EDUAID_BANK_BATCH_POLL_MS: '200',
      LOG_LEVEL: 'info',
      ...keys,
    };
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    temporalClient = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    for (const proxy of Object.values(proxies)) await proxy.stop();
    await connection?.close();
    await db?.drop();
    await bank?.stop();
    console.log(`replica logs: ${logDir}`);
  });

  it('starts two of everything at once: each schema migrated once, the retention schedule created once, every replica ready', async () => {
    // All ten processes at the same moment, on an empty database.
    await Promise.all([
      ...SERVICE_NAMES.flatMap((s) => [startService(s, `${s}-a`), startService(s, `${s}-b`)]),
      startWorkflowWorker('workflows-a'),
      startWorkflowWorker('workflows-b'),
    ]);
    for (const service of SERVICE_NAMES) {
      const rows = await db.query<{ name: string; n: string }>(`SELECT name, count(*)::text AS n FROM "${service}".migrations GROUP BY name ORDER BY name`);
      expect(rows.filter((r) => r.n !== '1')).toEqual([]);
      expect(rows).toHaveLength(DEFINITIONS[service].database.migrations.length);
    }
    // The students service's schedules (retention, payment cycles) and mentoring's (graduate feed): each
    // made once, and exactly one of the two replicas of its service created each (the other found it).
    const listSchedules = async () => {
      const found: string[] = [];
      for await (const s of temporalClient.schedule.list()) if (s.scheduleId.includes(prefix)) found.push(s.scheduleId);
      return found.sort();
    };
    // Visibility (on PostgreSQL) lists a new schedule a moment after it is made.
    expect(await eventually(listSchedules, (found) => found.length >= 3, 30_000)).toEqual([
      `graduate-feed:${prefix}mentoring`, `payment-cycles:${prefix}students`, `retention:${prefix}students`,
    ]);
    for (const [service, line] of [['students', 'retention schedule created'], ['students', 'payment cycle schedule created'], ['mentoring', 'graduate feed schedule created']]) {
      const created = [`${service}-a`, `${service}-b`].filter((n) => replica(n).log().includes(line));
      expect(created).toHaveLength(1);
    }
  });

  let rosterImportId = '';
  let rosterRows = 0;

  it('imports a roster through both students replicas; one replica and one workflow worker killed mid-import lose nothing and write nothing twice', async () => {
    const admin = await token({ userId: 'importer-1' });
    expect((await http('schools').post('/admin/synthetic-province', { fraction: FRACTION }, admin)).status).toBeLessThan(300);
    const roster = [...new SyntheticProvince(scopeAt(FRACTION)).roster(2024)];
    rosterRows = roster.length;
    const csv = [ROSTER_COLUMNS.join(','), ...roster.map(rosterCsvLine)].join('\n') + '\n';
    const started = await http('students').post<ImportStatus>('/roster-imports?fileName=replicas.csv&chunkRows=100', csv, { ...admin, 'content-type': 'text/csv' });
    expect(started.status).toBe(202);
    rosterImportId = started.body.importId;
    const status = () => http('students').get<ImportStatus>(`/roster-imports/${rosterImportId}`, admin).then((r) => r.body);

    // Mid-run: once students-a has finished a chunk (Temporal records who ran an activity when it ends), most chunks still to do.
    await eventually(() => whoRan([`roster-import:${rosterImportId}`]), (ran) => (ran.activities.students?.['students-a'] ?? 0) > 1, 180_000);
    const before = await status();
    expect(before.status).not.toBe('completed');
    expect(before.fractionDone).toBeLessThan(0.7);
    await Promise.all([crash('students-a'), crash('workflows-a')]);

    const done = await eventually(status, (s) => s.status === 'completed' || s.status === 'failed', 300_000);
    expect(done).toMatchObject({ status: 'completed', rowsRead: rosterRows, rowsAccepted: rosterRows, rowsRejected: 0, fractionDone: 1 });
    // Every student once, every chunk recorded once.
    const [{ students, distinct }] = await db.query<{ students: string; distinct: string }>('SELECT count(*)::text AS students, count(DISTINCT national_id_index)::text AS distinct FROM students.students');
    expect(Number(students)).toBe(rosterRows);
    expect(Number(distinct)).toBe(rosterRows);
    const chunks = await db.query<{ rows_read: number }>('SELECT rows_read FROM students.roster_import_chunks WHERE import_id = $1', [rosterImportId]);
    expect(chunks.reduce((a, c) => a + c.rows_read, 0)).toBe(rosterRows);

    // Both students replicas ran chunks (the killed one before it died), and the survivor finished.
    const ran = await whoRan([`roster-import:${rosterImportId}`]);
    console.log('roster import: who ran what', JSON.stringify(ran));
    expect(Object.keys(ran.activities.students ?? {}).sort()).toEqual(['students-a', 'students-b']);
    expect(ran.workflowTasks['workflows-b']).toBeGreaterThan(0);

    // The killed ones come back (a new pod), so the next scenario again has two of each.
    proxies.students.remove(replica('students-a').url as string);
    await Promise.all([startService('students', 'students-a2'), startWorkflowWorker('workflows-a2')]);
  });

  it('runs a payment cycle with a students replica killed mid-cycle: every payment paid exactly once', async () => {
    // Each imported student gets a bank account (sealed with the services' keys) and one planned S1 payment left to the cycle.
    const cipher = new FieldCipher(new ConfiguredKeyProvider(keys).load());
    const students = await db.query<{ id: string }>('SELECT id FROM students.students ORDER BY id');
    for (const [i, s] of students.entries()) {
      const sealed = cipher.encrypt('bank-account', `62170000${String(200000 + i).padStart(11, '0')}`);
      await db.query(
        `INSERT INTO students.bank_accounts (student_id, account_cipher, account_key_version, account_masked, holder_name, updated_by) VALUES ($1, $2, $3, $4, $5, 'replicas-test')`,
        [s.id, sealed.cipher, sealed.keyVersion, `**** ${String(i).padStart(4, '0')}`, `家长${i}`],
      );
    }
    await db.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by, status)
       SELECT 'aid-application:' || s || ':${YEAR}:living:${TERM}', 'aid-application:' || s || ':${YEAR}', s, '${YEAR}', '${TERM}', 'junior-secondary-boarding-living-allowance',
              'JS-BOARD-1250', 'hubei-2026.1', 62500, '2024-09-01', 'cycle', 'planned'
         FROM unnest($1::uuid[]) AS s`,
      [students.map((s) => s.id)],
    );
    const admin = await token({ userId: 'cycle-admin' });
    const started = await http('students').post('/payment-cycles', { term: TERM, chunkSize: 50, concurrency: 2 }, admin);
    expect(started.status).toBe(202);
    const show = async () => {
      const res = await http('students').get<Cycle>(`/payment-cycles/${encodeURIComponent(TERM)}`, admin);
      return res.status === 200 ? res.body : ({ state: 'not-started', totals: { paid: 0 } } as Cycle);
    };
    const cycleWorkflows = async () => {
      const counties = await db.query<{ county_code: string }>('SELECT county_code FROM students.payment_cycle_counties WHERE term = $1', [TERM]);
      return [`payment-cycle:${TERM}`, ...counties.map((c) => `payment-cycle:${TERM}:${c.county_code}`)];
    };
    // Mid-run: both students replicas have finished work of this cycle, and payments are still to send.
    await eventually(
      async () => (await whoRan(await cycleWorkflows())).activities.students ?? {},
      (ran) => (ran['students-a2'] ?? 0) > 0 && (ran['students-b'] ?? 0) > 0,
      180_000,
    );
    const midway = await show();
    expect(midway.state).toBe('running');
    expect(midway.totals.paid).toBeLessThan(students.length * 0.7);
    await crash('students-b');

    const done = await eventually(show, (c) => c.state === 'completed', 400_000);
    expect(done.totals).toMatchObject({ due: students.length, paid: students.length, failed: 0, sending: 0, planned: 0 });
    // The bank paid each key exactly once, and holds nothing the ledger does not.
    const lines = (await (await fetch(`${bank.url}/_sandbox/ledger`)).text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { idempotencyKey: string; status: string; timesPaid: number });
    expect(lines).toHaveLength(students.length);
    expect(lines.filter((l) => l.status !== 'paid' || l.timesPaid !== 1)).toEqual([]);
    const [{ paid }] = await db.query<{ paid: string }>(`SELECT count(*)::text AS paid FROM students.aid_payments WHERE semester = $1 AND status = 'paid'`, [TERM]);
    expect(Number(paid)).toBe(students.length);

    const ran = await whoRan(await cycleWorkflows());
    console.log('payment cycle: who ran what', JSON.stringify(ran));
    expect(Object.keys(ran.activities.students ?? {}).sort()).toEqual(['students-a2', 'students-b']);
    proxies.students.remove(replica('students-b').url as string);
  });

  it('takes a storm of inbox decisions through both casework replicas, one killed mid-storm: each task decided once, each review moves on once', async () => {
    const N = 60;
    const place = { divisionCode: `${COUNTY}001` };
    const steps: CaseReviewInput['steps'] = [{ step: 'county-approval', kind: 'approval', candidateRole: 'approver', assignment: 'pool', dueInMs: 2 * 86_400_000 }];
    const ids = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const workflowId = caseReviewWorkflowId('application', `${prefix}storm-${i}`);
        const input: CaseReviewInput = { subject: { type: 'application', id: `${prefix}storm-${i}` }, place, submittedBy: 'storm-submitter', data: { n: i }, steps };
        await temporalClient.workflow.start(CASE_REVIEW_WORKFLOW, { workflowId, taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, prefix), args: [input] });
        return workflowId;
      }),
    );
    const tasks = await eventually(
      () => db.query<{ task_id: string; workflow_id: string }>(`SELECT task_id, workflow_id FROM casework.tasks WHERE workflow_id = ANY($1) AND status = 'open'`, [ids]),
      (rows) => rows.length === N,
      180_000,
    );

    // Every task decided by its own approver, eight at a time; a request lost with a dying replica is sent again.
    const outcomes: Record<string, number> = {};
    let sent = 0;
    let killed: Promise<void> | undefined;
    const decide = async (task: { task_id: string }, i: number) => {
      const auth = await token({ userId: `storm-approver-${i}`, roles: ['approver'], scope: { level: 'county', code: COUNTY } });
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        sent += 1;
        if (sent === Math.floor(N / 3)) killed = crash('casework-a');
        const res = await http('casework').post<{ code?: string }>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, auth).catch(() => ({ status: 0, body: {} as { code?: string } }));
        const key = res.status === 409 ? `409 ${res.body.code}` : String(res.status);
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        if (res.status === 200 || res.status === 409) return;
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error(`task ${task.task_id} could not be decided`);
    };
    const queue = tasks.map((t, i) => [t, i] as const);
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await decide(...next);
    }));
    await killed;
    console.log('decision storm: answers', JSON.stringify(outcomes), 'served by', JSON.stringify(proxies.casework.served()));

    // Each review ends approved by exactly the one decision; each task completed once with one audit entry.
    const results = await Promise.all(ids.map((id) => temporalClient.workflow.getHandle(id).result() as Promise<CaseReviewResult>));
    expect(results.filter((r) => r.outcome !== 'approved' || r.decisions.length !== 1)).toEqual([]);
    const rows = await db.query<{ status: string; decided_by: string }>(`SELECT status, decided_by FROM casework.tasks WHERE workflow_id = ANY($1)`, [ids]);
    expect(rows).toHaveLength(N);
    expect(rows.filter((r) => r.status !== 'completed')).toEqual([]);
    const audit = await eventually(
      () => db.query<{ subject_id: string; n: string }>(`SELECT subject_id, count(*)::text AS n FROM casework.audit_log WHERE action = 'task.decided' AND subject_id LIKE $1 GROUP BY subject_id`, [`${prefix}storm-%`]),
      (r) => r.length === N,
      60_000,
    );
    expect(audit.filter((a) => a.n !== '1')).toEqual([]);
    for (const id of ids.slice(0, 10)) {
      const history = await temporalClient.workflow.getHandle(id).fetchHistory();
      expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
    }
    // The work split: both casework replicas answered decisions and ran activities, both workflow workers ran reviews.
    const ran = await whoRan(ids);
    console.log('decision storm: who ran what', JSON.stringify(ran));
    expect(Object.values(proxies.casework.served()).every((n) => n > 0)).toBe(true);
    expect(Object.keys(ran.activities.casework ?? {}).sort()).toEqual(['casework-a', 'casework-b']);
    expect(Object.keys(ran.workflowTasks).filter((w) => w.startsWith('workflows-')).length).toBeGreaterThanOrEqual(2);
  });
});
