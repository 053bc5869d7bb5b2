import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { caseworkService } from '../../services/casework/src/casework.service';
import { DecisionRecoveryService } from '../../services/casework/src/tasks/decision-recovery.service';
import { seedUsers, startReview, waitForTask } from './casework-fixtures';

/**
 * A decision is two steps (win the task in the database, then the Temporal Update). If casework
 * stops between them, the recovery sweep finishes the decision, or reopens the task when the
 * workflow can no longer take it: nothing is left half-decided.
 */
describe('interrupted decisions', () => {
  let eduaid: EduaidHarness;

  beforeAll(async () => {
    eduaid = await startEduaid('recovery', [caseworkService]);
    await seedUsers(eduaid);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  /** What the winning request had written when the process stopped. */
  const interrupt = (taskId: string, decidedBy: string) =>
    eduaid.db.query(
      `UPDATE casework.tasks SET status = 'deciding', decision = 'approve', decision_comment = 'checked', decided_by = $2,
         decided_at = now() - interval '1 minute', version = version + 1 WHERE task_id = $1`,
      [taskId, decidedBy],
    );

  it('delivers the interrupted decision to the workflow, which moves on', async () => {
    const { workflowId, task } = await startReview(eduaid, 'app-interrupted');
    await interrupt(task.task_id, task.assignee_id as string);
    const recovery = eduaid.app('casework').get(DecisionRecoveryService);
    expect(await recovery.sweep()).toBe(1);
    const [done] = await eventually(
      () => eduaid.db.query<{ status: string; decided_by: string }>('SELECT status, decided_by FROM casework.tasks WHERE task_id = $1', [task.task_id]),
      (rows) => rows[0]?.status === 'completed',
    );
    expect(done.decided_by).toBe(task.assignee_id);
    // The workflow took the decision once and opened the next step.
    const next = await waitForTask(eduaid, workflowId, 'county-approval');
    expect(next.status).toBe('open');
    expect(await recovery.sweep()).toBe(0);
  });

  it('reopens the task when the workflow is gone', async () => {
    const { handle, task } = await startReview(eduaid, 'app-gone');
    await handle.terminate('closed for the test');
    await interrupt(task.task_id, task.assignee_id as string);
    expect(await eduaid.app('casework').get(DecisionRecoveryService).sweep()).toBe(1);
    const [row] = await eduaid.db.query<{ status: string; decision: string | null }>('SELECT status, decision FROM casework.tasks WHERE task_id = $1', [task.task_id]);
    expect(row).toEqual({ status: 'claimed', decision: null });
  });
});
