import { randomBytes, randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AssessCampaignResult } from '@eduaid/contracts';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { CampaignsActivities } from '../../services/students/src/campaigns/campaigns.activities';
import { CampaignsRepository } from '../../services/students/src/campaigns/campaigns.repository';
import { PaymentsRepository } from '../../services/students/src/payments/payments.repository';
import { studentsService } from '../../services/students/src/students.service';

const YEAR = '2043-2044';
const COUNTY = '420104';
const SCHEME = 'junior-secondary-boarding-living-allowance';
const STUDENTS = 120;
const line = { scheme: SCHEME, ruleId: 'JS-BOARD-1250', fund: 'national', disbursement: 'bank-transfer', amountFen: 125_000, semesters: [
  { semester: `${YEAR}:S1`, startsOn: '2043-09-01', amountFen: 62_500 },
  { semester: `${YEAR}:S2`, startsOn: '2044-03-01', amountFen: 62_500 },
] };

/**
 * A student both on a campaign's approved list and in an individual application is planned (and so
 * paid) once: the campaign plans its county in chunks while every student's application plans the
 * same scheme and semesters, all at once on real PostgreSQL. Whoever commits first plans; the other
 * leaves the row out (the ledger's partial unique index on student, semester and scheme decides a
 * race; a loser's retry, as Temporal would retry the activity, finds the row and leaves it out).
 */
describe('campaign and applications plan the ledger once per student', () => {
  let eduaid: EduaidHarness;

  beforeAll(async () => {
    eduaid = await startEduaid('campaign-ledger-once', [studentsService], { workflowWorker: false });
  });
  afterAll(async () => {
    await eduaid?.close();
  });

  /** Retries a unique violation as the activity worker retries the activity. */
  async function retried<T>(f: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await f();
      } catch (error) {
        if ((error as { code?: string }).code !== '23505' || attempt > 5) throw error;
      }
    }
  }

  /** `STUDENTS` boarders of one county and a campaign whose results list each of them approved with `lines`. */
  async function approvedCounty(year: string, county: string, lines: unknown[]): Promise<{ ids: string[]; campaignId: string; campaignWf: string }> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, `${county}001001`, county]);
    const ids = (await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       SELECT decode(md5(g::text || $1), 'hex'), 1, decode(md5($1 || g::text), 'hex'), '420***********0000', '学生', '2030-05-01', 'male', $2::uuid, $3::text, $4::text, $4::text || '0001', $4::text, 'junior-secondary', 2, true, $5::text
         FROM generate_series(1, $6::int) g RETURNING id`,
      [randomBytes(4).toString('hex'), h.id, `${county}001001`, county, year, STUDENTS],
    )).map((r) => r.id);
    const campaignId = randomUUID();
    const campaignWf = `campaign:${year}:${county}`;
    await eduaid.db.query(`INSERT INTO students.campaigns (id, workflow_id, academic_year, scope_level, scope_code, state, started_by) VALUES ($1, $2, $3, 'county', $4, 'reviewing', 'admin')`, [campaignId, campaignWf, year, county]);
    await eduaid.db.query(
      `INSERT INTO students.campaign_results (campaign_id, student_id, academic_year, county_code, school_code, village_code, stage, grade, standards_version, eligible, lines, total_fen, cash_fen, status)
       SELECT $1::uuid, s, $2::text, $3::text, $3::text || '0001', $3::text || '001001', 'junior-secondary', 2, 'hubei-2026.1', true, $4::jsonb, 125000, 125000, 'approved' FROM unnest($5::uuid[]) s`,
      [campaignId, year, county, JSON.stringify(lines), ids],
    );
    return { ids, campaignId, campaignWf };
  }

  /** One attempt of planCampaignCounty's loop: the county's chunks of 10, each as `chunk` runs it. */
  async function planCounty(chunk: (after: string | null) => Promise<{ last: string | null }>): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const planned = await chunk(after);
      if (!planned.last) return;
      after = planned.last;
    }
  }

  it('plans each student, semester and scheme exactly once under concurrent campaign and application plans', async () => {
    const { ids, campaignId, campaignWf } = await approvedCounty(YEAR, COUNTY, [line]);

    const app = eduaid.app('students');
    const campaigns = app.get(CampaignsRepository, { strict: false });
    const ledger = app.get(PaymentsRepository, { strict: false });
    const campaign = (await campaigns.find(campaignId))!;
    const planCampaign = () => planCounty((after) => retried(() => campaigns.planChunk(campaign, COUNTY, after, 10)));
    const applicationPlan = (studentId: string) => {
      const workflowId = `aid-application:${studentId}:${YEAR}`;
      return retried(() => ledger.plan({
        workflowId, studentId, academicYear: YEAR, standardsVersion: 'hubei-2026.1', paidBy: 'cycle',
        lines: line.semesters.map((s) => ({ scheme: SCHEME, ruleId: 'JS-BOARD-1250', semester: s.semester, startsOn: s.startsOn, amountFen: s.amountFen })),
      }, 'cycle'));
    };
    // Interleaved: the campaign's chunks and every application's plan at the same time.
    await Promise.all([planCampaign(), ...ids.map((id) => applicationPlan(id))]);

    const rows = await eduaid.db.query<{ student_id: string; semester: string; workflow_id: string }>(
      `SELECT student_id, semester, workflow_id FROM students.aid_payments WHERE academic_year = $1 AND status IN ('planned', 'sending', 'paid') ORDER BY student_id, semester`,
      [YEAR],
    );
    // Exactly one live row per student and semester, whoever planned it.
    expect(rows).toHaveLength(STUDENTS * 2);
    const perStudent = new Map<string, string[]>();
    for (const r of rows) perStudent.set(r.student_id, [...(perStudent.get(r.student_id) ?? []), r.semester]);
    expect([...perStudent.values()].every((s) => s.join() === `${YEAR}:S1,${YEAR}:S2`)).toBe(true);
    // The campaign's record agrees with the ledger: planned where its rows won, already-planned where an application's did.
    const byCampaign = new Set(rows.filter((r) => r.workflow_id === campaignWf).map((r) => r.student_id));
    const results = await eduaid.db.query<{ student_id: string; status: string }>('SELECT student_id, status FROM students.campaign_results WHERE campaign_id = $1', [campaignId]);
    expect(results.filter((r) => r.status === 'planned').map((r) => r.student_id).sort()).toEqual([...byCampaign].sort());
    expect(results.filter((r) => r.status === 'already-planned')).toHaveLength(STUDENTS - byCampaign.size);
    // Both paths won some (the race was real), and planning again changes nothing.
    expect(byCampaign.size).toBeGreaterThan(0);
    expect(byCampaign.size).toBeLessThan(STUDENTS);
    await Promise.all([planCampaign(), ...ids.slice(0, 20).map((id) => applicationPlan(id))]);
    expect(await eduaid.db.query(`SELECT 1 FROM students.aid_payments WHERE academic_year = $1`, [YEAR])).toHaveLength(STUDENTS * 2);
    // The database itself refuses a second live row for a student's scheme and semester.
    await expect(eduaid.db.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on) VALUES ('x', 'y', $1, $2, $3, $4, 'r', 'v', 1, '2043-09-01')`,
      [ids[0], YEAR, `${YEAR}:S1`, SCHEME],
    )).rejects.toThrow(/aid_payments_once_idx/);
  });

  it('two attempts planning the same county at once (a timed-out attempt still running beside its retry) plan each student once and report them planned, not already planned', async () => {
    const year = '2045-2046';
    const county = '420106';
    const yearLine = { ...line, semesters: line.semesters.map((s, i) => ({ ...s, semester: `${year}:S${i + 1}` })) };
    const { campaignId } = await approvedCounty(year, county, [yearLine]);
    const campaigns = eduaid.app('students').get(CampaignsRepository, { strict: false });
    const campaign = (await campaigns.find(campaignId))!;
    const attempt = () => planCounty((after) => campaigns.planChunk(campaign, county, after, 10));
    await Promise.all([attempt(), attempt()]);

    expect(await eduaid.db.query(`SELECT 1 FROM students.aid_payments WHERE academic_year = $1`, [year])).toHaveLength(STUDENTS * 2);
    // Every row is the campaign's: the report must say the campaign planned them all.
    const statuses = await eduaid.db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM students.campaign_results WHERE campaign_id = $1 GROUP BY status`, [campaignId]);
    expect(statuses).toEqual([{ status: 'planned', n: STUDENTS }]);
    expect(await campaigns.countyTotals(campaignId, county)).toEqual({ planned: STUDENTS, alreadyPlanned: 0 });
    // One audit decision per student.
    const [{ n }] = await eduaid.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM students.campaign_decisions WHERE campaign_id = $1`, [campaignId]);
    expect(n).toBe(STUDENTS);
  });

  it('an assessment stopped part way resumes after the last chunk written: every student assessed once', async () => {
    const year = '2044-2045';
    const county = '420105';
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, `${county}001001`, county]);
    await eduaid.db.query(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       SELECT decode(md5(g::text || $1), 'hex'), 1, decode(md5($1 || g::text), 'hex'), '420***********0000', '学生', '2030-05-01', 'male', $2::uuid, $3::text, $4::text, $4::text || '0001', $4::text,
              CASE WHEN g % 4 = 0 THEN 'primary' ELSE 'junior-secondary' END, 2, g % 4 <> 0, $5::text
         FROM generate_series(1, 1050) g`,
      [randomBytes(4).toString('hex'), h.id, `${county}001001`, county, year],
    );
    const campaignId = randomUUID();
    await eduaid.db.query(`INSERT INTO students.campaigns (id, workflow_id, academic_year, scope_level, scope_code, started_by) VALUES ($1, $2, $3, 'county', $4, 'admin')`, [campaignId, `campaign:${year}:${county}`, year, county]);
    const activities = eduaid.app('students').get(CampaignsActivities, { strict: false });
    const beats: unknown[] = [];
    const attempt = () => {
      const env = new MockActivityEnvironment();
      env.on('heartbeat', (d: unknown) => beats.push(d));
      return env;
    };
    // The first attempt stops after two chunks of 200 (as a worker that died would), the next ones go on from the saved position.
    const assess = (maxChunks: number): Promise<AssessCampaignResult> => attempt().run(() => activities.assessCampaign({ campaignId, chunkSize: 200, maxChunks }));
    const first = await assess(2);
    expect(first).toMatchObject({ done: false, assessed: 400 });
    expect(beats).toHaveLength(2);
    const second = await assess(2);
    const rest = await assess(10);
    expect([second.assessed, rest.assessed, rest.done]).toEqual([400, 250, true]);
    // Day pupils in primary (every fourth) have no scheme: 1,050 - 262.
    expect(first.eligible + second.eligible + rest.eligible).toBe(788);
    // Run again after it finished: nothing more.
    expect(await assess(10)).toEqual({ done: true, assessed: 0, eligible: 0 });
    const [row] = await eduaid.db.query<{ assessed: number; eligible: number; results: string; students: string }>(
      `SELECT c.assessed, c.eligible, (SELECT count(*) FROM students.campaign_results r WHERE r.campaign_id = c.id) AS results,
              (SELECT count(DISTINCT student_id) FROM students.campaign_results r WHERE r.campaign_id = c.id) AS students
         FROM students.campaigns c WHERE c.id = $1`,
      [campaignId],
    );
    expect(row).toEqual({ assessed: 1050, eligible: 788, results: '1050', students: '1050' });
  });
});
