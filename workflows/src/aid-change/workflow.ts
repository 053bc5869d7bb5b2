import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { AidChangeInput, AidChangeResult, AidTransitionRecord, EntitlementLineView, StudentsAidActivities, TimelineEntry, activityTaskQueue } from '@eduaid/contracts';
import { assessFacts, linesView, planOf } from '../aid-application/assessment';

/**
 * A change reported after an application's own workflow ended (workflow id
 * `aid-change:<applicationId>:<n>`, n the row's transition when it was reported): its payments
 * belong to the semester cycles now, so this short workflow re-checks the facts against the
 * standards version the application was decided under and, in one transaction with the
 * application's row, cancels the payments not yet paid (no longer eligible) or re-plans them (the
 * amounts changed). The change and what it did are in the application's timeline. A semester
 * already paid (or being sent) is left as it is: only the semesters with nothing paid yet change.
 */
/** The cash a view's lines pay in the given semesters, in a canonical form (the row's jsonb keeps no key order). */
function cashOf(lines: EntitlementLineView[], semesters: string[]): string {
  return lines
    .filter((l) => l.disbursement === 'bank-transfer')
    .flatMap((l) => l.semesters.filter((s) => semesters.includes(s.semester)).map((s) => `${l.scheme}|${l.ruleId}|${s.semester}|${s.amountFen}`))
    .sort()
    .join(',');
}

export async function aidChangeWorkflow(input: AidChangeInput): Promise<AidChangeResult> {
  const students = proxyActivities<StudentsAidActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
  const row = await students.readAidApplication({ applicationId: input.applicationId });
  if (!row) throw ApplicationFailure.nonRetryable(`No aid application ${input.applicationId}.`, 'ApplicationNotFound');
  // Only an approved application's payments belong to the cycles; any other ended one has nothing left to change.
  if (row.status.state !== 'approved') return { outcome: 'closed', cancelled: 0, planned: 0, reasons: [] };
  const facts = await students.readAidEligibility({ studentId: row.studentId, academicYear: row.academicYear, workflowId: row.applicationId });
  const assessment = assessFacts(facts, row.academicYear, row.status.standardsVersion);

  const at = new Date(Date.now()).toISOString();
  const timeline: TimelineEntry[] = [...row.status.timeline, { at, step: 'change', action: input.change.kind, actor: input.change.reportedBy, comment: input.change.reason }];
  const transition = (status: Partial<AidTransitionRecord['status']>, ledger?: AidTransitionRecord['ledger']): AidTransitionRecord => ({
    workflowId: row.applicationId,
    seq: row.seq + 1,
    studentId: row.studentId,
    academicYear: row.academicYear,
    villageCode: row.villageCode,
    countyCode: row.countyCode,
    ...(row.schoolCode ? { schoolCode: row.schoolCode } : {}),
    submittedBy: row.submittedBy,
    ...(facts.stage ? { stage: facts.stage } : row.stage ? { stage: row.stage } : {}),
    status: { ...row.status, currentStep: undefined, heldBy: undefined, dueAt: undefined, pendingTaskId: undefined, ...status, timeline },
    ...(ledger ? { ledger } : {}),
  });

  const open = [...new Set(row.status.entitlement.flatMap((l) => l.semesters.map((s) => s.semester)))].filter((s) => !row.settledSemesters.includes(s));
  if (!assessment.eligible) {
    const reason = assessment.reasons.join('; ');
    timeline.push({ at, step: 'payments', action: 'cancel-future', actor: 'system', comment: `payments not yet paid cancelled: ${reason}` });
    const written = await students.recordAidTransition(transition({ state: 'cancelled', reasons: assessment.reasons }, { cancel: { workflowId: row.applicationId, semesters: open, reason } }));
    return { outcome: 'cancelled', cancelled: written.cancelled, planned: 0, reasons: assessment.reasons };
  }
  const e = assessment.entitlement;
  if (cashOf(linesView(e), open) === cashOf(row.status.entitlement, open)) {
    timeline.push({ at, step: 'payments', action: 'unchanged', actor: 'system', comment: 'still eligible with the same amounts: nothing to re-plan' });
    await students.recordAidTransition(transition({}));
    return { outcome: 'unchanged', cancelled: 0, planned: 0, reasons: [] };
  }
  timeline.push({ at, step: 'payments', action: 'adjust-future', actor: 'system', comment: `payments of ${open.join(', ')} re-planned with the new facts` });
  const written = await students.recordAidTransition(
    transition(
      { entitlement: linesView(e), cashFen: e.cashFen, needsHigherSignOff: e.needsHigherSignOff, reasons: [] },
      { cancel: { workflowId: row.applicationId, semesters: open, reason: 'adjusted after a reported change' }, plan: planOf(row.applicationId, row.studentId, row.academicYear, e, open, 'cycle') },
    ),
  );
  return { outcome: 're-planned', cancelled: written.cancelled, planned: written.planned, reasons: [] };
}
