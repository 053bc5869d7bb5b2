import { randomUUID } from 'node:crypto';
import type { CreateTaskInput } from '@eduaid/contracts';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { CaseworkActivitiesProvider } from '../../services/casework/src/tasks/tasks.activities';
import { DEMO_COUNTY, seedUsers } from '../e2e/casework-fixtures';

const WORKFLOW = 'campaign:2044-2045:420102:county:420102';

/**
 * Casework's batch task activities on real PostgreSQL (a campaign's county asks for all its school
 * lists' tasks at once): each task is made as the single activity makes it (least-loaded assignment,
 * an audit entry, a notification), a retried batch makes nothing twice, and the audit chain holds.
 */
describe('casework task batches', () => {
  let eduaid: EduaidHarness;
  let activities: CaseworkActivitiesProvider;

  beforeAll(async () => {
    eduaid = await startEduaid('casework-task-batches', [caseworkService], { workflowWorker: false });
    await seedUsers(eduaid);
    activities = eduaid.app('casework').get(CaseworkActivitiesProvider);
  });
  afterAll(async () => {
    await eduaid?.close();
  });

  const task = (n: number, extra: Partial<CreateTaskInput> = {}): CreateTaskInput => ({
    taskId: randomUUID(), workflowId: WORKFLOW, key: `${WORKFLOW}:batch-review:${n}#1`, step: 'batch-review', attempt: 1, stepIndex: 0, kind: 'review',
    subject: { type: 'case', id: `${WORKFLOW}:item:${n}` }, place: { divisionCode: DEMO_COUNTY }, candidateRole: 'caseworker', assignment: 'least-loaded',
    dueAt: new Date(Date.now() + 86_400_000).toISOString(), priority: 3, data: { n }, submittedBy: 'demo-admin', excludedDeciders: [], ...extra,
  });

  it('makes a batch of tasks once, spreads them over the least loaded, audits each, and keeps the chain intact', async () => {
    const batch = [1, 2, 3, 4, 5, 6].map((n) => task(n));
    // One task excludes demo-caseworker-1 (four eyes): it must go to someone else.
    batch[5] = task(6, { excludedDeciders: ['demo-caseworker-1'] });
    const refs = await activities.createTasks({ tasks: batch });
    expect(refs.map((r) => [r.taskId, r.created])).toEqual(batch.map((t) => [t.taskId, true]));

    const rows = await eduaid.db.query<{ task_id: string; subject_id: string; assignee_id: string | null; status: string; excluded_deciders: string[]; idempotency_key: string }>(
      'SELECT task_id, subject_id, assignee_id, status, excluded_deciders, idempotency_key FROM casework.tasks WHERE workflow_id = $1 ORDER BY subject_id',
      [WORKFLOW],
    );
    expect(rows.map((r) => r.idempotency_key)).toEqual(batch.map((t) => t.key));
    // Eligible: the county's caseworkers (school-level staff do not take county work); the batch spreads evenly over them.
    const eligible = (await eduaid.db.query<{ user_id: string }>(
      `SELECT user_id FROM casework.users WHERE active AND 'caseworker' = ANY(roles) AND scope_level = 'county' AND scope_code = $1`, [DEMO_COUNTY],
    )).map((u) => u.user_id);
    expect(eligible.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.assignee_id !== null && eligible.includes(r.assignee_id) && r.status === 'claimed')).toBe(true);
    const load = eligible.map((u) => rows.filter((r) => r.assignee_id === u).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    const sixth = rows.find((r) => r.task_id === batch[5].taskId);
    expect(sixth?.assignee_id).not.toBe('demo-caseworker-1');
    expect(sixth?.excluded_deciders).toEqual(['demo-caseworker-1']);

    // Each task: one audit entry, one notification to its assignee.
    const audited = await eduaid.db.query<{ subject_id: string }>(`SELECT subject_id FROM casework.audit_log WHERE action = 'task.created' AND subject_id LIKE $1 || '%' ORDER BY seq`, [`${WORKFLOW}:item:`]);
    expect(audited.map((a) => a.subject_id)).toEqual(batch.map((t) => t.subject.id));
    const notified = await eduaid.db.query<{ task_id: string }>(`SELECT task_id FROM casework.notifications WHERE kind = 'task-assigned' AND task_id = ANY($1)`, [batch.map((t) => t.taskId)]);
    expect(notified).toHaveLength(6);

    // A retried batch (the activity ran again) answers the same tasks and makes nothing new.
    const again = await activities.createTasks({ tasks: batch });
    expect(again.map((r) => [r.taskId, r.created])).toEqual(batch.map((t) => [t.taskId, false]));
    expect(await eduaid.db.query(`SELECT 1 FROM casework.tasks WHERE workflow_id = $1`, [WORKFLOW])).toHaveLength(6);
    expect(await eduaid.db.query(`SELECT 1 FROM casework.audit_log WHERE action = 'task.created' AND subject_id LIKE $1 || '%'`, [`${WORKFLOW}:item:`])).toHaveLength(6);

    // Completed in a batch: each task completed and its decision audited once.
    const decision = (taskId: string) => ({ taskId, step: 'batch-review', decision: 'approve' as const, decidedBy: 'demo-caseworker-2', decidedAt: new Date().toISOString() });
    await activities.completeTasks({ tasks: batch.map((t) => ({ taskId: t.taskId, workflowId: WORKFLOW, step: 'batch-review', decision: decision(t.taskId) })) });
    await activities.completeTasks({ tasks: batch.map((t) => ({ taskId: t.taskId, workflowId: WORKFLOW, step: 'batch-review', decision: decision(t.taskId) })) });
    expect((await eduaid.db.query<{ status: string }>(`SELECT DISTINCT status FROM casework.tasks WHERE workflow_id = $1`, [WORKFLOW])).map((r) => r.status)).toEqual(['completed']);
    expect(await eduaid.db.query(`SELECT 1 FROM casework.audit_log WHERE action = 'task.decided' AND subject_id LIKE $1 || '%'`, [`${WORKFLOW}:item:`])).toHaveLength(6);
    expect(await eduaid.db.query(`SELECT 1 FROM casework.notifications WHERE kind = 'task-decided' AND user_id = 'demo-admin' AND task_id = ANY($1)`, [batch.map((t) => t.taskId)])).toHaveLength(6);

    const auditor = await eduaid.authAs({ userId: 'batch-auditor', roles: ['auditor'], scope: { level: 'province', code: '42' } });
    expect((await eduaid.http('casework').get<{ intact: boolean }>('/audit/verification', auditor)).body.intact).toBe(true);
  });
});
