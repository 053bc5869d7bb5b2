import type { AidApplicationSnapshot, AidEligibilityFacts, AidTransitionRecord, StudentsAidActivities } from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { aidChangeWorkflow } from './workflow';

const STUDENT = '7c6e2f8a-3b1d-4e5f-9a8b-1c2d3e4f5a6b';
const APP = `aid-application:${STUDENT}:2026-2027`;
const LINES = [
  {
    scheme: 'junior-secondary-boarding-living-allowance',
    ruleId: 'JS-BOARD-1250',
    fund: 'central-local',
    disbursement: 'bank-transfer',
    amountFen: 125000,
    semesters: [
      { semester: '2026-2027:S1', startsOn: '2026-09-01', amountFen: 62500 },
      { semester: '2026-2027:S2', startsOn: '2027-03-01', amountFen: 62500 },
    ],
  },
];

/** A change after the application's workflow ended, against recorders of the students service's activities. */
describe('aidChangeWorkflow', () => {
  const env = timeSkippingEnvForSuite();

  async function change(snapshot: AidApplicationSnapshot | undefined, facts: Partial<AidEligibilityFacts>) {
    const records: AidTransitionRecord[] = [];
    const students: Partial<StudentsAidActivities> = {
      readAidApplication: async () => snapshot,
      readAidEligibility: async () => ({ found: true, studentId: STUDENT, academicYear: '2026-2027', stage: 'junior-secondary', grade: 2, boarding: true, specialHardship: false, householdStatus: 'poor', ruralHousehold: true, enrolmentConfirmed: true, alreadyPaid: [], reasons: [], ...facts }),
      recordAidTransition: async (input) => (records.push(input), { applied: true, planned: input.ledger?.plan?.lines.length ?? 0, cancelled: input.ledger?.cancel ? 1 : 0 }),
    };
    const result = await runWithWorkers(env, 'chg', { students }, (prefix) =>
      env.client.workflow.execute(aidChangeWorkflow, {
        workflowId: `aid-change:${APP}:${prefix}`,
        taskQueue: `${prefix}workflows`,
        args: [{ applicationId: APP, change: { kind: 'household-left-poverty', reason: 'lifted out in review', reportedBy: 'cw-1' } }],
      }),
    );
    return { result, records };
  }

  const approved = (settledSemesters: string[] = []): AidApplicationSnapshot => ({
    applicationId: APP,
    studentId: STUDENT,
    academicYear: '2026-2027',
    villageCode: '420102001001',
    countyCode: '420102',
    submittedBy: 'cw-1',
    stage: 'junior-secondary',
    seq: 7,
    settledSemesters,
    status: { state: 'approved', standardsVersion: 'hubei-2026.1', entitlement: LINES, cashFen: 125000, needsHigherSignOff: false, appealed: false, reasons: [], timeline: [{ at: '2026-10-01T00:00:00Z', step: 'approval', action: 'approved', actor: 'system' }] },
  });

  it('no longer eligible: cancels the semesters with nothing paid (a paid one stays), as the next transition of the row, the reason in the timeline', async () => {
    const { result, records } = await change(approved(['2026-2027:S1']), { householdStatus: 'lifted-out' });
    expect(result.outcome).toBe('cancelled');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ workflowId: APP, seq: 8, status: { state: 'cancelled', reasons: ['the household is lifted-out, not registered-poor'] } });
    expect(records[0].ledger?.cancel).toMatchObject({ workflowId: APP, semesters: ['2026-2027:S2'] });
    expect(records[0].status.timeline.map((t) => [t.step, t.action])).toEqual([['approval', 'approved'], ['change', 'household-left-poverty'], ['payments', 'cancel-future']]);
  });

  it('still eligible with the same amounts: records the change and plans nothing', async () => {
    const { result, records } = await change(approved(), {});
    expect(result.outcome).toBe('unchanged');
    expect(records[0].ledger).toBeUndefined();
    expect(records[0].status.state).toBe('approved');
    expect(records[0].status.timeline.map((t) => t.action)).toEqual(['approved', 'household-left-poverty', 'unchanged']);
  });

  it('an application that is not approved (withdrawn, paid out by the old path) is left alone', async () => {
    const withdrawn = approved();
    withdrawn.status.state = 'withdrawn';
    const { result, records } = await change(withdrawn, { householdStatus: 'lifted-out' });
    expect(result.outcome).toBe('closed');
    expect(records).toEqual([]);
  });
});
