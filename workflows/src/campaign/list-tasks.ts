import { ApplicationFailure, condition, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  CampaignListLevel,
  CampaignListOutcome,
  CampaignSettings,
  CaseworkActivities,
  CaseworkBatchActivities,
  CloseCampaignListInput,
  CreateTaskInput,
  Role,
  StudentsCampaignListActivities,
  TaskDecision,
  TaskPlace,
  activityTaskQueue,
} from '@eduaid/contracts';
import { decideTaskUpdate, PendingTask, pendingTaskQuery } from '../human-task';
import { pendingListTasksQuery } from './messages';

/** Tasks created (or completed, or lists closed) per activity: a payload stays far below 2 MB. */
const BATCH = 200;

/** One list to review: its level and code, and the casework task that asks for its decision. */
export interface ListSpec {
  campaignId: string;
  level: CampaignListLevel;
  code: string;
  countyCode: string;
  /** The list's business key, the task's subject (`…:school:<school>` for a school's list). */
  subjectId: string;
  step: string;
  kind: string;
  role: Role;
  place: TaskPlace;
  data: Record<string, unknown>;
  submittedBy: string;
  /** Who else may not decide it (four eyes: earlier steps' deciders). */
  excludedDeciders: string[];
}

interface OpenTask {
  taskId: string;
  list: ListSpec;
  attempt: number;
  dueAt: string;
  decided?: TaskDecision;
}

/**
 * A county's lists reviewed inside one workflow: every list of a level gets its casework task at
 * once (batch activities), decisions come in as the decide Update (one per task, validated against
 * the tasks waiting), and decided lists are completed in casework and closed in the students service
 * in batches: whatever was decided while the previous batch ran. A returned list gets a new task
 * (attempt + 1); reminders and escalation run per wave of tasks created together, on durable timers.
 * It replaces a child workflow per school list (about forty history events and two executions a list).
 */
export class CampaignListTasks {
  private readonly tasks = new Map<string, OpenTask>();
  private readonly decided: OpenTask[] = [];
  private readonly stepOrder: string[] = [];
  private readonly casework: CaseworkActivities & CaseworkBatchActivities;
  private readonly students: StudentsCampaignListActivities;

  constructor(private readonly settings: CampaignSettings) {
    this.casework = proxyActivities<CaseworkActivities & CaseworkBatchActivities>({
      taskQueue: activityTaskQueue('casework', workflowInfo().taskQueue),
      startToCloseTimeout: '5 minutes',
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    });
    this.students = proxyActivities<StudentsCampaignListActivities>({
      taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
      startToCloseTimeout: '10 minutes',
      heartbeatTimeout: '2 minutes',
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    });
    setHandler(decideTaskUpdate, (decision) => this.accept(decision), { validator: (decision) => this.validate(decision) });
    setHandler(pendingTaskQuery, () => this.waiting()[0] ?? null);
    setHandler(pendingListTasksQuery, () => this.waiting());
  }

  /** Tasks waiting for a decision now. */
  waiting(): PendingTask[] {
    return [...this.tasks.values()].filter((t) => !t.decided).map((t) => ({ taskId: t.taskId, step: t.list.step, dueAt: t.dueAt }));
  }

  private validate(decision: TaskDecision): void {
    const task = this.tasks.get(decision.taskId);
    if (!task) throw ApplicationFailure.nonRetryable(`Stale decision: task ${decision.taskId} is not one waiting here.`, 'StaleDecision');
    if (decision.step !== task.list.step) throw ApplicationFailure.nonRetryable(`Out of order: task ${decision.taskId} is at step ${task.list.step}, not ${decision.step}.`, 'OutOfOrderDecision');
    if (task.decided) throw ApplicationFailure.nonRetryable(`Task ${decision.taskId} has already been decided.`, 'AlreadyDecided');
  }

  private accept(decision: TaskDecision) {
    const task = this.tasks.get(decision.taskId);
    if (!task || task.decided) throw ApplicationFailure.nonRetryable(`Task ${decision.taskId} is no longer waiting for a decision.`, 'TaskCancelled');
    task.decided = decision;
    this.decided.push(task);
    return { taskId: decision.taskId, step: decision.step, accepted: true as const };
  }

  private positionOf(step: string): number {
    if (!this.stepOrder.includes(step)) this.stepOrder.push(step);
    return this.stepOrder.indexOf(step);
  }

  /**
   * Opens the lists (one statement), asks for their decisions and closes each once it is approved
   * or rejected; answers each list's outcome, in the order given.
   */
  async review(lists: ListSpec[]): Promise<CampaignListOutcome[]> {
    if (lists.length === 0) return [];
    const [first] = lists;
    await this.students.openCampaignLists({ campaignId: first.campaignId, level: first.level, countyCode: first.countyCode, codes: lists.map((l) => l.code), workflowId: workflowInfo().workflowId });
    const outcomes = new Map<string, CampaignListOutcome>();
    const watchers: Promise<void>[] = [];
    const ask = async (wave: { list: ListSpec; attempt: number }[]) => {
      const created = wave.map(({ list, attempt }) => this.open(list, attempt));
      for (let i = 0; i < created.length; i += BATCH) {
        await this.casework.createTasks({ tasks: created.slice(i, i + BATCH).map((t) => this.createInput(t)) });
      }
      watchers.push(this.watch(created.map((t) => t.taskId)));
    };

    await ask(lists.map((list) => ({ list, attempt: 1 })));
    while (outcomes.size < lists.length) {
      await condition(() => this.decided.length > 0);
      const batch = this.decided.splice(0, BATCH);
      await this.casework.completeTasks({
        tasks: batch.map((t) => ({ taskId: t.taskId, workflowId: workflowInfo().workflowId, step: t.list.step, decision: t.decided as TaskDecision })),
      });
      for (const t of batch) this.tasks.delete(t.taskId);
      const closing = batch.filter((t) => t.decided?.decision !== 'return');
      if (closing.length > 0) {
        const closed = await this.students.closeCampaignLists({ lists: closing.map((t) => this.closeInput(t)) });
        closed.forEach((o, i) => outcomes.set(closing[i].list.code, o));
      }
      const returned = batch.filter((t) => t.decided?.decision === 'return');
      if (returned.length > 0) await ask(returned.map((t) => ({ list: t.list, attempt: t.attempt + 1 })));
    }
    await Promise.all(watchers);
    return lists.map((l) => outcomes.get(l.code) as CampaignListOutcome);
  }

  private open(list: ListSpec, attempt: number): OpenTask {
    // The id is the workflow's (deterministic), so a decision can be validated even before casework answers.
    const task: OpenTask = { taskId: uuid4(), list, attempt, dueAt: new Date(Date.now() + this.settings.listDueMs).toISOString() };
    this.tasks.set(task.taskId, task);
    return task;
  }

  private createInput(t: OpenTask): CreateTaskInput {
    const { list } = t;
    return {
      taskId: t.taskId,
      workflowId: workflowInfo().workflowId,
      key: `${workflowInfo().workflowId}:${list.step}:${list.code}#${t.attempt}`,
      step: list.step,
      attempt: t.attempt,
      stepIndex: this.positionOf(list.step),
      kind: list.kind,
      subject: { type: 'case', id: list.subjectId },
      place: list.place,
      candidateRole: list.role,
      assignment: 'least-loaded',
      dueAt: t.dueAt,
      priority: 3,
      data: list.data,
      submittedBy: list.submittedBy,
      excludedDeciders: list.excludedDeciders,
    };
  }

  private closeInput(t: OpenTask): CloseCampaignListInput {
    const d = t.decided as TaskDecision;
    return {
      campaignId: t.list.campaignId, level: t.list.level, code: t.list.code, countyCode: t.list.countyCode, taskId: t.taskId, decision: d.decision, decidedBy: d.decidedBy,
      ...(d.comment ? { comment: d.comment } : {}),
    };
  }

  /**
   * Reminders before the due time and escalation after it, for the tasks of a wave still waiting
   * then (each reminder numbered as a single task's would be); ends when every one is decided.
   */
  private async watch(taskIds: string[]): Promise<void> {
    const createdAt = Date.now();
    const dueAt = createdAt + this.settings.listDueMs;
    const waiting = () => taskIds.filter((id) => { const t = this.tasks.get(id); return t !== undefined && !t.decided; });
    const timers: { at: number; fire: (ids: string[]) => Promise<unknown> }[] = [];
    let reminder = 0;
    [...this.settings.remindBeforeMs].sort((a, b) => b - a).forEach((before) => {
      if (dueAt - before > createdAt) timers.push({ at: dueAt - before, fire: (ids) => { reminder += 1; const n = reminder; return Promise.all(ids.map((taskId) => this.casework.remindTask({ taskId, reminder: n }))); } });
    });
    if (this.settings.escalateAfterMs !== undefined) {
      timers.push({ at: dueAt + this.settings.escalateAfterMs, fire: (ids) => Promise.all(ids.map((taskId) => this.casework.escalateTask({ taskId }))) });
    }
    for (const timer of timers) {
      if (await condition(() => waiting().length === 0, Math.max(timer.at - Date.now(), 1))) return;
      await timer.fire(waiting());
    }
  }
}
