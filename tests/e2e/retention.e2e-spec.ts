import { RETENTION_WORKFLOW, RetentionResult, WORKFLOW_TASK_QUEUE, taskQueueName } from '@eduaid/contracts';
import { EduaidHarness, eventually, startEduaid } from '@eduaid/testing';
import { ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { schoolsService } from '../../services/schools/src/schools.service';
import { retentionScheduleId } from '../../services/students/src/retention/retention-schedule.service';
import { studentsService } from '../../services/students/src/students.service';

/** Retention: a Temporal Schedule purges records closed longer than the retention period. */
describe('retention of personal data', () => {
  let eduaid: EduaidHarness;
  let admin: Record<string, string>;
  const province = new SyntheticProvince(scopeAt(0.001));

  beforeAll(async () => {
    eduaid = await startEduaid('retention', [studentsService, schoolsService]);
    admin = await eduaid.authAs();
    await eduaid.http('schools').post('/admin/synthetic-province', { fraction: 0.001 }, admin);
  });

  afterAll(async () => {
    await eduaid?.close();
  });

  async function importYear(startYear: number): Promise<string[]> {
    const rows = [...province.roster(startYear)];
    const csv = [ROSTER_COLUMNS.join(','), ...rows.map(rosterCsvLine)].join('\n');
    const started = await eduaid.http('students').post<{ importId: string }>(`/roster-imports?fileName=${startYear}.csv`, csv, { ...admin, 'content-type': 'text/csv' });
    const done = await eventually(
      async () => (await eduaid.http('students').get<{ status: string; rowsAccepted: number }>(`/roster-imports/${started.body.importId}`, admin)).body,
      (s) => s.status === 'completed',
      60_000,
    );
    expect(done.rowsAccepted).toBe(rows.length);
    return rows.map((r) => r.national_id);
  }

  it('registers a daily schedule when the service starts', async () => {
    const schedule = await eventually(
      () => eduaid.temporal.schedule.getHandle(retentionScheduleId(eduaid.taskQueuePrefix)).describe().catch(() => undefined),
      (found) => found !== undefined,
      15_000,
    ).then((found) => found as NonNullable<typeof found>);
    expect(schedule.spec).toBeDefined();
    expect(schedule.policies.overlap).toBeDefined();
    expect(schedule.action.type).toBe('startWorkflow');
  });

  it('purges students whose last enrolment is older than the period, and keeps current ones', async () => {
    const enrolledIn2015 = await importYear(2015);
    const enrolledIn2024 = new Set(await importYear(2024));
    // Closed long ago: enrolled in 2015-2016 and not since (the generator reuses some IDs across years).
    const old = enrolledIn2015.filter((id) => !enrolledIn2024.has(id)).length;
    const current = enrolledIn2024.size;
    const count = async () => Number((await eduaid.db.query<{ n: string }>('SELECT count(*) AS n FROM students.students'))[0].n);
    expect(await count()).toBe(old + current);
    expect(old).toBeGreaterThan(0);

    const result: RetentionResult = await eduaid.temporal.workflow.execute(RETENTION_WORKFLOW, {
      workflowId: `retention-test:${eduaid.taskQueuePrefix}`,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
      args: [{ retentionYears: 5, batchSize: 100 }],
    });
    expect(result.studentsPurged).toBe(old);
    expect(await count()).toBe(current);
    // Old enrolments remain only for students who are enrolled now too.
    const [{ n: oldLeft }] = await eduaid.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM students.enrolments e WHERE e.academic_year = '2015-2016'
       AND NOT EXISTS (SELECT 1 FROM students.enrolments now WHERE now.student_id = e.student_id AND now.academic_year = '2024-2025')`,
    );
    expect(Number(oldLeft)).toBe(0);
    const [{ n: orphans }] = await eduaid.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM students.households h WHERE NOT EXISTS (SELECT 1 FROM students.students s WHERE s.household_id = h.id)',
    );
    expect(Number(orphans)).toBe(0);

    // Running it again finds nothing more to do.
    const again: RetentionResult = await eduaid.temporal.workflow.execute(RETENTION_WORKFLOW, {
      workflowId: `retention-test-2:${eduaid.taskQueuePrefix}`,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
      args: [{ retentionYears: 5 }],
    });
    expect(again).toMatchObject({ studentsPurged: 0, householdsPurged: 0 });
  });
});
