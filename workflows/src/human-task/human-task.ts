import { ApplicationFailure, CancellationScope, condition, patched, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { CaseworkActivities, CreateTaskInput, TaskDecision, activityTaskQueue } from '@eduaid/contracts';
import { decideTaskUpdate, PendingTask, pendingTaskQuery } from './messages';

/**
 * Four eyes, the rule every decision step follows: the submitter and the previous step's decider may
 * not decide. The workflow says who they are; the library hands them to casework, which refuses them.
 */
export interface FourEyes {
  submittedBy?: string;
  previousStepDecider?: string;
  /** Deciders of earlier steps held in other workflows (a campaign's school lists, for its county approval). */
  otherDeciders?: string[];
}

/**
 * One human step, as the workflow describes it: the task's own fields as casework takes them
 * (CreateTaskInput: step, kind, subject, place, who may do it, data), and the step's timing.
 */
export interface HumanTaskSpec extends Pick<CreateTaskInput, 'step' | 'kind' | 'subject' | 'place' | 'candidateRole' | 'assigneeId' | 'assignment' | 'data'> {
  /** Due this long after the task is created (workflow time, so durable and replay-safe). */
  dueInMs: number;
  priority?: number;
  /** Who may not decide (omit for a step that is not a decision, e.g. an answer the submitter gives). */
  fourEyes?: FourEyes;
  /** Send a reminder this long before the due time, for each entry (e.g. [one day, one hour]). */
  remindBeforeMs?: number[];
  /** Escalate to a supervisor this long after the due time (0: at the due time). Omit: never. */
  escalateAfterMs?: number;
  /** A claim older than this goes back to the group; checked at this interval. Omit: never. */
  releaseIdleClaimAfterMs?: number;
}

/** How a step ended: decided (the decision is recorded in casework), or interrupted (its task cancelled). */
export interface HumanTaskDecided {
  outcome: 'decided';
  taskId: string;
  decision: TaskDecision;
  remindersSent: number;
  escalated: boolean;
}
/** Interrupted: its task cancelled in casework (no task id: interrupted before one was created). */
export type HumanTaskResult = HumanTaskDecided | { outcome: 'interrupted'; taskId?: string; reason: string };

export interface HumanTaskOptions {
  /**
   * Asked whenever the workflow's state changes while the step waits: a reason (e.g. "withdrawn: …")
   * interrupts the step, unless a decision came first (then the decision stands).
   */
  interruptWhen?: () => string | undefined;
}

interface Timer {
  at: number;
  fire: () => Promise<void>;
  repeatEveryMs?: number;
}

/** The step's task: decided once; or interrupted, after which no decision for it is taken. */
type Pending = PendingTask & { decided?: TaskDecision; interrupted?: boolean };

/**
 * Human steps for a workflow. Create one per workflow run, at its start (it installs the decision
 * Update's handler and the pending-task query), then `await tasks.run(spec)` for each step:
 * casework creates the task (and assigns it), the workflow waits for the decision Update while its
 * durable timers send reminders, escalate, and release idle claims, and the decision is recorded
 * through casework before `run` returns it. A step the workflow interrupts (options.interruptWhen)
 * has its casework task cancelled and returns `interrupted`; nothing here throws for it.
 */
export class HumanTasks {
  private pending?: Pending;
  private readonly attempts = new Map<string, number>();
  /** Steps in the order they first ran: a step's position in its process, as casework records it. */
  private readonly stepOrder: string[] = [];
  private readonly casework: CaseworkActivities;

  constructor() {
    this.casework = proxyActivities<CaseworkActivities>({
      taskQueue: activityTaskQueue('casework', workflowInfo().taskQueue),
      startToCloseTimeout: '30 seconds',
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    });
    setHandler(decideTaskUpdate, (decision) => this.accept(decision), { validator: (decision) => this.validate(decision) });
    setHandler(pendingTaskQuery, () => this.openTask ?? null);
  }

  /** The task waiting for a decision now, if any. */
  get openTask(): PendingTask | undefined {
    const p = this.pending;
    return p && !p.decided && !p.interrupted ? { taskId: p.taskId, step: p.step, dueAt: p.dueAt } : undefined;
  }

  /** Refuses (without touching history) a decision for another task, another step, or a task already decided. */
  private validate(decision: TaskDecision): void {
    const pending = this.pending;
    if (!pending) throw ApplicationFailure.nonRetryable('No task is waiting for a decision.', 'NoPendingTask');
    if (decision.taskId !== pending.taskId) throw ApplicationFailure.nonRetryable(`Stale decision: task ${decision.taskId} is not the one waiting (${pending.taskId}).`, 'StaleDecision');
    if (decision.step !== pending.step) throw ApplicationFailure.nonRetryable(`Out of order: the process is at step ${pending.step}, not ${decision.step}.`, 'OutOfOrderDecision');
    if (pending.decided) throw ApplicationFailure.nonRetryable(`Task ${pending.taskId} has already been decided.`, 'AlreadyDecided');
    if (pending.interrupted) throw ApplicationFailure.nonRetryable(`Task ${pending.taskId} was cancelled: the process has moved on.`, 'TaskCancelled');
  }

  private accept(decision: TaskDecision) {
    // The validator ran when the Update came in; the step may have been interrupted since (both in one
    // activation): then the decision fails rather than being acknowledged for a cancelled task.
    const pending = this.pending;
    if (!pending || pending.taskId !== decision.taskId || pending.interrupted || pending.decided) {
      throw ApplicationFailure.nonRetryable(`Task ${decision.taskId} is no longer waiting for a decision.`, 'TaskCancelled');
    }
    pending.decided = decision;
    return { taskId: decision.taskId, step: decision.step, accepted: true as const };
  }

  private positionOf(step: string): number {
    if (!this.stepOrder.includes(step)) this.stepOrder.push(step);
    return this.stepOrder.indexOf(step);
  }

  /** A step nothing interrupts: it ends decided. */
  run(spec: HumanTaskSpec): Promise<HumanTaskDecided>;
  run(spec: HumanTaskSpec, options: HumanTaskOptions): Promise<HumanTaskResult>;
  async run(spec: HumanTaskSpec, options: HumanTaskOptions = {}): Promise<HumanTaskResult> {
    // Already interrupted (a withdrawal came with the previous step's decision): no task is created.
    // (Runs from before this patch created the task and cancelled it at once: their histories hold that.)
    const already = options.interruptWhen?.();
    if (already !== undefined && patched('human-task-interrupted-before-create')) return { outcome: 'interrupted', reason: already };
    const scope = new CancellationScope();
    const deciding = scope.run(() => this.untilDecided(spec));
    // Seen below: awaited when decided, or cancelled with the scope when interrupted.
    deciding.catch(() => undefined);
    const taskId = this.pending?.taskId as string;
    const { interruptWhen } = options;
    if (!interruptWhen) return { outcome: 'decided', ...(await deciding) };
    const reason = await Promise.race([deciding.then(() => undefined), condition(() => interruptWhen() !== undefined).then(interruptWhen)]);
    const pending = this.pending;
    // Decided, or the decision came in before the interruption was seen: the decision stands.
    if (reason === undefined || pending?.decided) return { outcome: 'decided', ...(await deciding) };
    // From here on a decision for the task is refused (by the validator, or by the handler if it was already validated).
    if (pending) pending.interrupted = true;
    scope.cancel();
    await deciding.catch(() => undefined);
    await this.casework.cancelTask({ taskId, reason });
    this.pending = undefined;
    return { outcome: 'interrupted', taskId, reason };
  }

  private async untilDecided(spec: HumanTaskSpec): Promise<Omit<HumanTaskDecided, 'outcome'>> {
    const attempt = (this.attempts.get(spec.step) ?? 0) + 1;
    this.attempts.set(spec.step, attempt);
    const createdAt = Date.now();
    const dueAt = createdAt + spec.dueInMs;
    // The id is the workflow's (deterministic), so a decision can be validated even before casework answers.
    const taskId = uuid4();
    const pending: Pending = { taskId, step: spec.step, dueAt: new Date(dueAt).toISOString() };
    this.pending = pending;
    const excluded = spec.fourEyes?.previousStepDecider ? [spec.fourEyes.previousStepDecider] : [];
    for (const other of spec.fourEyes?.otherDeciders ?? []) if (!excluded.includes(other)) excluded.push(other);
    await this.casework.createTask({
      taskId,
      workflowId: workflowInfo().workflowId,
      step: spec.step,
      attempt,
      stepIndex: this.positionOf(spec.step),
      kind: spec.kind,
      subject: spec.subject,
      place: spec.place,
      candidateRole: spec.candidateRole,
      assigneeId: spec.assigneeId,
      assignment: spec.assignment,
      dueAt: new Date(dueAt).toISOString(),
      priority: spec.priority ?? 3,
      data: spec.data,
      submittedBy: spec.fourEyes?.submittedBy,
      excludedDeciders: spec.fourEyes ? excluded : undefined,
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

    const decided = () => pending.decided !== undefined;
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

    const decision = pending.decided;
    if (!decision) throw new Error('unreachable: the loop ends only once decided');
    await this.casework.completeTask({ taskId, workflowId: workflowInfo().workflowId, step: spec.step, decision });
    return { taskId, decision, remindersSent, escalated };
  }
}
