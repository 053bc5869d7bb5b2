import type { WorkerOptions } from '@temporalio/worker';

/**
 * How many tasks a Temporal worker runs at once and how many workflows it keeps in its sticky cache,
 * read from the environment and validated at start like every other setting:
 *
 * | variable | range | default | what |
 * |---|---|---|---|
 * | EDUAID_WORKER_MAX_CONCURRENT_ACTIVITIES | 1–1000 | 100 (the SDK's) | activity slots of a service's worker |
 * | EDUAID_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS | 2–1000 | 40 (the SDK's) | workflow-task slots of the workflow worker |
 * | EDUAID_WORKER_MAX_CACHED_WORKFLOWS | 0–100000 | the SDK's (sized from the heap) | sticky cache of the workflow worker (0: no cache) |
 * | EDUAID_WORKER_TUNER | fixed, resource-based | fixed | resource-based: slots handed out while the process stays under the targets below |
 * | EDUAID_WORKER_TARGET_MEMORY / EDUAID_WORKER_TARGET_CPU | 0.1–0.95 | 0.8 / 0.9 | the resource-based tuner's targets (share of memory, of CPU) |
 *
 * The defaults are the SDK's, what eduaid ran with before these settings existed: the figures
 * measured here (README, "Worker tuning") did not show another value to be better for every
 * workflow. A sticky cache of none made the aid application faster in bench:workflows and the bare
 * workflow slower, so the cache is a value to measure per deployment, not to guess.
 */
export interface WorkerTuning {
  tuner: 'fixed' | 'resource-based';
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /** Undefined: the SDK's default. */
  maxCachedWorkflows?: number;
  targetMemory: number;
  targetCpu: number;
}

export type WorkerRole = 'activities' | 'workflows';

export const DEFAULT_WORKER_TUNING: Record<WorkerRole, WorkerTuning> = {
  activities: { tuner: 'fixed', maxConcurrentActivities: 100, maxConcurrentWorkflowTasks: 40, targetMemory: 0.8, targetCpu: 0.9 },
  workflows: { tuner: 'fixed', maxConcurrentActivities: 100, maxConcurrentWorkflowTasks: 40, targetMemory: 0.8, targetCpu: 0.9 },
};

export const WORKER_TUNING_VARIABLES = {
  maxConcurrentActivities: 'EDUAID_WORKER_MAX_CONCURRENT_ACTIVITIES',
  maxConcurrentWorkflowTasks: 'EDUAID_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
  maxCachedWorkflows: 'EDUAID_WORKER_MAX_CACHED_WORKFLOWS',
  tuner: 'EDUAID_WORKER_TUNER',
  targetMemory: 'EDUAID_WORKER_TARGET_MEMORY',
  targetCpu: 'EDUAID_WORKER_TARGET_CPU',
} as const;

const INTEGER_RANGES = {
  maxConcurrentActivities: [1, 1000],
  maxConcurrentWorkflowTasks: [2, 1000],
  maxCachedWorkflows: [0, 100_000],
} as const;

const SHARE_RANGE = [0.1, 0.95] as const;

/** The tuning for a worker of this role: the environment over the defaults, and a message for each bad value. */
export function workerTuningFrom(env: Record<string, string | undefined>, role: WorkerRole): { tuning: WorkerTuning; problems: string[] } {
  const tuning: WorkerTuning = { ...DEFAULT_WORKER_TUNING[role] };
  const problems: string[] = [];
  const given = (name: string) => {
    const raw = env[name];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  for (const key of Object.keys(INTEGER_RANGES) as (keyof typeof INTEGER_RANGES)[]) {
    const name = WORKER_TUNING_VARIABLES[key];
    const raw = given(name);
    if (raw === undefined) continue;
    const [min, max] = INTEGER_RANGES[key];
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) problems.push(`${name} must be a whole number between ${min} and ${max}`);
    else tuning[key] = value;
  }
  const tuner = given(WORKER_TUNING_VARIABLES.tuner);
  if (tuner !== undefined) {
    if (tuner === 'fixed' || tuner === 'resource-based') tuning.tuner = tuner;
    else problems.push(`${WORKER_TUNING_VARIABLES.tuner} must be fixed or resource-based`);
  }
  for (const key of ['targetMemory', 'targetCpu'] as const) {
    const name = WORKER_TUNING_VARIABLES[key];
    const raw = given(name);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < SHARE_RANGE[0] || value > SHARE_RANGE[1]) problems.push(`${name} must be a share between ${SHARE_RANGE[0]} and ${SHARE_RANGE[1]}, e.g. 0.8`);
    else tuning[key] = value;
  }
  if (tuning.maxCachedWorkflows !== 0 && tuning.maxConcurrentWorkflowTasks < 2) {
    problems.push(`${WORKER_TUNING_VARIABLES.maxConcurrentWorkflowTasks} must be at least 2 while ${WORKER_TUNING_VARIABLES.maxCachedWorkflows} is not 0`);
  }
  return { tuning, problems };
}

/**
 * The Worker options for a tuning: fixed slot counts, or the SDK's resource-based slot suppliers
 * (which replace the slot counts; the SDK refuses both at once).
 */
export function workerOptionsFor(tuning: WorkerTuning, role: WorkerRole): Partial<WorkerOptions> {
  const cache = role === 'workflows' && tuning.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: tuning.maxCachedWorkflows } : {};
  if (tuning.tuner === 'resource-based') {
    return { ...cache, tuner: { tunerOptions: { targetMemoryUsage: tuning.targetMemory, targetCpuUsage: tuning.targetCpu } } };
  }
  return role === 'workflows'
    ? { ...cache, maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks }
    : { maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities };
}
