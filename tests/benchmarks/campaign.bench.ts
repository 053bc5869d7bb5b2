import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { ActivityWorkerService, CASEWORK_URL_VARIABLE } from '../../libs/platform/src';
import { startEduaid } from '../../libs/testing/src/eduaid-harness';
import { caseworkService } from '../../services/casework/src/casework.service';
import { studentsService } from '../../services/students/src/students.service';
import { MemorySampler, mib, startBenchEnvironment } from './bench-environment';

/**
 * `npm run bench:campaign`: the province's annual campaign through the real path. CAMPAIGN_STUDENTS
 * students (default 766000) enrolled in CAMPAIGN_SCHOOLS schools (default 4900) over 37 counties are
 * loaded by COPY (a mix of stages, boarders, special-hardship pupils and households lifted out of
 * poverty); the campaign is opened by HTTP for the province and run by its workflows with the
 * casework and students services in-process; every school list, county approval and prefecture
 * sign-off is decided through casework's HTTP API by a loop that plays the reviewers (DECIDERS at
 * once, default 8); the approved students are planned in the ledger. Prints wall time by phase,
 * students/s, peak memory, and in the same run a raw COPY of the same ledger rows into a table like
 * students.aid_payments, with the ratio of the two rates.
 */
const COUNTIES = Array.from({ length: 37 }, (_v, i) => `42${String(1 + (i % 13)).padStart(2, '0')}${String(21 + Math.floor(i / 13)).padStart(2, '0')}`);
const studentId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const YEAR = '2026-2027';
const STAGES: [string, number, boolean][] = [
  // stage, grade, boarding: the mix of a year's registered-poor pupils (most in compulsory education, many boarding)
  ['pre-school', 2, false], ['primary', 3, true], ['primary', 4, false], ['junior-secondary', 2, true], ['junior-secondary', 1, true], ['senior-high', 2, true],
  ['secondary-vocational', 1, true], ['primary', 5, true], ['junior-secondary', 3, true], ['higher-vocational', 1, false],
];
const exec = promisify(execFile);

async function postgresPss(postmasterPid: number | undefined): Promise<number> {
  if (!postmasterPid) return 0;
  try {
    const { stdout } = await exec('ps', ['-o', 'pid=', '--ppid', String(postmasterPid), '-p', String(postmasterPid)]);
    let pss = 0;
    for (const pid of stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
      try {
        pss += Number(/^Pss:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // ended between ps and the read
      }
    }
    return pss;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const size = Number(process.env.CAMPAIGN_STUDENTS ?? 766_000);
  const schoolsPerCounty = Math.max(1, Math.round(Number(process.env.CAMPAIGN_SCHOOLS ?? 4900) / COUNTIES.length));
  const deciders = Number(process.env.DECIDERS ?? 8);
  const env = await startBenchEnvironment();
  const eduaid = await startEduaid('bench-campaign', [caseworkService, studentsService]);
  process.env[CASEWORK_URL_VARIABLE] = eduaid.http('casework').baseUrl;
  const db = new Client({ connectionString: eduaid.db.url });
  await db.connect();
  try {
    const [{ setting: dataDir }] = (await db.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows;
    let postmasterPid: number | undefined;
    try {
      postmasterPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      postmasterPid = undefined;
    }

    // The registry: a poor household and a lifted-out one per county, the students spread over its schools.
    const loadStarted = performance.now();
    const households = new Map<string, [string, string]>();
    for (const county of COUNTIES) {
      const ids: string[] = [];
      for (const status of ['poor', 'lifted-out']) {
        const { rows } = await db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code, status) VALUES ($1, $2, $3, $4) RETURNING id`, [`HH-BENCH-${county}-${status}`, `${county}001001`, county, status]);
        ids.push(rows[0].id);
      }
      households.set(county, [ids[0], ids[1]]);
    }
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 1; i <= size; i += 1) {
            const county = COUNTIES[i % COUNTIES.length];
            const school = `${county}${String(1 + (Math.floor(i / COUNTIES.length) % schoolsPerCounty)).padStart(4, '0')}`;
            // Mixed, so that neither a school nor a county gets one stage only.
            const [stage, grade, boarding] = STAGES[(Math.imul(i, 2654435761) >>> 0) % STAGES.length];
            const hex = i.toString(16).padStart(32, '0');
            const [poor, liftedOut] = households.get(county) as [string, string];
            yield [studentId(i), `\\\\x${hex}`, 1, `\\\\x${hex}${hex}`, '420***********0000', `学生${i}`, '2013-05-01', 'female', i % 20 === 7 ? liftedOut : poor, `${county}001001`, county,
              i % 50 === 3 ? 't' : 'f', school, county, stage, grade, boarding ? 't' : 'f', YEAR].join('\t') + '\n';
          }
        })(),
      ),
      db.query(copyFrom(`COPY students.students (id, national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id,
        village_code, county_code, special_hardship, school_code, school_county_code, stage, grade, boarding, academic_year) FROM STDIN`)),
    );
    await db.query('ANALYZE students.students');
    await db.query('CHECKPOINT');
    console.log(`${size.toLocaleString('en')} students in ${COUNTIES.length * schoolsPerCounty} schools of ${COUNTIES.length} counties loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    // The reviewers: every open campaign task decided through casework's API at its level, DECIDERS at once.
    const tokens = new Map<string, Record<string, string>>();
    const headersFor = async (level: string, division: string, school: string | null) => {
      const key = `${level}:${level === 'school' ? school : level === 'prefecture' ? division.slice(0, 4) : division.slice(0, 6)}`;
      let h = tokens.get(key);
      if (!h) {
        const code = key.split(':')[1];
        h = await eduaid.authAs({ userId: `bench-${level}-${code}`, roles: [level === 'school' ? 'caseworker' : 'approver'], scope: { level: level as 'school' | 'county' | 'prefecture', code } });
        tokens.set(key, h);
      }
      return h;
    };
    let decided = 0;
    let running = true;
    const seen = new Set<string>();
    const decider = (async () => {
      while (running) {
        const open = (await db.query<{ task_id: string; decider_level: string; division_code: string; school_code: string | null }>(
          `SELECT task_id, decider_level, division_code, school_code FROM casework.tasks WHERE status IN ('open', 'claimed') AND kind LIKE 'campaign-%' LIMIT 2000`,
        )).rows.filter((t) => !seen.has(t.task_id));
        if (open.length === 0) {
          await new Promise((r) => setTimeout(r, 300));
          continue;
        }
        let next = 0;
        await Promise.all(Array.from({ length: deciders }, async () => {
          while (next < open.length) {
            const t = open[next++];
            seen.add(t.task_id);
            const res = await eduaid.http('casework').post<unknown>(`/tasks/${t.task_id}/decision`, { decision: 'approve', comment: 'confirmed (benchmark)' }, await headersFor(t.decider_level, t.division_code, t.school_code));
            if (res.status !== 200) throw new Error(`deciding ${t.task_id} (${t.decider_level}): ${res.status} ${JSON.stringify(res.body)}`);
            decided += 1;
          }
        }));
      }
    })();

    // The campaign, end to end.
    const admin = await eduaid.authAs({ userId: 'bench-campaign', roles: ['programme-admin'], scope: { level: 'province', code: '42' } });
    const sampler = new MemorySampler();
    let pgPeak = 0;
    let fraction = 0;
    const pgTimer = setInterval(() => void postgresPss(postmasterPid).then((p) => (pgPeak = Math.max(pgPeak, p))), 1000);
    sampler.start(() => fraction);
    const started = performance.now();
    const start = await eduaid.http('students').post<{ campaignId: string }>('/campaigns', { academicYear: YEAR, scopeLevel: 'province', scopeCode: '42' }, admin);
    if (start.status !== 202) throw new Error(`opening the campaign failed: ${start.status} ${JSON.stringify(start.body)}`);
    const { campaignId } = start.body;
    let campaign: { state: string; assessed: number; eligible: number; counties: { planned: number; alreadyPlanned: number; approved: number; excluded: number }[] };
    let lastPrint = 0;
    // What holds the services' pools and activity slots: printed with the progress, and in full when nothing moves.
    const stallSeconds = Number(process.env.CAMPAIGN_STALL_SECONDS ?? 300);
    const pools = () =>
      (['casework', 'students'] as const)
        .map((name) => {
          const app = eduaid.app(name);
          const pool = (app.get(DataSource).driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
          const slots = app.get(ActivityWorkerService).slots;
          return `${name}: pool ${pool ? `${pool.totalCount - pool.idleCount}/${pool.totalCount} busy, ${pool.waitingCount} waiting` : '?'}, activities running ${slots?.inFlight ?? '?'}`;
        })
        .join('; ');
    const sessions = async () =>
      (await db.query<{ application_name: string; state: string; n: string }>(
        `SELECT application_name, coalesce(state, '?') AS state, count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'eduaid-%' GROUP BY 1, 2 ORDER BY 1, 2`,
      )).rows.map((r) => `${r.application_name.replace('eduaid-', '')} ${r.state} ${r.n}`).join(', ');
    const diagnose = async () => {
      console.log(`  pools and slots: ${pools()}`);
      for (const r of (await db.query<{ pid: number; app: string; state: string; wait: string | null; xact_s: number | null; query: string }>(
        `SELECT pid, application_name AS app, state, wait_event_type || ':' || wait_event AS wait, extract(epoch FROM now() - xact_start)::int AS xact_s, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
           FROM pg_stat_activity WHERE application_name LIKE 'eduaid-%' AND state <> 'idle' ORDER BY xact_start`,
      )).rows) {
        console.log(`  pg ${r.pid} ${r.app} ${r.state} ${r.wait ?? ''} ${r.xact_s ?? '-'} s in transaction: ${r.query}`);
      }
      for await (const wf of eduaid.temporal.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
        const { raw } = await eduaid.temporal.workflow.getHandle(wf.workflowId, wf.runId).describe();
        for (const a of raw.pendingActivities ?? []) {
          console.log(`  ${wf.workflowId}: ${a.activityType?.name} attempt ${a.attempt} ${String(a.state)} last started ${a.lastStartedTime?.seconds ?? '-'} failure ${a.lastFailure?.message?.slice(0, 120) ?? '-'}`);
        }
      }
    };
    let lastMove = performance.now();
    let lastSeen = '';
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const res = await eduaid.http('students').get<typeof campaign>(`/campaigns/${campaignId}`, admin);
      campaign = res.body;
      const planned = campaign.counties.reduce((a, c) => a + c.planned + c.alreadyPlanned, 0);
      fraction = campaign.state === 'assessing' ? (campaign.assessed / size) / 3 : 1 / 3 + (planned / Math.max(1, campaign.eligible)) * (2 / 3);
      if (performance.now() - lastPrint > 15_000) {
        lastPrint = performance.now();
        console.log(`  … ${((performance.now() - started) / 1000).toFixed(0)} s: ${campaign.state}, assessed ${campaign.assessed}, tasks decided ${decided}, planned ${planned} | ${pools()} | sessions: ${await sessions()}`);
      }
      const seen = `${campaign.state}:${campaign.assessed}:${decided}:${planned}`;
      if (seen !== lastSeen) {
        lastSeen = seen;
        lastMove = performance.now();
      } else if (performance.now() - lastMove > stallSeconds * 1000) {
        console.log(`\nno progress for ${stallSeconds} s (CAMPAIGN_STALL_SECONDS): what is held and pending`);
        await diagnose();
        running = false;
        throw new Error(`campaign stalled at ${seen}`);
      }
      if (campaign.state === 'completed') break;
    }
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await decider;
    sampler.stop();
    clearInterval(pgTimer);

    const [times] = (await db.query<{ assess: number; review: number; total: number }>(
      `SELECT extract(epoch FROM assessed_at - started_at) AS assess, extract(epoch FROM finished_at - assessed_at) AS review, extract(epoch FROM finished_at - started_at) AS total FROM students.campaigns WHERE id = $1`,
      [campaignId],
    )).rows;
    const [ledger] = (await db.query<{ rows: string; first: Date; last: Date; fen: string }>(
      `SELECT count(*) AS rows, min(planned_at) AS first, max(planned_at) AS last, sum(amount_fen) AS fen FROM students.aid_payments WHERE workflow_id = $1`,
      [`campaign:${YEAR}:42`],
    )).rows;
    const lists = (await db.query<{ level: string; n: string }>('SELECT level, count(*) AS n FROM students.campaign_lists WHERE campaign_id = $1 GROUP BY level ORDER BY level', [campaignId])).rows;
    const planned = campaign.counties.reduce((a, c) => a + c.planned, 0);
    const ledgerRows = Number(ledger.rows);
    if (campaign.assessed !== size || planned === 0) throw new Error(`campaign ended with ${campaign.assessed} assessed and ${planned} planned`);

    // Baseline: a raw COPY of the same ledger rows into a table like students.aid_payments (its indexes, and its foreign key to students).
    const ledgerPath = path.join(env.work, 'ledger.copy');
    await pipeline(db.query(copyTo(`COPY (SELECT * FROM students.aid_payments WHERE workflow_id = 'campaign:${YEAR}:42') TO STDOUT`)), createWriteStream(ledgerPath));
    await db.query('CREATE TABLE students.bench_copy (LIKE students.aid_payments INCLUDING ALL EXCLUDING GENERATED)');
    await db.query('ALTER TABLE students.bench_copy ADD FOREIGN KEY (student_id) REFERENCES students.students (id)');
    await db.query('CHECKPOINT');
    const copyStarted = performance.now();
    await pipeline(createReadStream(ledgerPath), db.query(copyFrom('COPY students.bench_copy FROM STDIN')));
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await db.query('DROP TABLE students.bench_copy');
    const planSeconds = (new Date(ledger.last).getTime() - new Date(ledger.first).getTime()) / 1000;

    console.log([
      `\ncampaign benchmark: ${size.toLocaleString('en')} students, ${COUNTIES.length} counties, ${lists.map((l) => `${l.n} ${l.level} lists`).join(', ')} decided through casework (${deciders} deciders)`,
      `  wall time                 ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(1)} min; aim < 15 min, goal < 5)`,
      `    assessment              ${Number(times.assess).toFixed(1)} s (${(size / Number(times.assess)).toFixed(0)} students/s)`,
      `    lists decided + ledger  ${Number(times.review).toFixed(1)} s (first to last ledger row ${planSeconds.toFixed(1)} s)`,
      `  students/s (end to end)   ${(size / seconds).toFixed(0)}`,
      `  eligible ${campaign.eligible.toLocaleString('en')}, approved ${campaign.counties.reduce((a, c) => a + c.approved + c.planned + c.alreadyPlanned, 0).toLocaleString('en')}, planned ${planned.toLocaleString('en')} students, ${ledgerRows.toLocaleString('en')} ledger rows, ${(Number(ledger.fen) / 100).toLocaleString('en')} yuan; tasks decided ${decided}`,
      `  raw COPY of the ledger    ${copySeconds.toFixed(2)} s (${(ledgerRows / copySeconds).toFixed(0)} rows/s, ${mib(statSync(ledgerPath).size)}); campaign's ledger rows/s over its wall time ${(ledgerRows / seconds).toFixed(0)}: ratio ${((ledgerRows / seconds) / (ledgerRows / copySeconds)).toFixed(3)}`,
      `  peak RSS, this process    ${mib(sampler.peak)} (both services, their workers, the workflow worker); by quarter ${sampler.quarters().map(mib).join(' / ')}`,
      `  peak memory, PostgreSQL   ${postmasterPid ? `${mib(pgPeak)} (PSS summed, sampled each second)` : 'n/a (external server)'}`,
      `  machine                   ${os.cpus().length} cores, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`,
    ].join('\n'));
  } finally {
    await db.end();
    await eduaid.close();
    await env.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
