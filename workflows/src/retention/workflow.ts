import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { RetentionInput, RetentionResult, StudentsRetentionActivities, activityTaskQueue } from '@eduaid/contracts';

/**
 * Purges personal data whose retention period has passed, run by a Temporal Schedule: students whose
 * last enrolment is older than the period (their enrolments go with them), households left with no
 * students, and old roster imports with their error reports. Each purge is a batch activity that
 * can simply be run again; the audit logs keep only ids, never the personal data itself.
 */
export async function retentionWorkflow(input: RetentionInput): Promise<RetentionResult> {
  const students = proxyActivities<StudentsRetentionActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
  });
  const batchSize = input.batchSize ?? 5000;
  // Workflow time is deterministic (the time this run started, replayed identically).
  const now = new Date(Date.now());
  const currentAcademicYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const cutoffYear = currentAcademicYear - input.retentionYears;
  const before = new Date(Date.UTC(now.getUTCFullYear() - input.retentionYears, now.getUTCMonth(), now.getUTCDate())).toISOString();

  const drain = async (step: () => Promise<{ purged: number; more: boolean }>) => {
    let total = 0;
    for (;;) {
      const batch = await step();
      total += batch.purged;
      if (!batch.more) return total;
    }
  };
  const studentsPurged = await drain(() => students.purgeClosedStudents({ cutoffYear, batchSize }));
  const householdsPurged = await drain(() => students.purgeOrphanHouseholds({ batchSize }));
  const importsPurged = await drain(() => students.purgeOldRosterImports({ before, batchSize: 100 }));
  return { cutoffYear, studentsPurged, householdsPurged, importsPurged };
}
