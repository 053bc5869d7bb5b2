import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { GraduateLinkInput, GraduateLinkResult, MentoringActivities, StudentsGraduateActivities, activityTaskQueue } from '@eduaid/contracts';

/**
 * Registers a graduate in the real-name base (workflow id `graduate-link:<studentId>`): the students
 * service reads the student from the registry (no national ID leaves it), and the mentoring service
 * writes the graduate linked to that student. The registry owns the person; the base keeps the link.
 */
export async function graduateLinkWorkflow(input: GraduateLinkInput): Promise<GraduateLinkResult> {
  const queue = workflowInfo().taskQueue;
  const options = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '10 seconds' } } as const;
  const students = proxyActivities<StudentsGraduateActivities>({ taskQueue: activityTaskQueue('students', queue), ...options });
  const mentoring = proxyActivities<MentoringActivities>({ taskQueue: activityTaskQueue('mentoring', queue), ...options });
  const facts = await students.readGraduateLink({ studentId: input.studentId });
  return mentoring.linkGraduate({ ...input, facts });
}
