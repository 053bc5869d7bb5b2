import { ApplicationFailure, condition, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  AssignmentStrategy,
  CaseworkActivities,
  Role,
  SubjectType,
  TaskDecision,
  TaskPlace,
  activityTaskQueue,
} from '@eduaid/contracts';
import { decideTaskUpdate, PendingTask, pendingTaskQuery } from './messages';

/** One human step, as the workflow describes it. */
export interface HumanTaskSpec {
  step: string;
  /** Position of the step in the process (0, 1, …): four eyes looks at the decider of stepIndex − 1. */
  stepIndex: number;
  kind: string;
  subject: { type: SubjectType; id: string };
  place: TaskPlace;
  candidateRole: Role;
  assigneeId?: string;
  assignment?: AssignmentStrategy;
  /** Due this long after the task is created (workflow time, so durable and replay-safe). */
  dueInMs: number;
  priority?: number;
  data: Record<string, unknown>;
  submittedBy?: string;
  excludedDeciders?: string[];
  /** Send a reminder this long before the due time, for each entry (e.g. [one day, one hour]). */
  remindBeforeMs?: number[];
  /** Escalate to a supervisor this long after the due time (0: at the due time). Omit: never. */
  escalateAfterMs?: number;
  /** A claim older than this goes back to the group; checked at this interval. Omit: never. */
  releaseIdleClaimAfterMs?: number;
}

export interface HumanTaskOutcome {
  taskId: string;
  decision: TaskDecision;
  remindersSent: number;
  escalated: boolean;
}

interface Timer {
  at: number;
  fire: () => Promise<void>;
  repeatEveryMs?: number;
}

/**
 * Human steps for a workflow. Create one per workflow run, at its start (it installs the decision
 * Update's handler and the pending-task query), then `await tasks.run(spec)` for each step:
 * casework creates the task (and assigns it), the workflow waits for the decision Update while its
 * durable timers send reminders, escalate, and release idle claims, and the decision is recorded
 * through casework before `run` returns it.
 */
export class HumanTasks {
  private pending?: PendingTask & { decided?: TaskDecision };
  private readonly attempts = new Map<string, number>();
  private readonly casework: CaseworkActivities;

  constructor() {
    this.casework = proxyActivities<CaseworkActivities>({
      taskQueue: activityTaskQueue('casework', workflowInfo().taskQueue),
      startToCloseTimeout: '30 seconds',
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    });
    setHandler(
      decideTaskUpdate,
      (decision) => {
        (this.pending as PendingTask & { decided?: TaskDecision }).decided = decision;
        return { taskId: decision.taskId, step: decision.step, accepted: true };
      },
      { validator: (decision) => this.validate(decision) },
    );
    setHandler(pendingTaskQuery, () => (this.pending && !this.pending.decided ? { taskId: this.pending.taskId, step: this.pending.step, dueAt: this.pending.dueAt } : null));
  }

  /** Refuses (without touching history) a decision for another task, another step, or a task already decided. */
  private validate(decision: TaskDecision): void {
    const pending = this.pending;
    if (!pending) throw ApplicationFailure.nonRetryable('No task is waiting for a decision.', 'NoPendingTask');
    if (decision.taskId !== pending.taskId) throw ApplicationFailure.nonRetryable(`Stale decision: task ${decision.taskId} is not the one waiting (${pending.taskId}).`, 'StaleDecision');
    if (decision.step !== pending.step) throw ApplicationFailure.nonRetryable(`Out of order: the process is at step ${pending.step}, not ${decision.step}.`, 'OutOfOrderDecision');
    if (pending.decided) throw ApplicationFailure.nonRetryable(`Task ${pending.taskId} has already been decided.`, 'AlreadyDecided');
  }

  async run(spec: HumanTaskSpec): Promise<HumanTaskOutcome> {
    const attempt = (this.attempts.get(spec.step) ?? 0) + 1;
    this.attempts.set(spec.step, attempt);
    const createdAt = Date.now();
    const dueAt = createdAt + spec.dueInMs;
    // The id is the workflow's (deterministic), so a decision can be validated even before casework answers.
    const taskId = uuid4();
    this.pending = { taskId, step: spec.step, dueAt: new Date(dueAt).toISOString() };
    await this.casework.createTask({
      taskId,
      workflowId: workflowInfo().workflowId,
      step: spec.step,
      attempt,
      stepIndex: spec.stepIndex,
      kind: spec.kind,
      subject: spec.subject,
      place: spec.place,
      candidateRole: spec.candidateRole,
      assigneeId: spec.assigneeId,
      assignment: spec.assignment,
      dueAt: new Date(dueAt).toISOString(),
      priority: spec.priority ?? 3,
      data: spec.data,
      submittedBy: spec.submittedBy,
      excludedDeciders: spec.excludedDeciders,
    });

    let remindersSent = 0;
    let escalated = false;
    const timers: Timer[] = [];
    [...(spec.remindBeforeMs ?? [])]
      .sort((a, b) => b - a)
      .forEach((before) => {
        if (dueAt - before > createdAt) {
          timers.push({ at: dueAt - before, fire: async () => { remindersSent += 1; await this.casework.remindTask({ taskId, reminder: remindersSent }); } });
        }
      });
    if (spec.escalateAfterMs !== undefined) {
      timers.push({ at: dueAt + spec.escalateAfterMs, fire: async () => { escalated = true; await this.casework.escalateTask({ taskId }); } });
    }
    const idle = spec.releaseIdleClaimAfterMs;
    if (idle !== undefined) {
      timers.push({ at: createdAt + idle, repeatEveryMs: idle, fire: async () => { await this.casework.releaseIdleClaim({ taskId, idleForMs: idle }); } });
    }

    const decided = () => this.pending?.taskId === taskId && this.pending.decided !== undefined;
    while (!decided()) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next) {
        await condition(decided);
        break;
      }
      if (await condition(decided, Math.max(next.at - Date.now(), 1))) break;
      timers.shift();
      if (next.repeatEveryMs) timers.push({ ...next, at: next.at + next.repeatEveryMs });
      await next.fire();
    }

    const decision = (this.pending as { decided: TaskDecision }).decided;
    await this.casework.completeTask({ taskId, workflowId: workflowInfo().workflowId, step: spec.step, decision });
    return { taskId, decision, remindersSent, escalated };
  }
}
