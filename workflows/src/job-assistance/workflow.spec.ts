import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowHandle } from '@temporalio/client';
import type {
  CaseworkActivities,
  CaseworkGraduateActivities,
  CreateTaskInput,
  JobAssistanceInput,
  JobCaseTransition,
  MentoringActivities,
  MentorReminderInput,
  TaskDecision,
} from '@eduaid/contracts';
import { DEFAULT_JOB_ASSISTANCE_SETTINGS } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { caseStatusQuery, claimOutcomeUpdate, confirmCheckInUpdate, mentorsChangedSignal, recordAssessmentUpdate, recordPlanUpdate, reportJobLostUpdate } from './messages';
import { jobAssistanceWorkflow } from './workflow';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GRADUATE = '5b0f6a1e-9d3c-4e2a-8f71-2c4d6e8a0b13';

/**
 * A job-assistance case on the time-skipping server: a year of fortnightly check-ins across several
 * runs (continue-as-new), a missed check-in reminding the mentor and then becoming the supervisor's
 * task, a reassignment mid-year, an outcome verified, a job lost in the follow-up window reopening
 * the case, and the 6-month follow-up closing it. The services' activities are played by recorders.
 */
describe('jobAssistanceWorkflow over a year', () => {
  /**
   * Each test makes over a hundred calls to the test server; on the 2-core machine loaded >10× over, the
   * two took 107–121 s together. A stall is caught by the 60 s deadline on each call (below), which shuts
   * the workers down; this only keeps jest's own timeout from cutting a slow but healthy run short.
   */
  const TEST_TIMEOUT_MS = 300_000;

  const env = timeSkippingEnvForSuite();

  function recorders() {
    const calls: { name: string; input: unknown }[] = [];
    const named = <T>(name: string) => calls.filter((c) => c.name === name).map((c) => c.input as T);
    const casework: CaseworkActivities & CaseworkGraduateActivities = {
      createTask: async (input: CreateTaskInput) => (calls.push({ name: 'createTask', input }), { taskId: input.taskId, assigneeId: 'sup-1', created: true }),
      completeTask: async (input) => void calls.push({ name: 'completeTask', input }),
      remindTask: async (input) => void calls.push({ name: 'remindTask', input }),
      escalateTask: async (input) => (calls.push({ name: 'escalateTask', input }), { taskId: input.taskId, escalatedTo: null }),
      releaseIdleClaim: async () => false,
      cancelTask: async (input) => void calls.push({ name: 'cancelTask', input }),
      ensureGraduateAccount: async (input) => (calls.push({ name: 'ensureGraduateAccount', input }), { userId: input.userId, username: input.userId, created: true }),
    };
    const mentoring: MentoringActivities = {
      linkGraduate: async () => {
        throw new Error('not used here');
      },
      recordJobCase: async (input) => (calls.push({ name: 'record', input }), { applied: true }),
      remindMentor: async (input) => void calls.push({ name: 'remindMentor', input }),
    };
    return { calls, named, casework, mentoring };
  }

  const input = (periodsPerRun: number): JobAssistanceInput => ({
    graduateId: GRADUATE,
    graduateUserId: `graduate-${GRADUATE}`,
    displayName: '李明',
    openedBy: 'cw-1',
    place: { divisionCode: '420102001001', schoolCode: '4201020001' },
    mentorUserIds: ['mentor-1'],
    leadMentorUserId: 'mentor-1',
    settings: { ...DEFAULT_JOB_ASSISTANCE_SETTINGS, periodsPerRun },
  });

  const run = <T>(rec: ReturnType<typeof recorders>, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'job', { casework: rec.casework, mentoring: rec.mentoring }, body);

  const decision = (taskId: string, step: string, decidedBy: string, d: TaskDecision['decision'], comment?: string): TaskDecision => ({ taskId, step, decision: d, decidedBy, decidedAt: new Date().toISOString(), comment });

  /**
   * Every call to the test server is given a deadline: should one stall, the test fails naming it, and
   * `run` shuts its workers down, instead of jest's timeout leaving them (and this call) running into
   * the next suite.
   */
  const CALL_DEADLINE_MS = 60_000;
  const within = <T>(what: string, call: () => Promise<T>): Promise<T> =>
    env.connection.withDeadline(Date.now() + CALL_DEADLINE_MS, call).catch((error: unknown) => {
      throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
    });

  async function until<T>(read: () => Promise<T>, ok: (t: T) => boolean, what = 'a condition'): Promise<T> {
    const deadline = Date.now() + CALL_DEADLINE_MS;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The workflow's reason for refusing an Update (its validator's message). */
  const refusal = (update: Promise<unknown>) => update.then(() => 'accepted', (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e));
  const latest = (prefix: string) => env.client.workflow.getHandle(`job-assistance:${GRADUATE}-${prefix}`);
  const status = (handle: WorkflowHandle) => within('the case status query', () => handle.query(caseStatusQuery));
  const pending = (handle: WorkflowHandle) => within('the pending task query', () => handle.query(pendingTaskQuery));
  const sleep = (ms: number) => within(`a ${ms / DAY}-day sleep`, () => env.sleep(ms));

  /**
   * After a period that ends a run: waits, reading only the server's own records (describe and history,
   * which no worker answers), until the case runs on as a new run and that run has finished its first
   * workflow task. Only then does the test query or update it again. A query or update sent while the
   * run is continuing-as-new could stall the time-skipping test server for minutes (it held time, so
   * every later sleep and result waited too); under load that moment lasts long enough to be hit.
   */
  async function nextRun(prefix: string, previousRunId: string): Promise<void> {
    await until(
      async () => {
        const { runId } = await within('describe', () => latest(prefix).describe());
        if (runId === previousRunId) return false;
        const history = await within('the new run\'s history', () => env.client.workflow.getHandle(latest(prefix).workflowId, runId).fetchHistory());
        return (history.events ?? []).some((e) => e.workflowTaskCompletedEventAttributes);
      },
      (started) => started,
      'the next run',
    );
  }

  async function startAndPlan(prefix: string, periodsPerRun: number) {
    const handle = await env.client.workflow.start(jobAssistanceWorkflow, { workflowId: `job-assistance:${GRADUATE}-${prefix}`, taskQueue: `${prefix}workflows`, args: [input(periodsPerRun)] });
    await until(() => status(handle), (s) => s.phase === 'assessment');
    await expect(refusal(handle.executeUpdate(recordPlanUpdate, { args: [{ by: 'mentor-1', plan: 'too early' }] }))).resolves.toMatch(/not waiting for a plan/);
    await expect(refusal(handle.executeUpdate(recordAssessmentUpdate, { args: [{ by: 'someone-else', needs: 'x' }] }))).resolves.toMatch(/not a mentor/);
    await handle.executeUpdate(recordAssessmentUpdate, { args: [{ by: 'mentor-1', needs: 'CV and interview practice' }] });
    const planned = await handle.executeUpdate(recordPlanUpdate, { args: [{ by: 'mentor-1', plan: 'two job fairs a month' }] });
    expect(planned.phase).toBe('check-ins');
    return handle;
  }

  it('holds a year of check-ins across runs: a missed one reminds the mentor, then the supervisor decides; a reassignment holds; the state survives continue-as-new', async () => {
    const rec = recorders();
    const periodsPerRun = 6;
    const outcome = await run(rec, async (prefix) => {
      await startAndPlan(prefix, periodsPerRun);
      let supervisorTask: { taskId: string; step: string } | undefined;
      for (let period = 1; period <= 26; period++) {
        const handle = latest(prefix);
        const { runId } = await within('describe', () => handle.describe());
        // Period 5 is missed (not a run's last period, so nothing here meets a continue-as-new).
        if (period === 5) {
          // Missed: at the due time the mentor is reminded; three days later the supervisor gets a task.
          await sleep(14 * DAY + HOUR);
          await until(async () => rec.named('remindMentor').length, (n) => n === 1, 'the mentor\'s reminder');
          await sleep(3 * DAY);
          supervisorTask = await until(() => pending(handle), (p) => p?.step === 'missed-check-in', 'the supervisor\'s task') as { taskId: string; step: string };
          const task = supervisorTask;
          await within('the supervisor\'s decision', () => handle.executeUpdate(decideTaskUpdate, { args: [decision(task.taskId, 'missed-check-in', 'sup-1', 'approve', 'called the graduate; back on track')] }));
          await until(() => status(handle), (s) => s.recent.some((e) => e.kind === 'escalation-handled'), 'the escalation handled');
        } else {
          if (period === 10) await within('the mentors changed signal', () => handle.signal(mentorsChangedSignal, { by: 'cw-1', mentorUserIds: ['mentor-2', 'mentor-3'], leadMentorUserId: 'mentor-2', reason: 'mentor-1 left' }));
          await sleep(13 * DAY);
          const who = period >= 10 ? 'mentor-2' : 'mentor-1';
          const checkIns = (await status(handle)).checkIns;
          await within('a check-in', () => handle.executeUpdate(confirmCheckInUpdate, { args: [period % 2 ? { by: `graduate-${GRADUATE}`, role: 'graduate' } : { by: who, role: 'mentor', note: `period ${period}` }] }));
          // The run's last period: the case continues as a new run, and the check-in is seen there.
          if (period % periodsPerRun === 0) await nextRun(prefix, runId);
          await until(() => status(latest(prefix)), (s) => s.checkIns === checkIns + 1, `check-in ${period}`);
        }
      }
      // The old mentor is no longer on the case.
      await expect(refusal(latest(prefix).executeUpdate(confirmCheckInUpdate, { args: [{ by: 'mentor-1', role: 'mentor' }] }))).resolves.toMatch(/not a mentor/);
      const final = await status(latest(prefix));
      const history = await latest(prefix).fetchHistory();
      await latest(prefix).terminate('test over');
      return { final, history, supervisorTask };
    });
    const { final } = outcome;
    expect(final.phase).toBe('check-ins');
    expect(final.checkIns).toBe(25);
    expect(final.missed).toBe(1);
    expect(final.mentorUserIds).toEqual(['mentor-2', 'mentor-3']);
    expect(final.leadMentorUserId).toBe('mentor-2');
    // 26 periods at 6 a run: the case has continued-as-new four times, its counts intact.
    expect(final.runs).toBeGreaterThanOrEqual(5);
    const reminders = rec.named<MentorReminderInput>('remindMentor');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].mentorUserIds).toEqual(['mentor-1']);
    const tasks = rec.named<CreateTaskInput>('createTask');
    expect(tasks.map((t) => [t.kind, t.candidateRole])).toEqual([['job-missed-check-in', 'supervisor']]);
    expect(rec.named('completeTask')).toHaveLength(1);
    // Every transition was written, in order, with increasing sequence numbers across runs.
    const records = rec.named<JobCaseTransition>('record');
    const seqs = records.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(Math.max(...seqs));
    expect(records.map((r) => r.event.kind)).toEqual(expect.arrayContaining(['opened', 'needs-assessed', 'plan-agreed', 'check-in-missed', 'escalation-handled', 'mentors-changed', 'check-in']));
    expect(rec.named('ensureGraduateAccount')).toHaveLength(1);
    // The last run's history stays small: one run holds at most `periodsPerRun` periods.
    expect(outcome.history.events?.length ?? 0).toBeLessThan(400);
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'job-assistance-continued-run.json'), JSON.stringify(outcome.history));
    }
  }, TEST_TIMEOUT_MS);

  it('verifies a claimed outcome, reopens on a job lost within the window, and closes after the 6-month follow-up', async () => {
    const rec = recorders();
    const { result, history } = await run(rec, async (prefix) => {
      const handle = await startAndPlan(prefix, 26);
      await sleep(10 * DAY);
      await within('an update', () => handle.executeUpdate(claimOutcomeUpdate, { args: [{ by: `graduate-${GRADUATE}`, role: 'graduate', outcome: 'employed', employer: '光谷软件' }] }));
      let task = await until(() => pending(handle), (p) => p?.step === 'verify-outcome') as { taskId: string };
      await within('an update', () => handle.executeUpdate(decideTaskUpdate, { args: [decision(task.taskId, 'verify-outcome', 'cw-2', 'approve', 'contract seen')] }));
      await until(() => status(handle), (s) => s.phase === 'follow-up' && s.outcome === 'employed');
      // Two months in, the job is lost: the case reopens and check-ins start again.
      await sleep(60 * DAY);
      const reopened = await within('an update', () => handle.executeUpdate(reportJobLostUpdate, { args: [{ by: 'mentor-1', note: 'company closed' }] }));
      expect(reopened.phase).toBe('check-ins');
      await within('an update', () => handle.executeUpdate(confirmCheckInUpdate, { args: [{ by: 'mentor-1', role: 'mentor' }] }));
      await within('an update', () => handle.executeUpdate(claimOutcomeUpdate, { args: [{ by: 'mentor-1', role: 'mentor', outcome: 'employed', employer: '武汉某公司' }] }));
      task = await until(() => pending(handle), (p) => p?.step === 'verify-outcome' && p.taskId !== task.taskId) as { taskId: string };
      // Four eyes: the claimant is named so casework refuses them as the verifier.
      expect(rec.named<CreateTaskInput>('createTask').pop()?.submittedBy).toBe('mentor-1');
      await within('an update', () => handle.executeUpdate(decideTaskUpdate, { args: [decision(task.taskId, 'verify-outcome', 'cw-2', 'approve')] }));
      const result = await within('the case\'s result', () => handle.result()); // skips the 3- and 6-month follow-ups
      return { result, history: await handle.fetchHistory() };
    });
    expect(result.phase).toBe('closed');
    expect(result.outcome).toBe('employed');
    expect(result.reopened).toBe(1);
    const kinds = rec.named<JobCaseTransition>('record').map((r) => r.event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['outcome-claimed', 'outcome-verified', 'reopened', 'follow-up', 'closed']));
    expect(kinds.filter((k) => k === 'follow-up')).toHaveLength(2);
    const last = rec.named<JobCaseTransition>('record').pop();
    expect(last?.status.phase).toBe('closed');
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'job-assistance-reopened-and-closed.json'), JSON.stringify(history));
    }
  }, TEST_TIMEOUT_MS);
});
