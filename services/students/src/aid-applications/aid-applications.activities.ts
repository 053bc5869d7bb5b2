import { Injectable } from '@nestjs/common';
import type { AidEligibilityFacts, CancelPaymentsInput, DisburseInput, DisbursementResult, PlanPaymentsInput, Stage, StudentsAidActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { PaymentsRepository } from '../payments/payments.repository';
import { PaymentsService } from '../payments/payments.service';
import { AidApplicationsRepository } from './aid-applications.repository';

/**
 * The students service's side of an aid application: the facts it owns (household status,
 * enrolment, what is already paid) and the ledger. Every activity is idempotent: plans upsert by the
 * ledger's unique key, cancellations touch only planned rows, payments go through PaymentsService.
 */
@Activities()
@Injectable()
export class AidApplicationsActivities implements StudentsAidActivities {
  constructor(
    private readonly applications: AidApplicationsRepository,
    private readonly ledger: PaymentsRepository,
    private readonly payments: PaymentsService,
  ) {}

  async readAidEligibility(input: { studentId: string; academicYear: string; workflowId: string }): Promise<AidEligibilityFacts> {
    const facts = await this.applications.facts(input.studentId, input.academicYear);
    if (!facts) return { found: false, studentId: input.studentId, academicYear: input.academicYear, enrolmentConfirmed: false, alreadyPaid: [], reasons: ['no such student'] };
    const taken = await this.ledger.takenByOthers(input.studentId, input.academicYear, input.workflowId);
    return {
      found: true,
      studentId: input.studentId,
      academicYear: input.academicYear,
      stage: (facts.stage ?? undefined) as Stage | undefined,
      grade: facts.grade ?? undefined,
      boarding: facts.boarding ?? undefined,
      specialHardship: facts.special_hardship,
      householdStatus: facts.household_status,
      // The 建档立卡 registry registers rural households (by village); no urban households are in it.
      ruralHousehold: true,
      enrolmentConfirmed: facts.enrolled,
      schoolCode: facts.school_code ?? undefined,
      villageCode: facts.village_code,
      countyCode: facts.county_code,
      alreadyPaid: taken.map((t) => ({ scheme: t.scheme, semester: t.semester, workflowId: t.workflow_id })),
      reasons: facts.enrolled ? [] : [`no confirmed enrolment for ${input.academicYear}`],
    };
  }

  async planAidPayments(input: PlanPaymentsInput): Promise<{ planned: number }> {
    return { planned: await this.ledger.plan(input) };
  }

  async cancelAidPayments(input: CancelPaymentsInput): Promise<{ cancelled: number }> {
    return { cancelled: await this.ledger.cancel(input.workflowId, input.semesters, input.reason) };
  }

  async disburseAidPayments(input: DisburseInput): Promise<DisbursementResult> {
    return this.payments.disburse(input.workflowId, input.semester);
  }
}
