import { DataSource } from 'typeorm';
import { CASE_REVIEW_WORKFLOW, CaseReviewInput, CaseReviewStep, WORKFLOW_TASK_QUEUE, caseReviewWorkflowId, taskQueueName } from '@eduaid/contracts';
import { EduaidHarness, eventually } from '@eduaid/testing';
import { seedDemoUsers } from '../../services/casework/src/seed/demo-users';

export const DEMO_COUNTY = '420102';
export const OTHER_COUNTY = '420103';
export const DEMO_PASSWORD = 'eduaid-demo-password';
const DAY = 24 * 3600 * 1000;

export async function seedUsers(eduaid: EduaidHarness) {
  return seedDemoUsers(eduaid.app('casework').get(DataSource), { countyCode: DEMO_COUNTY, password: DEMO_PASSWORD });
}

export async function login(eduaid: EduaidHarness, username: string): Promise<Record<string, string>> {
  const response = await eduaid.http('casework').post<{ accessToken: string }>('/auth/login', { username, password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return { authorization: `Bearer ${response.body.accessToken}` };
}

export const reviewSteps: CaseReviewStep[] = [
  { step: 'county-review', kind: 'review', candidateRole: 'caseworker', assignment: 'least-loaded', dueInMs: 3 * DAY, remindBeforeMs: [DAY], escalateAfterMs: DAY },
  { step: 'county-approval', kind: 'approval', candidateRole: 'approver', assignment: 'pool', dueInMs: 2 * DAY },
];

/** Starts a case review (business-key workflow id) and waits until casework holds its first task. */
export async function startReview(eduaid: EduaidHarness, subjectId: string, overrides: Partial<CaseReviewInput> = {}) {
  const input: CaseReviewInput = {
    subject: { type: 'application', id: subjectId },
    place: { divisionCode: `${DEMO_COUNTY}001` },
    submittedBy: 'demo-caseworker-1',
    data: { student: `student of ${subjectId}`, amountFen: 150000 },
    steps: reviewSteps,
    ...overrides,
  };
  const workflowId = caseReviewWorkflowId('application', subjectId);
  const handle = await eduaid.temporal.workflow.start(CASE_REVIEW_WORKFLOW, {
    workflowId,
    taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, eduaid.taskQueuePrefix),
    args: [input],
  });
  const task = await waitForTask(eduaid, workflowId, input.steps[0].step);
  return { handle, workflowId, task };
}

export async function waitForTask(eduaid: EduaidHarness, workflowId: string, step: string) {
  const rows = await eventually(
    () => eduaid.db.query<{ task_id: string; assignee_id: string | null; status: string }>(`SELECT task_id, assignee_id, status FROM casework.tasks WHERE workflow_id = $1 AND step = $2 AND status IN ('open','claimed') ORDER BY created_at DESC`, [workflowId, step]),
    (r) => r.length > 0,
  );
  return rows[0];
}

/** A division the schools service names: [code, level, name, parent code]. */
export type NamedDivision = [code: string, level: string, name: string, parent: string | null];

/** Writes divisions and schools into the schools service's tree (a name changed if the code exists), so screens and /names can name them. */
export async function nameThePlaces(eduaid: EduaidHarness, divisions: NamedDivision[], schools: { code: string; name: string; kind: string; jurisdiction: string; county: string }[] = []): Promise<void> {
  for (const [code, level, name, parent] of divisions) {
    await eduaid.db.query(`INSERT INTO schools.jurisdictions (code, level, name, parent_code) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, [code, level, name, parent]);
  }
  for (const s of schools) {
    await eduaid.db.query(`INSERT INTO schools.schools (code, name, kind, jurisdiction_code, county_code) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, [s.code, s.name, s.kind, s.jurisdiction, s.county]);
  }
}
