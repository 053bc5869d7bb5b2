import { randomUUID } from 'node:crypto';
import { Client, Connection, ScheduleOverlapPolicy } from '@temporalio/client';
import { ensureWorkflowSchedule } from './workflow-schedule';

/** Against the suite's Temporal dev server (jest's global setup): what the Temporal UI would show. */
describe('ensureWorkflowSchedule', () => {
  let connection: Connection;
  let client: Client;
  const scheduleId = `schedule-spec:${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS as string });
    client = new Client({ connection, namespace: 'default' });
  });
  afterAll(async () => {
    await client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    await connection.close();
  });

  it('creates the Schedule once, skipping overlaps, on the prefixed workflows queue; a second start leaves it as it is', async () => {
    const schedule = { scheduleId, spec: { cronExpressions: ['0 3 * * *'] }, catchupWindow: '1 day' as const, workflowType: 'someWorkflow', args: [{ n: 1 }], description: 'made by the spec' };
    expect(await ensureWorkflowSchedule(client, 'spec-', schedule)).toBe(true);
    expect(await ensureWorkflowSchedule(client, 'spec-', { ...schedule, args: [{ n: 2 }], description: 'a second start' })).toBe(false);

    const made = await client.schedule.getHandle(scheduleId).describe();
    expect(made.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(made.policies.catchupWindow).toBe(24 * 60 * 60 * 1000);
    expect(made.action).toMatchObject({ type: 'startWorkflow', workflowType: 'someWorkflow', taskQueue: 'spec-workflows', args: [{ n: 1 }] });
    expect(made.memo).toEqual({ description: 'made by the spec' });
  });

  it('lets any other failure through', async () => {
    await expect(ensureWorkflowSchedule(client, 'spec-', { scheduleId: `${scheduleId}-bad`, spec: { cronExpressions: ['not a cron'] }, catchupWindow: '1 day', workflowType: 'someWorkflow', args: [] })).rejects.toThrow();
  });
});
