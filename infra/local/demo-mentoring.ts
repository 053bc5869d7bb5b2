import { DataSource } from 'typeorm';
import { signCallerToken, serviceDataSourceOptions } from '@eduaid/platform';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { delay } from './ports';

export interface DemoMentoringTarget {
  databaseUrl: string;
  tokenSecret: string;
  studentsUrl: string;
  mentoringUrl: string;
  /** The demo county (its users: mentor.demo = demo-mentor, graduate.demo = demo-graduate). */
  county: string;
  log: (line: string) => void;
}

const DEMO_MENTOR = 'demo-mentor';
const DEMO_GRADUATE = 'demo-graduate';
const INTENTIONS = ['job', 'civil-service', 'own-business', 'further-study', 'military-service'];

/**
 * The job-assistance part of the demo data, through the real API (graduates are linked from the
 * registry by the graduate-link workflow; cases run as workflows): mentor.demo and a colleague as
 * mentors of the demo county, up to five students in higher education registered as graduates, each
 * with mentor.demo assigned and a case opened; the first is graduate.demo's own case (planned, with
 * an application logged), the second planned, the rest waiting for their needs assessment.
 * Answers how many cases were opened.
 */
export async function loadDemoMentoring(target: DemoMentoringTarget): Promise<number> {
  const sign = async (userId: string, roles: ('supervisor' | 'mentor' | 'caseworker')[], scope: { level: 'province' | 'county'; code: string }) =>
    ({ authorization: `Bearer ${(await signCallerToken(target.tokenSecret, { userId, displayName: userId, roles, scope })).token}`, 'content-type': 'application/json' });
  const supervisor = await sign('eduaid-setup', ['supervisor'], { level: 'province', code: target.county.slice(0, 2) });
  const mentor = await sign(DEMO_MENTOR, ['mentor'], { level: 'county', code: target.county });
  const call = async <T>(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<T> => {
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const mt = (path: string) => `${target.mentoringUrl}${path}`;

  const students: { id: string }[] = [];
  for (const stage of ['undergraduate', 'higher-vocational']) {
    const page = await call<{ items: { id: string }[] }>(`${target.studentsUrl}/students?divisionCode=${target.county}&stage=${stage}&limit=5`, 'GET', supervisor);
    students.push(...page.items);
  }
  if (students.length === 0) {
    target.log(`demo job assistance: no student in higher education in county ${target.county}; no cases opened`);
    return 0;
  }

  const mentorId = (await call<{ id: string }>(mt('/mentors'), 'POST', supervisor, { userId: DEMO_MENTOR, name: '王老师', kind: 'teacher', capacity: 20, expertise: INTENTIONS.concat(['计算机科学与技术', '会计']), regionCode: target.county })).id;
  await call(mt('/mentors'), 'POST', supervisor, { userId: 'demo-mentor-2', name: '李经理', kind: 'enterprise-volunteer', capacity: 10, expertise: ['job', '市场营销'], regionCode: target.county });

  const mentoringDb = new DataSource(serviceDataSourceOptions({ ...mentoringService.database, url: target.databaseUrl }));
  await mentoringDb.initialize();
  let opened = 0;
  let demoGraduateId: string | undefined;
  try {
    for (const [i, student] of students.slice(0, 5).entries()) {
      const graduate = await call<{ id: string }>(mt('/graduates'), 'POST', supervisor, {
        studentId: student.id,
        major: i % 2 ? '会计' : '计算机科学与技术',
        degreeLevel: 'undergraduate',
        expectedGraduation: '2027-06-30',
        intention: INTENTIONS[i % INTENTIONS.length],
        preferredRegions: [target.county.slice(0, 4)],
        consentToContact: true,
      });
      await call(mt(`/graduates/${graduate.id}/mentors`), 'PUT', supervisor, { mentorIds: [mentorId], leadMentorId: mentorId, reason: 'demo data' });
      // graduate.demo follows the first case: their existing user is linked before the case opens.
      if (i === 0) {
        await mentoringDb.query(`UPDATE mentoring.graduates SET user_id = $2 WHERE id = $1 AND user_id IS NULL`, [graduate.id, DEMO_GRADUATE]);
        demoGraduateId = graduate.id;
      }
      await call(mt('/job-assistance-cases'), 'POST', supervisor, { graduateId: graduate.id });
      opened += 1;
      if (i < 2) {
        // The case reaches its assessment once the graduate's account exists (the workflow's first step).
        for (let tries = 0; tries < 60; tries++) {
          const c = await call<{ phase: string }>(mt(`/job-assistance-cases/${graduate.id}`), 'GET', mentor);
          if (c.phase === 'assessment') break;
          await delay(250);
        }
        await call(mt(`/job-assistance-cases/${graduate.id}/assessment`), 'POST', mentor, { needs: 'CV, interview practice; wants work in the province' });
        await call(mt(`/job-assistance-cases/${graduate.id}/plan`), 'POST', mentor, { plan: 'two job fairs a month, three applications a week' });
        await call(mt(`/job-assistance-cases/${graduate.id}/activities`), 'POST', mentor, { kind: 'job-recommendation', employer: '武汉光谷某软件公司' });
      }
    }
  } finally {
    await mentoringDb.destroy();
  }
  target.log(`demo job assistance: ${opened} graduates with open cases, mentor.demo's caseload, graduate.demo's own case`);
  if (demoGraduateId) {
    // graduate.demo's tuition compensation, filed by caseworker1.demo: its verification task waits in the county's caseworkers' inbox.
    const caseworker = await sign('demo-caseworker-1', ['caseworker'], { level: 'county', code: target.county });
    await call(mt('/graduate-compensations'), 'POST', caseworker, {
      graduateId: demoGraduateId,
      commitment: 'grassroots-service',
      unitName: '某乡人民政府',
      serviceCountyCode: target.county,
      startDate: '2026-07-01',
      committedYears: 3,
      proofReference: 'HT-DEMO-0001',
      tuitionPaidFen: 1_800_000,
      loanOutstandingFen: 0,
      studyYears: 4,
    });
    target.log("demo tuition compensation: graduate.demo's filed, its commitment's verification waiting for a caseworker (caseworker2.demo)");
  }
  return opened;
}
