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

  it('writes for a batch what one-by-one writes for each task: the same task, audit entries and notices', async () => {
    const wf = 'campaign:2044-2045:420102:county:same-as-single';
    const make = (n: number) => task(n, { workflowId: wf, key: `${wf}:batch-review:${n}#1`, subject: { type: 'case', id: `${wf}:item:${n}` } });
    const [single, batched] = [make(1), make(2)];
    await activities.createTask(single);
    await activities.createTasks({ tasks: [batched] });
    const decision = (taskId: string) => ({ taskId, step: 'batch-review', decision: 'reject' as const, comment: 'not this year', decidedBy: 'demo-caseworker-2', decidedAt: '2044-12-01T08:00:00.000Z', requestId: 'req-same' });
    await activities.completeTask({ taskId: single.taskId, workflowId: wf, step: 'batch-review', decision: decision(single.taskId) });
    await activities.completeTasks({ tasks: [{ taskId: batched.taskId, workflowId: wf, step: 'batch-review', decision: decision(batched.taskId) }] });

    // Least-loaded assignment gives the two tasks different people: the audit says someone holds it.
    const held = (state: unknown) => (state && typeof state === 'object' && (state as { assigneeId?: string | null }).assigneeId ? { ...state, assigneeId: 'assignee' } : state);
    const comparable = async (taskId: string, subjectId: string) => ({
      task: (await eduaid.db.query<Record<string, unknown>>(
        `SELECT status, decision, decision_comment, decided_by, decided_at, version, claimed_at IS NOT NULL AS claimed FROM casework.tasks WHERE task_id = $1`, [taskId],
      ))[0],
      audit: (await eduaid.db.query<{ actor: string; action: string; before: unknown; after: unknown }>(
        `SELECT actor, action, subject_type, division_code, before, after, reason, request_id FROM casework.audit_log WHERE subject_id = $1 ORDER BY seq`, [subjectId],
      )).map((a) => ({ ...a, before: held(a.before), after: held(a.after) })),
      notices: (await eduaid.db.query<{ kind: string; user_id: string }>(`SELECT kind, user_id FROM casework.notifications WHERE task_id = $1 ORDER BY kind`, [taskId])).map((n) => [n.kind, n.kind === 'task-assigned' ? 'assignee' : n.user_id]),
    });
    const one = await comparable(single.taskId, single.subject.id);
    const many = await comparable(batched.taskId, batched.subject.id);
    expect(one.audit.map((a) => a.action)).toEqual(['task.created', 'task.decided']);
    expect(one.notices).toEqual([['task-assigned', 'assignee'], ['task-decided', 'demo-admin']]);
    expect(many).toEqual(one);
  });

  /**
   * More batches at once than casework's pool has connections (10): each batch's transaction holds a
   * connection, so one that awaited a query on another connection before committing (audit,
   * notifications or a read not given the transaction's manager) would leave every connection held
   * by a transaction waiting for an eleventh, and none of these would ever finish (the stall of the
   * province's run: activities timed out, PostgreSQL idle).
   */
  it('finishes more batches at once than the pool has connections, creating and completing', async () => {
    const BATCHES = 16;
    const workflow = (b: number) => `campaign:2044-2045:420102:county:pool-${b}`;
    const batches = Array.from({ length: BATCHES }, (_v, b) =>
      [1, 2, 3].map((n) => task(n, { workflowId: workflow(b), key: `${workflow(b)}:batch-review:${n}#1`, subject: { type: 'case', id: `${workflow(b)}:item:${n}` } })),
    );
    const within = <T>(what: string, work: Promise<T>): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not all ${BATCHES} batches finished within 90 s (connections held by transactions waiting for another?)`)), 90_000);
      });
      return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
    };

    const refs = await within('createTasks', Promise.all(batches.map((tasks) => activities.createTasks({ tasks }))));
    expect(refs.flat().filter((r) => r.created)).toHaveLength(BATCHES * 3);
    const decision = (taskId: string) => ({ taskId, step: 'batch-review', decision: 'approve' as const, decidedBy: 'demo-caseworker-2', decidedAt: new Date().toISOString() });
    await within(
      'completeTasks',
      Promise.all(batches.map((tasks) => activities.completeTasks({ tasks: tasks.map((t) => ({ taskId: t.taskId, workflowId: t.workflowId, step: 'batch-review', decision: decision(t.taskId) })) }))),
    );

    const ids = batches.flat().map((t) => t.taskId);
    expect((await eduaid.db.query<{ status: string }>(`SELECT DISTINCT status FROM casework.tasks WHERE task_id = ANY($1)`, [ids])).map((r) => r.status)).toEqual(['completed']);
    const audited = await eduaid.db.query<{ action: string; n: string }>(
      `SELECT action, count(*) AS n FROM casework.audit_log WHERE subject_id LIKE 'campaign:2044-2045:420102:county:pool-%' GROUP BY action ORDER BY action`,
    );
    expect(audited.map((a) => [a.action, Number(a.n)])).toEqual([['task.created', BATCHES * 3], ['task.decided', BATCHES * 3]]);
    // Nothing left holding a connection in a transaction.
    expect(await eduaid.db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'eduaid-casework' AND state LIKE 'idle in transaction%'`)).toEqual([]);
    const auditor = await eduaid.authAs({ userId: 'batch-auditor', roles: ['auditor'], scope: { level: 'province', code: '42' } });
    expect((await eduaid.http('casework').get<{ intact: boolean }>('/audit/verification', auditor)).body.intact).toBe(true);
  }, 240_000);
});
