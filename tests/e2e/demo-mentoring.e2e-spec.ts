import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { loadDemoMentoring } from '../../infra/local/demo-mentoring';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, login, seedUsers } from './casework-fixtures';

/**
 * The demo data's job-assistance part, loaded through the real API as `npm start` loads it: after it,
 * mentor.demo logs in and sees a caseload, and graduate.demo logs in and sees their own case.
 */
describe('demo job assistance', () => {
  let eduaid: EduaidHarness;

  beforeAll(async () => {
    eduaid = await startEduaid('demo-mentoring', [caseworkService, studentsService, mentoringService]);
    await seedUsers(eduaid);
    for (const stage of ['undergraduate', 'undergraduate', 'higher-vocational']) {
      const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, `${DEMO_COUNTY}002003`, DEMO_COUNTY]);
      await eduaid.db.query(
        `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
           school_code, school_county_code, stage, grade, academic_year)
         VALUES ($1, 1, $2, '420***********0000', '刘洋', '2004-03-01', 'female', $3, $4, $5::text, $5::text || '0077', $5::text, $6, 3, '2024-2025')`,
        [randomBytes(40), randomBytes(32), h.id, `${DEMO_COUNTY}002003`, DEMO_COUNTY, stage],
      );
    }
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  it("gives mentor.demo a caseload and graduate.demo their own case", async () => {
    const lines: string[] = [];
    const opened = await loadDemoMentoring({
      databaseUrl: eduaid.env.DATABASE_URL,
      tokenSecret: eduaid.env.AUTH_TOKEN_SECRET,
      studentsUrl: eduaid.http('students').baseUrl,
      mentoringUrl: eduaid.http('mentoring').baseUrl,
      county: DEMO_COUNTY,
      log: (line) => lines.push(line),
    });
    expect(opened).toBe(3);
    const mentor = await login(eduaid, 'mentor.demo');
    // The last case reaches its assessment once its workflow has created the graduate's account.
    const caseload = await eventually(
      () => eduaid.http('mentoring').get<{ open: number; items: { phase: string }[] }>('/caseload', mentor),
      (r) => r.body.items.map((c) => c.phase).sort().join() === 'assessment,check-ins,check-ins',
    );
    expect(caseload.body.open).toBe(3);
    const mine = await eduaid.http('mentoring').get<{ case: { phase: string; nextCheckInDueAt?: string }; mentors: string[]; recent: { kind: string; byWhom: string; byName?: string }[] }>('/my-case', await login(eduaid, 'graduate.demo'));
    expect(mine.status).toBe(200);
    expect(mine.body.case.phase).toBe('check-ins');
    expect(mine.body.case.nextCheckInDueAt).toBeDefined();
    expect(mine.body.mentors).toEqual(['王老师']);
    expect(mine.body.recent.map((e) => e.kind)).toEqual(expect.arrayContaining(['opened', 'plan-agreed', 'job-recommendation']));
    // People by name only, never a user id: the mentor by name; the loader's setup identity (no casework user) as staff without a name.
    expect(mine.body.recent.find((e) => e.kind === 'plan-agreed')).toMatchObject({ byWhom: 'mentor', byName: '王老师' });
    expect(mine.body.recent.find((e) => e.kind === 'opened')).toEqual(expect.objectContaining({ byWhom: 'staff' }));
    expect(mine.body.recent.find((e) => e.kind === 'opened')?.byName).toBeUndefined();
    // An entry a caseworker logged on the case names them by their casework display name.
    await eduaid.db.query(
      `INSERT INTO mentoring.case_events (graduate_id, idempotency_key, at, actor, kind, note)
       SELECT g.id, 'test:caseworker-note', now(), 'demo-caseworker-1', 'job-lost', 'reported by the county' FROM mentoring.graduates g WHERE g.user_id = 'demo-graduate'`,
    );
    const named = await eduaid.http('mentoring').get<{ recent: { kind: string; byWhom: string; byName?: string; note?: string }[] }>('/my-case', await login(eduaid, 'graduate.demo'));
    expect(named.body.recent.find((e) => e.note === 'reported by the county')).toMatchObject({ byWhom: 'staff', byName: 'caseworker1.demo' });
    expect(JSON.stringify(named.body.recent)).not.toMatch(/demo-caseworker-1|eduaid-setup|demo-mentor|"by"/);
    expect(lines.join('\n')).toMatch(/3 graduates with open cases/);
    // graduate.demo's tuition compensation waits for the verification of the commitment, by a caseworker other than its filer.
    const compensation = await eventually(
      async () => eduaid.http('mentoring').get<{ state: string; step?: string; evidence: { proofReference: string } }>('/my-compensation', await login(eduaid, 'graduate.demo')),
      (r) => r.body.step === 'verify-commitment',
    );
    expect(compensation.body).toMatchObject({ state: 'verifying', evidence: { proofReference: 'HT-DEMO-0001' } });
    const caseworker2 = await login(eduaid, 'caseworker2.demo');
    const kinds: string[] = [];
    for (const view of ['mine', 'group']) kinds.push(...(await eduaid.http('casework').get<{ items: { kind: string }[] }>(`/tasks?view=${view}`, caseworker2)).body.items.map((t) => t.kind));
    expect(kinds).toContain('graduate-commitment-verification');
  });
});
