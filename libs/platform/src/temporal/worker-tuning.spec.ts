import { ConfigurationError, loadCommonConfig, loadServiceConfig } from '../config/service-config';
import { DEFAULT_WORKER_TUNING, workerOptionsFor, workerTuningFrom } from './worker-tuning';

const good = { DATABASE_URL: 'postgres://u:p@localhost:5432/eduaid', TEMPORAL_ADDRESS: '127.0.0.1:7233', AUTH_TOKEN_SECRET: 'x'.repeat(32) };

describe('worker tuning from configuration', () => {
  it('has the SDK’s defaults: 100 activity slots in a service, 40 workflow-task slots and the SDK’s own cache size in the workflow worker', () => {
    expect(loadServiceConfig('students', good).worker).toEqual(DEFAULT_WORKER_TUNING.activities);
    expect(workerOptionsFor(loadServiceConfig('students', good).worker, 'activities')).toEqual({ maxConcurrentActivityTaskExecutions: 100 });
    expect(workerOptionsFor(loadCommonConfig(good).worker, 'workflows')).toEqual({ maxConcurrentWorkflowTaskExecutions: 40 });
  });

  it('takes good values and turns them into the Worker options of each role', () => {
    const env = { ...good, EDUAID_WORKER_MAX_CONCURRENT_ACTIVITIES: '8', EDUAID_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '60', EDUAID_WORKER_MAX_CACHED_WORKFLOWS: '0' };
    expect(workerOptionsFor(loadServiceConfig('casework', env).worker, 'activities')).toEqual({ maxConcurrentActivityTaskExecutions: 8 });
    expect(workerOptionsFor(loadCommonConfig(env).worker, 'workflows')).toEqual({ maxConcurrentWorkflowTaskExecutions: 60, maxCachedWorkflows: 0 });
  });

  it('gives the resource-based slot suppliers their targets instead of slot counts (the SDK refuses both)', () => {
    const { tuning, problems } = workerTuningFrom({ EDUAID_WORKER_TUNER: 'resource-based', EDUAID_WORKER_TARGET_MEMORY: '0.7', EDUAID_WORKER_TARGET_CPU: '0.85' }, 'workflows');
    expect(problems).toEqual([]);
    expect(workerOptionsFor(tuning, 'workflows')).toEqual({ tuner: { tunerOptions: { targetMemoryUsage: 0.7, targetCpuUsage: 0.85 } } });
    expect(workerOptionsFor({ ...tuning, maxCachedWorkflows: 500 }, 'workflows')).toEqual({ maxCachedWorkflows: 500, tuner: { tunerOptions: { targetMemoryUsage: 0.7, targetCpuUsage: 0.85 } } });
    expect(workerOptionsFor(tuning, 'activities')).toEqual({ tuner: { tunerOptions: { targetMemoryUsage: 0.7, targetCpuUsage: 0.85 } } });
  });

  it('stops the start naming each bad value', () => {
    let error: unknown;
    try {
      loadServiceConfig('students', {
        ...good,
        EDUAID_WORKER_MAX_CONCURRENT_ACTIVITIES: '0',
        EDUAID_WORKER_MAX_CACHED_WORKFLOWS: 'lots',
        EDUAID_WORKER_TUNER: 'magic',
        EDUAID_WORKER_TARGET_CPU: '1.5',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'EDUAID_WORKER_MAX_CONCURRENT_ACTIVITIES must be a whole number between 1 and 1000',
      'EDUAID_WORKER_MAX_CACHED_WORKFLOWS must be a whole number between 0 and 100000',
      'EDUAID_WORKER_TUNER must be fixed or resource-based',
      'EDUAID_WORKER_TARGET_CPU must be a share between 0.1 and 0.95, e.g. 0.8',
    ]);
    expect(() => loadCommonConfig({ ...good, EDUAID_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/EDUAID_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number between 2 and 1000/);
  });
});
