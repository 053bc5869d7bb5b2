import { randomBytes, randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { CarriedCase, JOB_ASSISTANCE_WORKFLOW, JobAssistanceInput, MentorReminderInput, WORKFLOW_TASK_QUEUE, jobAssistanceWorkflowId, taskQueueName } from '@eduaid/contracts';
import { signServiceToken } from '@eduaid/platform';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { MentoringCaseActivities } from '../../services/mentoring/src/cases/cases.activities';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, login, seedUsers } from './casework-fixtures';

interface Notification { notificationId: string; kind: string; taskId?: string; title: string; createdAt: string; seenAt?: string }
interface NotificationPage { items: Notification[]; unseen: number }
interface Problem { status: number; code: string }

const VILLAGE = `${DEMO_COUNTY}001001`;
const UNIVERSITY = `${DEMO_COUNTY}0042`;

/** Payloads as the default converter wrote them (JSON), read back. */
function decoded<T>(payloads: temporal.api.common.v1.IPayloads | null | undefined): T {
  return defaultPayloadConverter.fromPayload<T>((payloads?.payloads ?? [])[0] as never);
}

/**
 * A missed check-in reminds the case's mentors in casework's notifications (the console's bell), once
 * each, however often the reminder activity runs: real HTTP into mentoring, students and casework,
 * real PostgreSQL and Temporal (the case on the workflow worker, the reminder in mentoring's worker,
 * the notification sent to casework's service-only route).
 */
describe('a mentor is reminded of a missed check-in', () => {
  let eduaid: EduaidHarness;
  const mt = () => eduaid.http('mentoring');
  const cw = () => eduaid.http('casework');
  const as = (userId: string, role: 'caseworker' | 'supervisor' | 'mentor') => eduaid.authAs({ userId, roles: [role], scope: { level: 'county', code: DEMO_COUNTY } });
  const reminders = async (headers: Record<string, string>) => {
    const page = (await cw().get<NotificationPage>('/notifications', headers)).body;
    return { ...page, items: page.items.filter((n) => n.kind === 'mentor-reminder') };
  };

  beforeAll(async () => {
    eduaid = await startEduaid('mentor-reminder', [caseworkService, studentsService, mentoringService]);
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  /** A final-year undergraduate of a registered-poor household of the demo county, linked as a graduate. */
  async function graduate(): Promise<string> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, VILLAGE, DEMO_COUNTY]);
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code,
         school_code, school_county_code, stage, grade, boarding, academic_year)
       VALUES ($1, 1, $2, '420***********0000', '张伟', '2004-05-01', 'male', $3, $4, $5, $6, $5, 'undergraduate', 4, false, '2026-2027') RETURNING id`,
      [randomBytes(40), randomBytes(32), h.id, VILLAGE, DEMO_COUNTY, UNIVERSITY],
    );
    const created = await mt().post<{ id: string }>(
      '/graduates',
      { studentId: s.id, major: '计算机科学与技术', degreeLevel: 'undergraduate', expectedGraduation: '2027-06-30', intention: 'job', preferredRegions: ['4201'], consentToContact: true },
      await as('demo-caseworker-1', 'caseworker'),
    );
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('notifies each mentor once, even when the reminder activity runs again, and keeps the reminder on the case', async () => {
    // ——— a case with a team of two mentors, worked up to its check-ins (every 14 days) ———
    const graduateId = await graduate();
    const caseworker = await as('demo-caseworker-1', 'caseworker');
    const mentorIds: string[] = [];
    for (const [userId, name] of [['demo-mentor', '王老师'], ['mentor-two', '李老师']]) {
      const res = await mt().post<{ id: string }>('/mentors', { userId, name, kind: 'teacher', capacity: 5, expertise: ['job'], regionCode: DEMO_COUNTY }, await as('demo-supervisor', 'supervisor'));
      expect(res.status).toBe(201);
      mentorIds.push(res.body.id);
    }
    const team = await mt().request('PUT', `/graduates/${graduateId}/mentors`, { mentorIds, leadMentorId: mentorIds[0], reason: 'a team of two' }, caseworker);
    expect(team.status).toBe(200);
    const opened = await mt().post<{ workflowId: string }>('/job-assistance-cases', { graduateId }, caseworker);
    expect(opened.status).toBe(202);
    const workflowId = jobAssistanceWorkflowId(graduateId);
    const phase = async () => (await mt().get<{ phase: string }>(`/job-assistance-cases/${graduateId}`, caseworker)).body.phase;
    await eventually(phase, (p) => p === 'assessment');
    const mentorDemo = await login(eduaid, 'mentor.demo');
    expect((await mt().post(`/job-assistance-cases/${graduateId}/assessment`, { needs: 'CV, interview practice' }, mentorDemo)).status).toBe(200);
    expect((await mt().post(`/job-assistance-cases/${graduateId}/plan`, { plan: 'two job fairs a month' }, mentorDemo)).status).toBe(200);
    await eventually(phase, (p) => p === 'check-ins');
    expect((await reminders(mentorDemo)).items).toEqual([]);

    // ——— the check-in falls due now instead of in 14 days ———
    // A real server cannot skip 14 days (the time-skipping spec walks the timers). So this run is
    // ended and the case goes on in a new run carrying its state, as continue-as-new carries it,
    // with the check-in due in two seconds; the original input, mentors included, is kept.
    const handle = eduaid.temporal.workflow.getHandle(workflowId);
    const first = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = decoded<JobAssistanceInput>(first?.input);
    const [row] = await eventually(
      () => eduaid.db.query<{ seq: number; phase: string }>(`SELECT seq, phase FROM mentoring.job_cases WHERE graduate_id = $1`, [graduateId]),
      (rows) => rows[0]?.phase === 'check-ins',
    );
    await handle.terminate('the test brings the check-in forward');
    const carried: CarriedCase = {
      phase: 'check-ins', seq: row.seq, mentorUserIds: ['demo-mentor', 'mentor-two'], leadMentorUserId: 'demo-mentor', cadenceDays: 14,
      needs: 'CV, interview practice', plan: 'two job fairs a month', checkIns: 0, missed: 0, periods: 0, nextDueAt: Date.now() + 2_000,
      followUpsDone: 0, reopened: 0, runs: 1, recent: [],
    };
    expect(input.mentorUserIds).toEqual(['demo-mentor', 'mentor-two']);
    const run = await eduaid.temporal.workflow.start(JOB_ASSISTANCE_WORKFLOW, {
      workflowId,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
      args: [{ ...input, carried }],
    });

    // ——— missed: each mentor's notifications show the reminder ———
    const mentorTwo = await as('mentor-two', 'mentor');
    const seen = await eventually(() => reminders(mentorDemo), (page) => page.items.length > 0, 60_000);
    expect(seen.items).toEqual([expect.objectContaining({ kind: 'mentor-reminder', title: expect.stringMatching(/^Missed check-in: 张伟, due \d{4}-\d\d-\d\dT/) })]);
    expect(seen.items[0].taskId).toBeUndefined();
    expect((await reminders(mentorTwo)).items).toHaveLength(1);
    // Someone who is not on the case is told nothing.
    expect((await reminders(await as('mentor-three', 'mentor'))).items).toEqual([]);

    // ——— the activity runs again (a retry after a lost completion, twice at once): nobody is notified twice ———
    const scheduled = await eventually(
      async () => ((await eduaid.temporal.workflow.getHandle(workflowId, run.firstExecutionRunId).fetchHistory()).events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'remindMentor'),
      (events) => events.length === 1,
    );
    const reminder = decoded<MentorReminderInput>(scheduled[0].activityTaskScheduledEventAttributes?.input);
    expect(reminder).toMatchObject({ graduateId, workflowId, period: 1, mentorUserIds: ['demo-mentor', 'mentor-two'] });
    const activities = eduaid.app('mentoring').get(MentoringCaseActivities);
    await Promise.all([activities.remindMentor(reminder), activities.remindMentor(reminder)]);
    await activities.remindMentor(reminder);

    const after = await reminders(mentorDemo);
    expect(after.items.map((n) => n.notificationId)).toEqual([seen.items[0].notificationId]);
    expect((await reminders(mentorTwo)).items).toHaveLength(1);
    const [counts] = await eduaid.db.query<{ n: string }>(`SELECT count(*) AS n FROM casework.notifications WHERE kind = 'mentor-reminder'`);
    expect(Number(counts.n)).toBe(2);

    // ——— the reminder stays on the case, once ———
    const events = await mt().get<{ items: { kind: string; by: string; note?: string }[] }>(`/job-assistance-cases/${graduateId}/events`, caseworker);
    const reminded = events.body.items.filter((e) => e.kind === 'mentor-reminded');
    expect(reminded).toEqual([expect.objectContaining({ by: 'system', note: expect.stringMatching(/missed; reminded demo-mentor, mentor-two$/) })]);

    // ——— the console's bell (a mentor's badge reads GET /tasks/counts) counts it once; seen, it is gone ———
    const bell = async () => (await cw().get<{ unseenNotifications: number }>('/tasks/counts', mentorDemo)).body.unseenNotifications;
    expect(await bell()).toBe(1);
    expect((await cw().post(`/notifications/${seen.items[0].notificationId}/seen`, undefined, mentorDemo)).status).toBe(200);
    expect(await bell()).toBe(0);
  });

  it('takes notifications from the mentoring service only, never from a user', async () => {
    const notice = { kind: 'mentor-reminder', key: `job-assistance:${randomUUID()}:reminder:1`, userIds: ['demo-mentor'], title: 'Missed check-in: a test notice' };
    const user = await cw().post<Problem>('/internal/notifications', notice, await eduaid.authAs({ userId: 'demo-admin', roles: ['programme-admin'], scope: { level: 'province', code: '42' } }));
    expect([user.status, user.body.code]).toEqual([401, 'auth.service-token-invalid']);
    const service = (name: string) => signServiceToken(eduaid.env.AUTH_TOKEN_SECRET, name).then((t) => ({ authorization: `Bearer ${t}` }));
    const students = await cw().post<Problem>('/internal/notifications', notice, await service('students'));
    expect([students.status, students.body.code]).toEqual([403, 'notification.sender-not-allowed']);
    // Kinds casework writes for its own tasks cannot be sent from outside.
    const taskKind = await cw().post<Problem>('/internal/notifications', { ...notice, kind: 'task-assigned' }, await service('mentoring'));
    expect(taskKind.status).toBe(400);
    const nobody = await cw().post<Problem>('/internal/notifications', { ...notice, userIds: [] }, await service('mentoring'));
    expect(nobody.status).toBe(400);
    const [refused] = await eduaid.db.query<{ n: string }>(`SELECT count(*) AS n FROM casework.notifications WHERE title = $1`, [notice.title]);
    expect(Number(refused.n)).toBe(0);
    // The mentoring service's own send is taken, once however often it is sent.
    expect((await cw().post('/internal/notifications', notice, await service('mentoring'))).status).toBe(204);
    expect((await cw().post('/internal/notifications', notice, await service('mentoring'))).status).toBe(204);
    const [sent] = await eduaid.db.query<{ n: string }>(`SELECT count(*) AS n FROM casework.notifications WHERE title = $1 AND user_id = 'demo-mentor'`, [notice.title]);
    expect(Number(sent.n)).toBe(1);
  });
});
