import { CaseReviewResult } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { studentsService } from '../../services/students/src/students.service';
import { DEMO_COUNTY, OTHER_COUNTY, login, seedUsers, startReview, waitForTask } from './casework-fixtures';

interface Problem { status: number; code: string; detail: string }
interface Task { taskId: string; step: string; status: string; assigneeId?: string; subject: { id: string }; data: Record<string, unknown>; dueAt: string }
interface Page<T> { items: T[]; nextCursor?: string }

/**
 * Casework end to end: real HTTP, real PostgreSQL, real Temporal (the case-review workflow on the
 * workflow worker, casework's activities on its own worker), and the students service beside it
 * for what crosses services (revoked tokens, reported denials).
 */
describe('casework', () => {
  let eduaid: EduaidHarness;
  const cw = () => eduaid.http('casework');

  beforeAll(async () => {
    eduaid = await startEduaid('casework', [caseworkService, studentsService]);
    // The other services find casework here (read when first needed, so it can be set after start).
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  const auditOf = (subjectId: string, action: string) =>
    eduaid.db.query<{ seq: string; actor: string; request_id: string | null }>('SELECT seq, actor, request_id FROM casework.audit_log WHERE subject_id = $1 AND action = $2', [subjectId, action]);

  it('logs in with a password (scrypt) and refuses a wrong one without saying which part was wrong', async () => {
    const ok = await cw().post<{ accessToken: string; user: { roles: string[]; scope: { level: string; code: string } } }>('/auth/login', { username: 'approver1.demo', password: 'eduaid-demo-password' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ roles: ['approver'], scope: { level: 'county', code: DEMO_COUNTY } });
    const me = await cw().get<{ userId: string }>('/auth/me', { authorization: `Bearer ${ok.body.accessToken}` });
    expect(me.body.userId).toBe('demo-approver-1');
    // The same token works in the other services.
    const students = await eduaid.http('students').get<Problem>('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40', { authorization: `Bearer ${ok.body.accessToken}` });
    expect(students.status).toBe(403);

    for (const body of [{ username: 'approver1.demo', password: 'wrong' }, { username: 'nobody', password: 'eduaid-demo-password' }]) {
      const bad = await cw().post<Problem>('/auth/login', body);
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('auth.login-failed');
    }
    const malformed = await cw().post<{ errors: { field: string }[] }>('/auth/login', { username: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e) => e.field)).toContain('password');
  });

  it('refuses a logged-out token in casework and, within seconds, in the other services', async () => {
    const token = await login(eduaid, 'approver2.demo');
    expect((await eduaid.http('students').get('/health/live', token)).status).toBe(200);
    expect((await cw().post('/auth/logout', undefined, token)).status).toBe(204);
    const again = await cw().get<Problem>('/auth/me', token);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('auth.token-revoked');
    const elsewhere = await eventually(() => eduaid.http('students').get<Problem>('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40', token), (r) => r.status === 401, 15_000);
    expect(elsewhere.body.code).toBe('auth.token-revoked');
  });

  it('lets an admin revoke every token of a user, including ones casework did not issue', async () => {
    const old = await eduaid.authAs({ userId: 'demo-mentor', roles: ['mentor'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await cw().get('/notifications', old)).status).toBe(200);
    const admin = await login(eduaid, 'admin.demo');
    const revoked = await cw().post<{ notBefore: string }>('/users/demo-mentor/token-revocations', { reason: 'phone lost' }, admin);
    expect(revoked.status).toBe(201);
    expect((await cw().get<Problem>('/notifications', old)).body.code).toBe('auth.token-revoked');
    await eventually(() => eduaid.http('students').get('/system/wiring-checks/8f0b3c52-5d0a-4b8e-9a55-3b1c1d2e3f40', old), (r) => r.status === 401, 15_000);
    expect(await auditOf('demo-mentor', 'auth.tokens-revoked')).toHaveLength(1);
    // A caseworker may not revoke anyone: 403 with a reason, and the denial is audited.
    const caseworker = await login(eduaid, 'caseworker1.demo');
    const denied = await cw().post<Problem>('/users/demo-approver-1/token-revocations', {}, caseworker);
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toMatch(/programme-admin/);
    await eventually(() => eduaid.db.query(`SELECT 1 FROM casework.audit_log WHERE action = 'access.denied' AND actor = 'demo-caseworker-1'`), (r) => r.length > 0);
  });

  it('reports denials in other services to casework’s audit log', async () => {
    const caseworker = await login(eduaid, 'caseworker2.demo');
    const denied = await eduaid.http('students').post<Problem>('/system/wiring-checks', {}, caseworker);
    expect(denied.status).toBe(403);
    const rows = await eventually(
      () => eduaid.db.query<{ after: { service: string; route: string }; reason: string }>(`SELECT after, reason FROM casework.audit_log WHERE action = 'access.denied' AND actor = 'demo-caseworker-2'`),
      (r) => r.some((row) => row.after.service === 'students'),
    );
    expect(rows.find((r) => r.after.service === 'students')).toMatchObject({ after: { route: '/system/wiring-checks' }, reason: expect.stringMatching(/^role: /) });
  });

  it('runs a case review: least-loaded assignment, four eyes, decision by Update, fifty racing approvers with one winner', async () => {
    const { handle, workflowId, task } = await startReview(eduaid, 'app-race');
    // The submitter (caseworker 1) is excluded, so the review goes to caseworker 2.
    expect(task.assignee_id).toBe('demo-caseworker-2');
    const submitter = await login(eduaid, 'caseworker1.demo');
    const reviewer = await login(eduaid, 'caseworker2.demo');

    const mine = await cw().get<Page<Task>>('/tasks?view=mine', reviewer);
    expect(mine.body.items.map((t) => t.taskId)).toContain(task.task_id);
    expect(mine.body.items.find((t) => t.taskId === task.task_id)?.data).toMatchObject({ amountFen: 150000 });
    const counts = await cw().get<{ mine: number; unseenNotifications: number }>('/tasks/counts', reviewer);
    expect(counts.body.mine).toBeGreaterThanOrEqual(1);
    expect(counts.body.unseenNotifications).toBeGreaterThanOrEqual(1);

    const fourEyes = await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, submitter);
    expect(fourEyes.status).toBe(403);
    expect(fourEyes.body.code).toBe('task.four-eyes');
    const outsider = await eduaid.authAs({ userId: 'cw-elsewhere', roles: ['caseworker'], scope: { level: 'county', code: OTHER_COUNTY } });
    const out = await cw().get<Problem>(`/tasks/${task.task_id}`, outsider);
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('auth.out-of-scope');

    const decided = await cw().post<{ accepted: boolean }>(`/tasks/${task.task_id}/decision`, { decision: 'approve', comment: 'documents complete' }, { ...reviewer, 'x-request-id': 'req-review-1' });
    expect(decided.status).toBe(200);
    expect(decided.body.accepted).toBe(true);
    const again = await cw().post<Problem>(`/tasks/${task.task_id}/decision`, { decision: 'reject' }, reviewer);
    expect(again.status).toBe(409);

    // Step two goes to the approvers' pool; fifty different approvers decide at once.
    const approval = await waitForTask(eduaid, workflowId, 'county-approval');
    expect(approval.status).toBe('open');
    const approvers = await Promise.all(Array.from({ length: 50 }, (_, i) => eduaid.authAs({ userId: `approver-${i}`, roles: ['approver'], scope: { level: 'county', code: DEMO_COUNTY } })));
    const answers = await Promise.all(approvers.map((auth, i) => cw().post<Problem>(`/tasks/${approval.task_id}/decision`, { decision: i % 2 ? 'approve' : 'reject' }, auth)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);

    const result = (await handle.result()) as CaseReviewResult;
    const winner = answers.findIndex((a) => a.status === 200);
    expect(result.decisions).toHaveLength(2);
    expect(result.decisions[1]).toMatchObject({ decidedBy: `approver-${winner}`, decision: winner % 2 ? 'approve' : 'reject' });

    // One audit entry per decision, carrying the request id; one accepted Update and one recorded completion per step.
    await eventually(() => auditOf('app-race', 'task.decided'), (r) => r.length === 2);
    const decidedEntries = await auditOf('app-race', 'task.decided');
    expect(decidedEntries.map((e) => e.actor).sort()).toEqual([`approver-${winner}`, 'demo-caseworker-2'].sort());
    expect(decidedEntries.map((e) => e.request_id)).toContain('req-review-1');
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const completions = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'completeTask');
    expect(accepted).toHaveLength(2);
    expect(completions).toHaveLength(2);
    const rows = await eduaid.db.query<{ status: string; decided_by: string }>('SELECT status, decided_by FROM casework.tasks WHERE task_id = $1', [approval.task_id]);
    expect(rows).toEqual([{ status: 'completed', decided_by: `approver-${winner}` }]);
  });

  it('claims, refuses a second claim, unclaims, and lets a supervisor reassign; the decider of step one may not decide step two', async () => {
    const { workflowId, task } = await startReview(eduaid, 'app-claims');
    const reviewer = await login(eduaid, 'caseworker2.demo');
    expect((await cw().post(`/tasks/${task.task_id}/decision`, { decision: 'approve' }, reviewer)).status).toBe(200);
    const approval = await waitForTask(eduaid, workflowId, 'county-approval');

    // Four eyes across steps: step one's decider, even holding the approver role, may not decide step two.
    const sameAsReviewer = await eduaid.authAs({ userId: 'demo-caseworker-2', roles: ['approver'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await cw().post<Problem>(`/tasks/${approval.task_id}/decision`, { decision: 'approve' }, sameAsReviewer)).body.code).toBe('task.four-eyes');

    const a1 = await login(eduaid, 'approver1.demo');
    const a2 = await login(eduaid, 'approver2.demo');
    const group = await cw().get<Page<Task>>('/tasks?view=group', a1);
    expect(group.body.items.map((t) => t.taskId)).toContain(approval.task_id);
    expect((await cw().post<Task>(`/tasks/${approval.task_id}/claim`, undefined, a1)).body.status).toBe('claimed');
    expect((await cw().post<Problem>(`/tasks/${approval.task_id}/claim`, undefined, a2)).status).toBe(409);
    expect((await cw().post<Problem>(`/tasks/${approval.task_id}/decision`, { decision: 'approve' }, a2)).body.code).toBe('task.claimed-by-other');
    expect((await cw().post<Task>(`/tasks/${approval.task_id}/unclaim`, undefined, a1)).body.status).toBe('open');

    const supervisor = await login(eduaid, 'supervisor.demo');
    expect((await cw().post<Problem>(`/tasks/${approval.task_id}/reassign`, { assigneeId: 'demo-approver-2' }, a1)).status).toBe(403);
    const reassigned = await cw().post<Task>(`/tasks/${approval.task_id}/reassign`, { assigneeId: 'demo-approver-2', reason: 'balance' }, supervisor);
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.assigneeId).toBe('demo-approver-2');
    const ineligible = await cw().post<Problem>(`/tasks/${approval.task_id}/reassign`, { assigneeId: 'demo-caseworker-2' }, supervisor);
    expect(ineligible.status).toBe(422);

    const workload = await cw().get<Page<{ userId: string; holding: number }>>('/workload', supervisor);
    expect(workload.body.items.find((w) => w.userId === 'demo-approver-2')?.holding).toBeGreaterThanOrEqual(1);
    expect(await auditOf('app-claims', 'task.reassigned')).toHaveLength(1);

    const notes = await cw().get<Page<{ notificationId: string; kind: string; seenAt?: string }>>('/notifications', a2);
    const assigned = notes.body.items.find((n) => n.kind === 'task-assigned');
    expect(assigned).toBeDefined();
    const seen1 = await cw().post<{ seenAt: string }>(`/notifications/${assigned?.notificationId}/seen`, undefined, a2);
    const seen2 = await cw().post<{ seenAt: string }>(`/notifications/${assigned?.notificationId}/seen`, undefined, a2);
    expect(seen1.body.seenAt).toBeDefined();
    expect(seen2.body.seenAt).toBe(seen1.body.seenAt);
    expect((await cw().post(`/notifications/${assigned?.notificationId}/seen`, undefined, a1)).status).toBe(404);

    // A supervisor holding the role of neither step cannot decide; the assignee can.
    expect((await cw().post(`/tasks/${approval.task_id}/decision`, { decision: 'approve' }, a2)).status).toBe(200);
  });

  it('pages the inbox by keyset with filters and sort, and refuses a forged cursor', async () => {
    for (const id of ['app-page-1', 'app-page-2', 'app-page-3']) await startReview(eduaid, id);
    const supervisor = await login(eduaid, 'supervisor.demo');
    const first = await cw().get<Page<Task>>('/tasks?view=all&kind=review&status=claimed&limit=2&sort=dueAt', supervisor);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await cw().get<Page<Task>>(`/tasks?view=all&kind=review&status=claimed&limit=2&sort=dueAt&cursor=${first.body.nextCursor}`, supervisor);
    const ids = [...first.body.items, ...second.body.items].map((t) => t.subject.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['app-page-1', 'app-page-2', 'app-page-3']));
    const dues = [...first.body.items, ...second.body.items].map((t) => t.dueAt);
    expect([...dues].sort()).toEqual(dues);
    const bySubject = await cw().get<Page<Task>>('/tasks?view=all&subjectType=application&subjectId=app-page-2', supervisor);
    expect(bySubject.body.items.map((t) => t.subject.id)).toEqual(['app-page-2']);
    expect((await cw().get<Page<Task>>('/tasks?view=all&due=overdue', supervisor)).body.items).toEqual([]);
    const forged = await cw().get<{ errors: { field: string }[] }>('/tasks?cursor=bm9wZQ', supervisor);
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
    const caseworker = await login(eduaid, 'caseworker2.demo');
    expect((await cw().get<Problem>('/tasks?view=all', caseworker)).status).toBe(403);
  });

  it('shows a case’s timeline: audit entries merged with its workflow history', async () => {
    const auditor = await login(eduaid, 'auditor.demo');
    const timeline = await cw().get<{ entries: { source: string; what: string }[] }>('/cases/application/app-race/timeline', auditor);
    expect(timeline.status).toBe(200);
    const whats = timeline.body.entries.map((e) => `${e.source}:${e.what}`);
    expect(whats).toEqual(expect.arrayContaining(['audit:task.created', 'audit:task.decided', 'workflow:EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', 'workflow:EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED']));
    expect(whats.indexOf('workflow:EVENT_TYPE_WORKFLOW_EXECUTION_STARTED')).toBeLessThan(whats.indexOf('audit:task.decided'));
    const outsider = await eduaid.authAs({ userId: 'aud-elsewhere', roles: ['auditor'], scope: { level: 'county', code: OTHER_COUNTY } });
    expect((await cw().get('/cases/application/app-race/timeline', outsider)).status).toBe(403);
  });

  it('verifies the audit chain, and names the first entry altered directly in the database', async () => {
    const auditor = await login(eduaid, 'auditor.demo');
    const intact = await cw().get<{ intact: boolean; entriesChecked: number }>('/audit/verification', auditor);
    expect(intact.body).toMatchObject({ intact: true });
    expect(intact.body.entriesChecked).toBeGreaterThan(10);

    // The table refuses changes outright …
    await expect(eduaid.db.query(`UPDATE casework.audit_log SET reason = 'x' WHERE seq = 3`)).rejects.toThrow(/append-only/);
    // … so a tamperer must first switch the guard off; the chain still gives them away.
    const [victim] = await eduaid.db.query<{ seq: string; entry_id: string }>(`SELECT seq, entry_id FROM casework.audit_log WHERE action = 'task.decided' ORDER BY seq LIMIT 1`);
    await eduaid.db.query('ALTER TABLE casework.audit_log DISABLE TRIGGER audit_log_append_only');
    await eduaid.db.query(`UPDATE casework.audit_log SET after = jsonb_set(after, '{decision}', '"reject"') WHERE seq = $1`, [victim.seq]);
    await eduaid.db.query('ALTER TABLE casework.audit_log ENABLE TRIGGER audit_log_append_only');
    const broken = await cw().get<{ intact: boolean; firstAlteredSeq: number; firstAlteredEntryId: string }>('/audit/verification', auditor);
    expect(broken.body).toMatchObject({ intact: false, firstAlteredSeq: Number(victim.seq), firstAlteredEntryId: victim.entry_id });

    const countyAuditor = await eduaid.authAs({ userId: 'aud-county', roles: ['auditor'], scope: { level: 'county', code: DEMO_COUNTY } });
    expect((await cw().get<Problem>('/audit/verification', countyAuditor)).status).toBe(403);
    const entries = await cw().get<Page<{ subjectId?: string }>>('/audit/entries?limit=5', countyAuditor);
    expect(entries.status).toBe(200);
    expect(entries.body.items.length).toBeGreaterThan(0);
  });
});
