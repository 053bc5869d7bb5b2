import { Writable } from 'node:stream';
import { Pool } from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { DEFAULT_JOB_ASSISTANCE_SETTINGS, JobAssistanceInput } from '@eduaid/contracts';
import { temporalBinary } from '../../infra/local/temporal-dev-server';
import { startEduaid } from '../../libs/testing/src/eduaid-harness';
import { TEST_ENV } from '../../libs/testing/src/test-env';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { startBenchEnvironment } from './bench-environment';
import { LatencyFigures, measureLatencies } from './latency';

const DAY = 86_400_000;
const COUNTY = '420102';

/**
 * A case's history over three simulated years (78 fortnightly check-ins) on the time-skipping server,
 * with the workflow's continue-as-new (every `periodsPerRun` periods) and without it (one run holds
 * all), the services' activities played by stubs. Answers the events and bytes of each run.
 */
async function historySizes(periodsPerRun: number): Promise<{ events: number; bytes: number }[]> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalBinary('test-server') } } });
  try {
    const prefix = `bench-${periodsPerRun}-`;
    const stubs = {
      ensureGraduateAccount: async (input: { userId: string }) => ({ userId: input.userId, username: input.userId, created: true }),
      recordJobCase: async () => ({ applied: true }),
      remindMentor: async () => undefined,
      createTask: async (input: { taskId: string }) => ({ taskId: input.taskId, assigneeId: null, created: true }),
      completeTask: async () => undefined,
      cancelTask: async () => undefined,
    };
    const workers = await Promise.all(
      ['casework', 'mentoring'].map((q) => Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}${q}`, activities: stubs })),
    );
    const wf = await Worker.create({ connection: env.nativeConnection, taskQueue: `${prefix}workflows`, workflowBundle: { codePath: process.env[TEST_ENV.workflowBundle] as string } });
    const graduateId = '0b6b1f0e-3c1d-4b5e-8f00-3a2b1c0d9e8f';
    const workflowId = `job-assistance:${graduateId}`;
    const input: JobAssistanceInput = {
      graduateId,
      graduateUserId: `graduate-${graduateId}`,
      displayName: 'bench',
      openedBy: 'bench',
      place: { divisionCode: `${COUNTY}001001` },
      mentorUserIds: ['m-1'],
      leadMentorUserId: 'm-1',
      settings: { ...DEFAULT_JOB_ASSISTANCE_SETTINGS, periodsPerRun },
    };
    /**
     * The time-skipping test server sometimes loses an Update or a Query sent while a run continues
     * as new (the client then waits for ever): each is given a few seconds and sent again. A check-in
     * sent twice is harmless here: the loop waits for the count, and a second one only moves the due time.
     */
    const retried = async <T>(what: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const outcome = await Promise.race([what().then((value) => ({ value })), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
        if (outcome) return outcome.value;
        if (attempt === 20) throw new Error('the test server did not answer');
      }
    };
    const latest = () => env.client.workflow.getHandle(workflowId);
    const status = () => retried(() => latest().query<{ phase: string; checkIns: number }>('caseStatus'));
    const run = async () => {
      await env.client.workflow.start('jobAssistanceWorkflow', { workflowId, taskQueue: `${prefix}workflows`, args: [input] });
      while ((await status()).phase !== 'assessment') await new Promise((r) => setTimeout(r, 20));
      await retried(() => latest().executeUpdate('recordAssessment', { args: [{ by: 'm-1', needs: 'bench' }] }));
      await retried(() => latest().executeUpdate('recordPlan', { args: [{ by: 'm-1', plan: 'bench' }] }));
      for (let period = 1; period <= 78; period++) {
        await env.sleep(13 * DAY);
        if ((await status()).checkIns < period) await retried(() => latest().executeUpdate('confirmCheckIn', { args: [{ by: 'm-1', role: 'mentor', note: `period ${period}` }] }));
        while ((await status()).checkIns < period) await new Promise((r) => setTimeout(r, 20));
      }
      // Walk the runs back from the latest through each run's "continued from" link.
      const runs: { events: number; bytes: number }[] = [];
      let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
      while (runId) {
        const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        runs.unshift({ events: history.events?.length ?? 0, bytes: Buffer.byteLength(JSON.stringify(history)) });
        runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
      }
      await env.client.workflow.getHandle(workflowId).terminate('bench over');
      return runs;
    };
    return await wf.runUntil(() => workers[0].runUntil(() => workers[1].runUntil(run)));
  } finally {
    await env.teardown();
  }
}

/**
 * `npm run bench:mentoring`: (1) the history of a job-assistance case after three simulated years
 * of fortnightly check-ins, with continue-as-new every 26 periods (the default) and, as the baseline,
 * with none; (2) with CASES cases (default 100,000) in the mentoring schema, the latency (p50/p99,
 * CLIENTS concurrent clients, REQUESTS requests) of a mentor's caseload, a county's and the
 * province's first page of cases through the API, each beside a bare SQL query of the same rows.
 */
async function main(): Promise<void> {
  // A call abandoned by `retried` keeps retrying inside the client and throws from a timer once the
  // test server's connection is closed; that is the abandoned call, not the benchmark, failing.
  process.on('uncaughtException', (error) => {
    if (error.message === 'Channel has been shut down') return;
    console.error(error);
    process.exit(1);
  });
  const cases = Number(process.env.CASES ?? '100000');
  const clients = Number(process.env.CLIENTS ?? '10');
  const requests = Number(process.env.REQUESTS ?? '1000');
  const env = await startBenchEnvironment();
  try {
    const describe = (runs: { events: number; bytes: number }[]) =>
      `${runs.length} run(s); largest ${Math.max(...runs.map((r) => r.events))} events / ${Math.round(Math.max(...runs.map((r) => r.bytes)) / 1024)} KiB; all runs ${runs.reduce((a, r) => a + r.events, 0)} events`;
    if (process.env.SKIP_HISTORY !== '1') {
      console.log('history of one case after 3 simulated years (78 check-ins):');
      console.log(`  continue-as-new every ${DEFAULT_JOB_ASSISTANCE_SETTINGS.periodsPerRun} periods: ${describe(await historySizes(DEFAULT_JOB_ASSISTANCE_SETTINGS.periodsPerRun))}`);
      console.log(`  without continue-as-new (baseline):     ${describe(await historySizes(10_000))}`);
    }

    const eduaid = await startEduaid('bench-mentoring', [mentoringService], { workflowWorker: false, logDestination: new Writable({ write: (_c, _e, done) => done() }) });
    try {
      const t0 = performance.now();
      // CASES graduates over 100 counties (the demo county holds 1 in 100), each with a case; a mentor holds 20 cases.
      await eduaid.db.query(
        `INSERT INTO mentoring.graduates (student_id, name, university_code, university_county_code, village_code, county_code, major, degree_level, expected_graduation, cohort, intention, consent_to_contact, created_by)
         SELECT gen_random_uuid(), 'g' || n, c || '0001', c, c || '001001', c, 'major', 'undergraduate', '2027-06-30', 2027, 'job', true, 'bench'
           FROM (SELECT n, (420102 + (n % 100))::text AS c FROM generate_series(1, $1::int) AS n) s`,
        [cases],
      );
      await eduaid.db.query(
        `INSERT INTO mentoring.job_cases (graduate_id, workflow_id, county_code, village_code, university_code, phase, lead_mentor_user_id, mentor_user_ids, cadence_days, next_due_at, opened_by)
         SELECT g.id, 'job-assistance:' || g.id, g.county_code, g.village_code, g.university_code, 'check-ins', m, ARRAY[m], 14, now() + ((row_number() OVER () % 28) - 7) * interval '1 day', 'bench'
           FROM (SELECT g.*, 'bench-mentor-' || (row_number() OVER (ORDER BY g.id) % ($1::int / 20)) AS m FROM mentoring.graduates g) g`,
        [cases],
      );
      await eduaid.db.query('ANALYZE mentoring.graduates; ANALYZE mentoring.job_cases');
      console.log(`\n${cases} cases written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

      const http = eduaid.http('mentoring');
      const mentor = await eduaid.authAs({ userId: 'bench-mentor-1', roles: ['mentor'], scope: { level: 'county', code: COUNTY } });
      const county = await eduaid.authAs({ userId: 'bench-supervisor', roles: ['supervisor'], scope: { level: 'county', code: COUNTY } });
      const province = await eduaid.authAs({ userId: 'bench-admin', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
      const api = (path: string, headers: Record<string, string>) => async () => (await http.get(path, headers)).status === 200;
      // The bare queries get a pool as large as the clients, as the service has its own pool.
      const pool = new Pool({ connectionString: eduaid.db.url, max: clients });
      const sql = (text: string, params: unknown[]) => async () => (await pool.query(text, params)).rows.length >= 0;
      const figures: LatencyFigures[] = [];
      for (const [label, once] of [
        ['GET /caseload (a mentor, 20 cases)', api('/caseload', mentor)],
        ['  bare SQL: the same counts and page', async () => (await sql(`SELECT count(*) FROM mentoring.job_cases WHERE mentor_user_ids @> ARRAY['bench-mentor-1'] AND closed_at IS NULL`, [])()) && sql(`SELECT * FROM mentoring.job_cases WHERE mentor_user_ids @> ARRAY['bench-mentor-1'] AND closed_at IS NULL ORDER BY graduate_id LIMIT 50`, [])()],
        [`GET /job-assistance-cases (a county, ${cases / 100} cases), page of 50`, api('/job-assistance-cases?limit=50', county)],
        ['  bare SQL: the same page', sql(`SELECT * FROM mentoring.job_cases WHERE county_code = $1 ORDER BY graduate_id LIMIT 50`, [COUNTY])],
        [`GET /job-assistance-cases (the province, ${cases} cases), page of 50`, api('/job-assistance-cases?limit=50', province)],
        ['  bare SQL: the same page', sql(`SELECT * FROM mentoring.job_cases ORDER BY graduate_id LIMIT 50`, [])],
        ['GET /job-assistance-cases?overdue=true (the province), page of 50', api('/job-assistance-cases?overdue=true&limit=50', province)],
      ] as [string, () => Promise<boolean>][]) {
        await measureLatencies(label, clients, Math.min(100, requests), once); // warm-up
        figures.push(await measureLatencies(label, clients, requests, once));
      }
      await pool.end();
      console.log(`\nlatency with ${cases} cases, ${clients} concurrent clients, ${requests} requests each (ms):`);
      for (const f of figures) console.log(`  ${f.label.padEnd(70)} p50 ${f.p50.toFixed(1).padStart(7)}  p99 ${f.p99.toFixed(1).padStart(7)}${f.failures ? `  failures ${f.failures}` : ''}`);
    } finally {
      await eduaid.close();
    }
  } finally {
    await env.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
