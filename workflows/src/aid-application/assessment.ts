import type { AidEligibilityFacts, EntitlementLineView, PaymentPayer, PlanPaymentsInput } from '@eduaid/contracts';
import { Entitlement, calculateEntitlement, reasonText } from '@eduaid/policy';

/** An assessment: eligible with its entitlement, or the reasons it is not. */
export type Assessment = { eligible: true; entitlement: Entitlement; reasons: [] } | { eligible: false; reasons: string[] };

/**
 * The registry's facts against the aid standards (deterministic: workflow code), pinned to the
 * version used first when one is given. Shared by the application and by a change after approval.
 */
export function assessFacts(facts: AidEligibilityFacts, academicYear: string, standardsVersion?: string): Assessment {
  const reasons = [...facts.reasons];
  let computed: Entitlement | undefined;
  if (facts.found && facts.stage && facts.grade !== undefined && facts.householdStatus) {
    try {
      computed = calculateEntitlement(
        {
          academicYear,
          student: { stage: facts.stage, grade: facts.grade, boarding: facts.boarding ?? false, specialHardship: facts.specialHardship ?? false },
          household: { status: facts.householdStatus, rural: facts.ruralHousehold ?? true },
          enrolmentConfirmed: facts.enrolmentConfirmed,
        },
        standardsVersion,
      );
      reasons.push(...computed.reasons);
      if (computed.eligible && computed.lines.length === 0) reasons.push(reasonText.noSchemeApplies(facts.boarding ?? false, facts.stage));
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  for (const paid of facts.alreadyPaid) reasons.push(reasonText.alreadyPaid(paid.scheme, paid.semester, paid.workflowId));
  if (reasons.length > 0 || !computed) return { eligible: false, reasons };
  return { eligible: true, entitlement: computed, reasons: [] };
}

/** The entitlement's lines as the record shows them. */
export function linesView(e: Entitlement): EntitlementLineView[] {
  return e.lines.map((l) => ({ scheme: l.scheme, ruleId: l.ruleId, fund: l.fund, disbursement: l.disbursement, amountFen: l.amountFen, semesters: l.semesters }));
}

/** The ledger rows an entitlement plans: one per cash line and semester (fee waivers are not paid). */
export function planOf(workflowId: string, studentId: string, academicYear: string, e: Entitlement, semesters: string[] | undefined, paidBy: PaymentPayer): PlanPaymentsInput {
  const lines = e.lines
    .filter((l) => l.disbursement === 'bank-transfer')
    .flatMap((l) => l.semesters.filter((s) => !semesters || semesters.includes(s.semester)).map((s) => ({ scheme: l.scheme, ruleId: l.ruleId, semester: s.semester, startsOn: s.startsOn, amountFen: s.amountFen })));
  return { workflowId, studentId, academicYear, standardsVersion: e.standardsVersion, lines, paidBy };
}
