import { Writable } from 'node:stream';
import { startEduaid } from '../../libs/testing/src/eduaid-harness';
import { caseworkService } from '../../services/casework/src/casework.service';
import { studentsService } from '../../services/students/src/students.service';
import { startBenchEnvironment } from './bench-environment';
import { LatencyFigures, measureLatencies } from './latency';

const COUNTY = '420102';
const VILLAGE = `${COUNTY}001001`;
const SCHOOL = `${COUNTY}0001`;
const YEAR = '2026-2027';

/** Sends GETs of `url` from `clients` loops until `requests` have been sent in all; a 200 is a success. */
function measureGets(label: string, url: string, headers: Record<string, string>, clients: number, requests: number): Promise<LatencyFigures> {
  return measureLatencies(label, clients, requests, async () => {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    return response.status === 200;
  });
}

/**
 * `npm run bench:reads`: with 20 concurrent clients and a fixed number of requests each
 * (READS_REQUESTS, default 3000), times reading one aid application from its durable row, a page of
 * 50 students, a page of 50 applications, and the old path: the same GET answered by a workflow
 * Query (what an application started before the record, not moved since, still takes). Prints
 * requests/s and p50/p99 side by side. The services run in this process, as in the e2e suites.
 */
async function main(): Promise<void> {
  const clients = Number(process.env.READS_CLIENTS ?? '20');
  const requests = Number(process.env.READS_REQUESTS ?? '3000');
  const env = await startBenchEnvironment();
  const eduaid = await startEduaid('bench-reads', [caseworkService, studentsService], { logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  try {
    // 2,000 students in one county (one household each), 500 recorded applications beside the live one.
    await eduaid.db.query(
      `WITH h AS (
         INSERT INTO students.households (household_no, village_code, county_code)
         SELECT 'HH-BENCH-' || i, $1, $2 FROM generate_series(1, 2000) i RETURNING id, household_no)
       INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id,
         village_code, county_code, special_hardship, school_code, school_county_code, stage, grade, boarding, academic_year)
       SELECT decode(md5(h.household_no), 'hex'), 1, decode(md5('idx' || h.household_no), 'hex'), '420***********0000', '学生', '2013-05-01', 'female', h.id,
              $1, $2, false, $3, $2, 'junior-secondary', 2, true, $4 FROM h`,
      [VILLAGE, COUNTY, SCHOOL, YEAR],
    );
    await eduaid.db.query(
      `INSERT INTO students.aid_applications (workflow_id, student_id, academic_year, village_code, county_code, school_code, submitted_by, stage, state, transition_seq, current_step, held_by, due_at)
       SELECT 'aid-application:' || s.id || ':' || $1, s.id, $1, s.village_code, s.county_code, s.school_code, 'bench', 'junior-secondary', 'in-review', 1, 'county-approval',
              'approver at county', now() + interval '5 days'
         FROM students.students s ORDER BY s.id OFFSET 1 LIMIT 500`,
      [YEAR],
    );
    const caseworker = await eduaid.authAs({ userId: 'bench-caseworker', roles: ['caseworker'], scope: { level: 'county', code: COUNTY } });
    const [{ id: studentId }] = await eduaid.db.query<{ id: string }>('SELECT id FROM students.students ORDER BY id LIMIT 1');
    const applied = await eduaid.http('students').post<{ applicationId: string }>('/aid-applications', { studentId, academicYear: YEAR }, caseworker);
    if (applied.status !== 201) throw new Error(`apply failed: ${applied.status} ${JSON.stringify(applied.body)}`);
    const id = applied.body.applicationId;
    for (let i = 0; ; i += 1) {
      const [row] = await eduaid.db.query<{ current_step: string | null }>('SELECT current_step FROM students.aid_applications WHERE workflow_id = $1', [id]);
      if (row?.current_step) break;
      if (i > 600) throw new Error('the application never reached its first step');
      await new Promise((r) => setTimeout(r, 100));
    }

    const base = eduaid.http('students').baseUrl;
    const one = `${base}/aid-applications/${encodeURIComponent(id)}`;
    const scenarios: [string, string, () => Promise<void>][] = [
      ['GET one application (row)', one, async () => undefined],
      ['GET page of 50 students', `${base}/students?limit=50`, async () => undefined],
      ['GET page of 50 applications', `${base}/aid-applications?limit=50&state=in-review`, async () => undefined],
      // The old path: the row without a recorded state makes GET ask the workflow (a Query), as before.
      ['GET one application (workflow Query)', one, async () => void (await eduaid.db.query('UPDATE students.aid_applications SET state = NULL WHERE workflow_id = $1', [id]))],
    ];
    const results: LatencyFigures[] = [];
    for (const [label, url, prepare] of scenarios) {
      await prepare();
      const check = await eduaid.http('students').get<{ source?: string }>(url.slice(base.length), caseworker);
      if (check.status !== 200) throw new Error(`${label}: ${check.status} ${JSON.stringify(check.body)}`);
      await measureGets(label, url, caseworker, clients, Math.min(500, requests)); // warm-up
      results.push(await measureGets(label, url, caseworker, clients, requests));
    }

    console.log(`\nreads, ${clients} concurrent clients, ${requests} requests each (services in one Node process; Temporal dev server on SQLite)\n`);
    console.log(`${'what'.padEnd(40)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'failed'.padStart(7)}`);
    for (const r of results) {
      console.log(`${r.label.padEnd(40)} ${(r.requests / r.seconds).toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.failures).padStart(7)}`);
    }
  } finally {
    await eduaid.close();
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
