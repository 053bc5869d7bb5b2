import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  CaseworkActivities,
  CompensationStatus,
  CompensationTransition,
  CreateTaskInput,
  GraduateCompensationInput,
  LedgerRowView,
  PlanPaymentsInput,
  StudentsAidActivities,
  StudentsCompensationActivities,
  TaskDecision,
} from '@eduaid/contracts';
import { runWithWorkers, timeSkippingEnvForSuite } from '@eduaid/testing/workflow-spec';
import { decideTaskUpdate, pendingTaskQuery } from '../human-task';
import { commitmentEndedUpdate, compensationStatusQuery } from './messages';
import { graduateCompensationWorkflow } from './workflow';

const DAY = 86_400_000;
const GRADUATE = '5b0f3a52-91c4-4d7e-8a6f-2c3d4e5f6a7b';
const STUDENT = '0e4d2c1b-7a6f-4e5d-9c8b-1a2b3c4d5e6f';

/** The compensation workflow against recorders of casework's, mentoring's and the students service's activities (time-skipping server). */
describe('graduateCompensationWorkflow', () => {
  const env = timeSkippingEnvForSuite();

  function recorders() {
    const tasks: CreateTaskInput[] = [];
    const cancelledTasks: string[] = [];
    const records: CompensationTransition[] = [];
    const plans: PlanPaymentsInput[] = [];
    const cancels: { workflowId: string; reason: string }[] = [];
    /** The ledger as the students service would hold it: planned rows, a paid one where the test says so. */
    const ledger: LedgerRowView[] = [];
    const casework: CaseworkActivities = {
      createTask: async (input) => (tasks.push(input), { taskId: input.taskId, assigneeId: null, created: true }),
      completeTask: async () => undefined,
      remindTask: async () => undefined,
      escalateTask: async (input) => ({ taskId: input.taskId, escalatedTo: 'sup-1' }),
      releaseIdleClaim: async () => false,
      cancelTask: async (input) => void cancelledTasks.push(input.taskId),
    };
    const students: Pick<StudentsAidActivities, 'planAidPayments' | 'cancelAidPayments' | 'bankAccountOnFile'> & StudentsCompensationActivities = {
      planAidPayments: async (input) => {
        plans.push(input);
        for (const l of input.lines) if (!ledger.some((r) => r.semester === l.semester && r.scheme === l.scheme)) ledger.push({ semester: l.semester, scheme: l.scheme, amountFen: l.amountFen, status: 'planned' });
        return { planned: input.lines.length };
      },
      cancelAidPayments: async (input) => {
        cancels.push({ workflowId: input.workflowId, reason: input.reason });
        const open = ledger.filter((r) => r.status === 'planned');
        open.forEach((r) => (r.status = 'cancelled'));
        return { cancelled: open.length };
      },
      bankAccountOnFile: async () => true,
      ledgerRowsOf: async () => ledger.map((r) => ({ ...r })),
    };
    const mentoring = { recordCompensation: async (input: CompensationTransition) => (records.push(input), { applied: true }) };
    return { tasks, cancelledTasks, records, plans, cancels, ledger, casework, students, mentoring };
  }

  const input = (over: Partial<GraduateCompensationInput> = {}): GraduateCompensationInput => ({
    graduateId: GRADUATE,
    studentId: STUDENT,
    submittedBy: 'cw-1',
    place: { divisionCode: '420102001001', schoolCode: '4201020001' },
    evidence: { commitment: 'grassroots-service', unitName: 'Township government', serviceCountyCode: '420103', startDate: '2026-07-01', committedYears: 3, proofReference: 'HT-2026-0001' },
    tuitionPaidFen: 1_800_000,
    loanOutstandingFen: 0,
    studyYears: 4,
    settings: { stepDueMs: 5 * DAY, remindBeforeMs: [DAY], escalateAfterMs: DAY },
    ...over,
  });

  const run = <T>(rec: ReturnType<typeof recorders>, body: (prefix: string) => Promise<T>): Promise<T> =>
    runWithWorkers(env, 'gc', { casework: rec.casework, students: rec.students, mentoring: rec.mentoring }, body);

  const start = (prefix: string, over: Partial<GraduateCompensationInput> = {}) =>
    env.client.workflow.start(graduateCompensationWorkflow, { workflowId: `graduate-compensation:${GRADUATE}:${prefix}`, taskQueue: `${prefix}workflows`, args: [input(over)] });
  type Handle = Awaited<ReturnType<typeof start>>;

  const decision = (taskId: string, step: string, decidedBy: string, d: TaskDecision['decision'], comment?: string): TaskDecision => ({ taskId, step, decision: d, decidedBy, decidedAt: new Date().toISOString(), comment });

  async function pendingAt(handle: Handle, step: string) {
    for (;;) {
      const p = await handle.query(pendingTaskQuery);
      if (p?.step === step) return p;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function decide(handle: Handle, step: string, by: string, d: TaskDecision['decision'], comment?: string) {
    const t = await pendingAt(handle, step);
    await handle.executeUpdate(decideTaskUpdate, { args: [decision(t.taskId, step, by, d, comment)] });
  }

  it('verified and approved: plans three yearly instalments for the cycles, records each transition in order, and completes when the last one falls due', async () => {
    const rec = recorders();
    const { result, history } = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      await decide(handle, 'verify-commitment', 'cw-2', 'approve', 'contract and unit checked');
      await decide(handle, 'county-approval', 'ap-1', 'approve');
      return { result: await handle.result(), history: await handle.fetchHistory() };
    });
    // The verification carries the evidence to a caseworker at the graduate's county; the submitter may not decide it.
    expect(rec.tasks[0]).toMatchObject({ step: 'verify-commitment', kind: 'graduate-commitment-verification', candidateRole: 'caseworker', place: { divisionCode: '420102001001', level: 'county' }, submittedBy: 'cw-1' });
    expect(rec.tasks[0].data).toMatchObject({ evidence: { unitName: 'Township government', serviceCountyCode: '420103', startDate: '2026-07-01', proofReference: 'HT-2026-0001' }, totalFen: 1_800_000 });
    // Four eyes on the approval: neither the submitter nor the verifier.
    expect(rec.tasks[1]).toMatchObject({ step: 'county-approval', kind: 'graduate-compensation-approval', candidateRole: 'approver', place: { level: 'county' }, submittedBy: 'cw-1', excludedDeciders: ['cw-2'] });
    expect(rec.tasks).toHaveLength(2); // 18,000 CNY: no prefecture sign-off
    // One plan per academic year, paid by the cycles, each the year's autumn term, adding up to the award.
    expect(rec.plans.map((p) => [p.academicYear, p.paidBy, p.lines.map((l) => [l.scheme, l.semester, l.amountFen])])).toEqual([
      [expect.stringMatching(/^\d{4}-\d{4}$/), 'cycle', [['tuition-compensation', expect.stringMatching(/:S1$/), 600_000]]],
      [expect.any(String), 'cycle', [['tuition-compensation', expect.stringMatching(/:S1$/), 600_000]]],
      [expect.any(String), 'cycle', [['tuition-compensation', expect.stringMatching(/:S1$/), 600_000]]],
    ]);
    const years = rec.plans.map((p) => Number(p.academicYear.slice(0, 4)));
    expect(years).toEqual([years[0], years[0] + 1, years[0] + 2]);
    expect(rec.plans.every((p) => p.workflowId.startsWith(`graduate-compensation:${GRADUATE}:gc-`) && p.studentId === STUDENT)).toBe(true);
    expect(rec.cancels).toEqual([]);
    expect(result.state).toBe('completed');
    expect(rec.records.map((r) => r.seq)).toEqual(rec.records.map((_, i) => i + 1));
    expect(rec.records.map((r) => r.status.state)).toEqual(['verifying', 'in-review', 'approved', 'completed']);
    expect(rec.records[1].status).toMatchObject({ step: 'county-approval', heldBy: 'approver at county 420102' });
    expect(rec.records[2].status.instalments.map((i) => i.status)).toEqual(['planned', 'planned', 'planned']);
    expect(result.timeline.map((t) => [t.step, t.action])).toEqual([
      ['filing', 'filed'],
      ['verify-commitment', 'approve'],
      ['county-approval', 'approve'],
      ['plan', 'instalments-planned'],
      ['serve', 'all-instalments-due'],
    ]);
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'graduate-compensation-completed.json'), JSON.stringify(history));
    }
  });

  it('a compensation filed before the service starts is first paid in the autumn term after the start, not in the year of the approval', async () => {
    const rec = recorders();
    // Three years after the test server's clock (earlier tests skipped it years ahead).
    const startYear = new Date(await env.currentTimeMs()).getUTCFullYear() + 3;
    await run(rec, async (prefix) => {
      const handle = await start(prefix, { evidence: { ...input().evidence, startDate: `${startYear}-07-01` } });
      await decide(handle, 'verify-commitment', 'cw-2', 'approve');
      await decide(handle, 'county-approval', 'ap-1', 'approve');
      for (;;) {
        if ((await handle.query(compensationStatusQuery)).state === 'approved') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await handle.terminate('the schedule is all this test reads');
    });
    expect(rec.plans.map((p) => [p.academicYear, p.lines.map((l) => l.semester)])).toEqual([0, 1, 2].map((i) => [`${startYear + i}-${startYear + i + 1}`, [`${startYear + i}-${startYear + i + 1}:S1`]]));
  });

  it('a large award needs the prefecture; a commitment ended early cancels the instalments not yet paid, keeps the paid one, and says why in the timeline', async () => {
    const rec = recorders();
    const { status, result, history, refusals } = await run(rec, async (prefix) => {
      const handle = await start(prefix, { tuitionPaidFen: 4_000_000, loanOutstandingFen: 2_000_000 });
      await decide(handle, 'verify-commitment', 'cw-2', 'approve');
      await decide(handle, 'county-approval', 'ap-1', 'approve');
      await decide(handle, 'prefecture-sign-off', 'ap-pref', 'approve');
      for (;;) {
        if ((await handle.query(compensationStatusQuery)).state === 'approved') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // The first year's cycle paid its instalments.
      rec.ledger.filter((r) => r.semester === rec.plans[0].lines[0].semester).forEach((r) => (r.status = 'paid'));
      const before = await handle.executeUpdate(commitmentEndedUpdate, { args: [{ by: 'cw-1', endedOn: '2027-05-20', reason: 'left the post after ten months' }] });
      expect(before).toEqual({ accepted: true, state: 'approved' });
      const out = await handle.result();
      const refusals: string[] = [];
      await handle.executeUpdate(commitmentEndedUpdate, { args: [{ by: 'cw-1', endedOn: '2027-05-21', reason: 'again' }] }).catch((e: Error) => refusals.push(e.message));
      return { status: await handle.query(compensationStatusQuery).catch(() => out), result: out, history: await handle.fetchHistory(), refusals };
    });
    expect(rec.tasks.map((t) => [t.step, t.place.level, t.place.divisionCode, t.excludedDeciders])).toEqual([
      ['verify-commitment', 'county', '420102001001', []],
      ['county-approval', 'county', '420102001001', ['cw-2']],
      ['prefecture-sign-off', 'prefecture', '4201', ['ap-1']],
    ]);
    expect(result.totalFen).toBe(6_000_000);
    expect(result.needsHigherSignOff).toBe(true);
    expect(rec.plans.flatMap((p) => p.lines)).toHaveLength(6);
    expect(rec.cancels).toEqual([{ workflowId: expect.stringContaining(`graduate-compensation:${GRADUATE}`), reason: 'commitment ended 2027-05-20: left the post after ten months' }]);
    expect(result.state).toBe('stopped');
    expect(result.endedEarly).toEqual({ endedOn: '2027-05-20', reason: 'left the post after ten months', reportedBy: 'cw-1', cancelled: 4 });
    expect(result.instalments.map((i) => [i.year, i.scheme, i.status])).toEqual([
      [1, 'tuition-compensation', 'kept'],
      [1, 'loan-repayment', 'kept'],
      [2, 'tuition-compensation', 'cancelled'],
      [2, 'loan-repayment', 'cancelled'],
      [3, 'tuition-compensation', 'cancelled'],
      [3, 'loan-repayment', 'cancelled'],
    ]);
    expect(result.timeline.slice(-2).map((t) => [t.step, t.action, t.actor, t.comment])).toEqual([
      ['change', 'commitment-ended', 'cw-1', '2027-05-20: left the post after ten months'],
      ['payments', 'cancel-unpaid', 'system', '4 instalment(s) not yet paid cancelled'],
    ]);
    expect(rec.records[rec.records.length - 1].status).toEqual(result);
    expect(refusals).toHaveLength(1);
    expect(status.state).toBe('stopped');
    if (process.env.EDUAID_RECORD_HISTORIES === '1') {
      const dir = path.join(__dirname, '..', '..', '..', 'tests', 'replay', 'histories');
      writeFileSync(path.join(dir, 'graduate-compensation-stopped-early.json'), JSON.stringify(history));
    }
  });

  it('evidence that does not hold: not verified, nothing reviewed or planned', async () => {
    const rec = recorders();
    const result = await run(rec, async (prefix) => {
      const handle = await start(prefix, { evidence: { ...input().evidence, commitment: 'enlistment', unitName: 'Unit 1234', committedYears: 2 } });
      await decide(handle, 'verify-commitment', 'cw-2', 'reject', 'the enlistment notice is for another person');
      return handle.result();
    });
    expect(result.state).toBe('not-verified');
    expect(result.reasons).toEqual(['commitment not verified: the enlistment notice is for another person']);
    expect(rec.tasks).toHaveLength(1);
    expect(rec.plans).toEqual([]);
    expect(rec.records.map((r) => r.status.state)).toEqual(['verifying', 'not-verified']);
  });

  it('an end reported while the verification waits: its task is cancelled, nothing is planned, the refusal of an end before the start is a validator error', async () => {
    const rec = recorders();
    const { result, refused } = await run(rec, async (prefix) => {
      const handle = await start(prefix);
      await pendingAt(handle, 'verify-commitment');
      const refused = await handle.executeUpdate(commitmentEndedUpdate, { args: [{ by: 'cw-1', endedOn: '2026-06-30', reason: 'before it started' }] }).then(
        () => 'accepted',
        (e: Error & { cause?: { type?: string } }) => e.cause?.type ?? e.message,
      );
      await handle.executeUpdate(commitmentEndedUpdate, { args: [{ by: 'cw-1', endedOn: '2026-08-01', reason: 'did not take up the post' }] });
      return { result: (await handle.result()) as CompensationStatus, refused };
    });
    expect(refused).toBe('EndBeforeStart');
    expect(rec.cancelledTasks).toEqual([rec.tasks[0].taskId]);
    expect(rec.plans).toEqual([]);
    expect(rec.cancels).toEqual([]);
    expect(result).toMatchObject({ state: 'stopped', endedEarly: { endedOn: '2026-08-01', cancelled: 0 }, instalments: [] });
  });
});
