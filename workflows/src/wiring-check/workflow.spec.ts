import { ApplicationFailure } from '@temporalio/common';
import type { RecordWiringCheckInput, ServiceName, WiringCheckReceipt, WiringCheckResult } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { wiringCheckWorkflow } from './workflow';

/**
 * Workflow logic on the time-skipping test server. Activities here are the workflow's collaborators,
 * played by small fakes; the real ones run in the end-to-end suite. Note: an activity task that no
 * worker polls holds the test server's clock, so the missing-worker case waits its real minute.
 */
describe('wiringCheckWorkflow', () => {
  const env = timeSkippingEnvForSuite();

  const receipt = (service: ServiceName): ((input: RecordWiringCheckInput) => Promise<WiringCheckReceipt>) =>
    async () => ({ service, schema: service, recordedAt: '2026-01-01T00:00:00.000Z', firstWrite: true });

  async function runWith(
    workers: Partial<Record<ServiceName, (input: RecordWiringCheckInput) => Promise<WiringCheckReceipt>>>,
  ): Promise<WiringCheckResult> {
    const activities = Object.fromEntries(Object.entries(workers).map(([service, recordWiringCheck]) => [service, { recordWiringCheck }]));
    return runWithWorkers(env, 'spec', activities, async (prefix) => {
      const handle = await env.client.workflow.start(wiringCheckWorkflow, {
        workflowId: `wiring-check:${prefix}`,
        taskQueue: `${prefix}workflows`,
        args: [{ checkId: prefix, requestedBy: 'spec' }],
      });
      return handle.result();
    });
  }

  it('passes when every service’s worker records the check', async () => {
    const result = await runWith({
      students: receipt('students'),
      schools: receipt('schools'),
      mentoring: receipt('mentoring'),
      casework: receipt('casework'),
    });
    expect(result.ok).toBe(true);
    expect(result.services.every((s) => s.ok)).toBe(true);
  });

  it('names the service whose worker is down, after its minute, and still checks the others', async () => {
    const result = await runWith({
      students: receipt('students'),
      schools: receipt('schools'),
      mentoring: receipt('mentoring'),
      // no casework worker at all
    });
    expect(result.ok).toBe(false);
    expect(result.services.filter((s) => !s.ok).map((s) => s.service)).toEqual(['casework']);
    expect(result.services.find((s) => s.service === 'casework')?.error).toMatch(/timeout/i);
    expect(result.services.filter((s) => s.ok)).toHaveLength(3);
  });

  it('retries a service whose activity fails for a moment, so one blip does not fail the check', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new Error('connection reset');
      return receipt('schools')({ checkId: 'x', requestedBy: 'spec' });
    };
    const result = await runWith({ students: receipt('students'), schools: flaky, mentoring: receipt('mentoring'), casework: receipt('casework') });
    expect(result.ok).toBe(true);
    expect(calls).toBe(3);
  });

  it('reports a service whose activity fails for good at its first attempt, with the reason, not after a minute of retries', async () => {
    let calls = 0;
    const refused = async (): Promise<WiringCheckReceipt> => {
      calls += 1;
      throw ApplicationFailure.nonRetryable('PostgreSQL refused the data (SQLSTATE 22021): invalid byte sequence', 'PostgresDataError');
    };
    const result = await runWith({ students: receipt('students'), schools: refused, mentoring: receipt('mentoring'), casework: receipt('casework') });
    expect(result.ok).toBe(false);
    expect(calls).toBe(1);
    expect(result.services.find((s) => s.service === 'schools')).toMatchObject({ ok: false, error: expect.stringContaining('SQLSTATE 22021') });
  });
});
