import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { AidApplicationInput, AidEligibilityFacts, CaseworkActivities, StudentsAidActivities, TaskDecision } from '@eduaid/contracts';
import { workerOptionsFor, workerTuningFrom } from '../../libs/platform/src/temporal/worker-tuning';
import { WORKFLOWS_SOURCE, workflowBundleOptions } from '../../workflows/src/worker-options';
import { startBenchEnvironment } from './bench-environment';

/**
 * `npm run bench:workflows [N]`: N aid applications decided automatically (two approvals each,
 * eight activities, two updates) and, on the same server with the same worker settings, N bare
 * workflows with the same activities and updates doing nothing. Prints both throughputs and their
 * ratio; a figure, not a test.
 */
const N = Number(process.argv[2] ?? process.env.BENCH_N ?? 200);
const STUDENT = '7c6e2f8a-3b1d-4e5f-9a8b-1c2d3e4f5a6b';

async function main(): Promise<void> {
  const env = await startBenchEnvironment();
  const address = process.env.TEMPORAL_ADDRESS as string;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address });
  const prefix = `bench-${Date.now()}-`;
  const fire = (workflowId: string, update: string, args: unknown[]) =>
    setImmediate(() => void client.workflow.getHandle(workflowId).executeUpdate(update, { args } as never).catch(() => undefined));
  const facts = (studentId: string): AidEligibilityFacts => ({ found: true, studentId, academicYear: '2026-2027', stage: 'junior-secondary', grade: 2, boarding: true, specialHardship: false, householdStatus: 'poor', ruralHousehold: true, enrolmentConfirmed: true, alreadyPaid: [], reasons: [] });
  const casework: CaseworkActivities = {
    // Automatic decisions: the task's creation triggers its approval.
    createTask: async (input) => {
      const decision: TaskDecision = { taskId: input.taskId, step: input.step, decision: 'approve', decidedBy: `bench-approver-${input.stepIndex}`, decidedAt: new Date().toISOString() };
      fire(input.workflowId, 'decideTask', [decision]);
      return { taskId: input.taskId, assigneeId: null, created: true };
    },
    completeTask: async () => undefined,
    remindTask: async () => undefined,
    escalateTask: async (input) => ({ taskId: input.taskId, escalatedTo: null }),
    releaseIdleClaim: async () => false,
    cancelTask: async () => undefined,
  };
  const students: StudentsAidActivities & { benchNoop(input: { fireUpdate: boolean }): Promise<void> } = {
    recordAidTransition: async (input) => ({ applied: true, planned: input.ledger?.plan?.lines.length ?? 0, cancelled: 0 }),
    readAidEligibility: async (input) => facts(input.studentId),
    planAidPayments: async (input) => ({ planned: input.lines.length }),
    cancelAidPayments: async () => ({ cancelled: 0 }),
    disburseAidPayments: async (input) => ({ semester: input.semester, paid: 1, alreadyPaid: 0, failed: [], cancelled: 0 }),
    bankAccountOnFile: async () => true,
    readAidApplication: async () => undefined,
    handAidPaymentsToCycles: async () => ({ handed: 0 }),
    benchNoop: async function (this: unknown, input) {
      if (input.fireUpdate) {
        const { Context } = await import('@temporalio/activity');
        fire(Context.current().info.workflowExecution?.workflowId as string, 'benchPoke', []);
      }
    },
  };
  // The benchmark's own bundle: the aid application beside its bare baseline, which stays out of the production bundle.
  const bundle = await bundleWorkflowCode({ ...workflowBundleOptions, workflowsPath: path.join(path.dirname(WORKFLOWS_SOURCE), '..', '..', 'tests', 'benchmarks', 'bench-workflows.ts') });
  // The workers run with the tuning production runs (EDUAID_WORKER_* over the defaults), so a value can be measured here.
  const tuning = { workflows: workerTuningFrom(process.env, 'workflows'), activities: workerTuningFrom(process.env, 'activities') };
  const problems = [...tuning.workflows.problems, ...tuning.activities.problems];
  if (problems.length) throw new Error(problems.join('; '));
  console.log(`worker tuning: workflows ${JSON.stringify(workerOptionsFor(tuning.workflows.tuning, 'workflows'))}, activities ${JSON.stringify(workerOptionsFor(tuning.activities.tuning, 'activities'))}`);
  const workers = await Promise.all([
    Worker.create({ connection: native, taskQueue: `${prefix}workflows`, workflowBundle: bundle, ...workerOptionsFor(tuning.workflows.tuning, 'workflows') }),
    Worker.create({ connection: native, taskQueue: `${prefix}casework`, activities: casework, ...workerOptionsFor(tuning.activities.tuning, 'activities') }),
    Worker.create({ connection: native, taskQueue: `${prefix}students`, activities: students, ...workerOptionsFor(tuning.activities.tuning, 'activities') }),
  ]);
  const running = workers.map((w) => w.run());

  // A long poll for a result that outlives its deadline on a busy server is asked again, not a failure.
  const resultOf = async (workflowId: string): Promise<unknown> => {
    for (;;) {
      try {
        return await client.workflow.getHandle(workflowId).result();
      } catch (error) {
        if (!/DEADLINE_EXCEEDED/.test(String((error as { cause?: unknown }).cause ?? error))) throw error;
      }
    }
  };
  const measure = async (label: string, start: (i: number) => Promise<{ workflowId: string }>) => {
    const t0 = Date.now();
    // This process holds the workers (and their sticky cache): its peak resident memory while the workflows run.
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const handles = await Promise.all(Array.from({ length: N }, (_, i) => start(i)));
    await Promise.all(handles.map((h) => resultOf(h.workflowId)));
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    let events = 0;
    for (const h of handles) events += (await client.workflow.getHandle(h.workflowId).describe()).historyLength ?? 0;
    const r = { label, seconds, workflowsPerSecond: N / seconds, transitionsPerSecond: events / seconds, eventsPerWorkflow: events / N };
    console.log(`${label.padEnd(18)} ${N} workflows in ${seconds.toFixed(2)} s: ${r.workflowsPerSecond.toFixed(1)} workflows/s, ${r.transitionsPerSecond.toFixed(0)} state transitions (history events)/s, ${r.eventsPerWorkflow.toFixed(0)} events each, peak RSS ${(peakRss / 1048576).toFixed(0)} MiB`);
    return r;
  };

  const input = (i: number): AidApplicationInput => ({
    studentId: STUDENT,
    academicYear: '2026-2027',
    submittedBy: 'bench-caseworker',
    villageCode: '420102001001',
    countyCode: '420102',
    settings: { stepDueMs: 5 * 86_400_000, remindBeforeMs: [86_400_000], escalateAfterMs: 86_400_000, appealWindowMs: 15 * 86_400_000, waitForSemesterStart: false, searchAttributes: true },
  });
  // Warm up the worker (bundle load, connections) before measuring.
  await client.workflow.execute('bareBenchWorkflow', { workflowId: `${prefix}warm`, taskQueue: `${prefix}workflows`, args: [2, [0]] });
  const aid = await measure('aid application', (i) => client.workflow.start('aidApplicationWorkflow', { workflowId: `aid-application:${prefix}${i}:2026-2027`, taskQueue: `${prefix}workflows`, args: [input(i)] }));
  const bare = await measure('bare workflow', (i) => client.workflow.start('bareBenchWorkflow', { workflowId: `${prefix}bare-${i}`, taskQueue: `${prefix}workflows`, args: [8, [1, 3]] }));
  console.log(`ratio aid/bare: ${(aid.workflowsPerSecond / bare.workflowsPerSecond).toFixed(2)} (workflows/s), ${(aid.transitionsPerSecond / bare.transitionsPerSecond).toFixed(2)} (state transitions/s)`);

  for (const w of workers) w.shutdown();
  await Promise.all(running);
  await native.close();
  await connection.close();
  await env.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
