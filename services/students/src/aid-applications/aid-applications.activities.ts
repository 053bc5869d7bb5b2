import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  HandPaymentsToCyclesInput,
  AidApplicationSnapshot,
  AidEligibilityFacts,
  AidTransitionRecord,
  AidTransitionResult,
  CancelPaymentsInput,
  DisburseInput,
  DisbursementResult,
  PlanPaymentsInput,
  Stage,
  StudentsAidActivities,
} from '@eduaid/contracts';
import { Activities, UnitOfWork } from '@eduaid/platform';
import { reasonText } from '@eduaid/policy';
import { BankAccountsRepository } from '../payments/bank-accounts.repository';
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
    private readonly unitOfWork: UnitOfWork,
    private readonly ledger: PaymentsRepository,
    private readonly payments: PaymentsService,
    private readonly accounts: BankAccountsRepository,
  ) {}

  async readAidEligibility(input: { studentId: string; academicYear: string; workflowId: string }): Promise<AidEligibilityFacts> {
    const facts = await this.applications.facts(input.studentId, input.academicYear);
    if (!facts) return { found: false, studentId: input.studentId, academicYear: input.academicYear, enrolmentConfirmed: false, alreadyPaid: [], reasons: [reasonText.noSuchStudent()] };
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
      reasons: facts.enrolled ? [] : [reasonText.noConfirmedEnrolment(input.academicYear)],
    };
  }

  /**
   * The application's row at one transition, and the ledger rows the transition plans or cancels, in
   * one transaction: the row never shows a plan the ledger lacks, nor the reverse. Idempotent by
   * (workflow id, transition sequence): a retry of a transition already written (or one older than
   * the row's, from a late attempt) writes nothing and answers what the first write did.
   */
  async recordAidTransition(input: AidTransitionRecord): Promise<AidTransitionResult> {
    return this.unitOfWork.run(async (manager) => {
      const row = await this.applications.applyTransition(manager, input);
      if (!row.applied) return { applied: false, planned: row.seq === input.seq ? (row.ledgerResult?.planned ?? 0) : 0, cancelled: row.seq === input.seq ? (row.ledgerResult?.cancelled ?? 0) : 0 };
      if (!input.ledger) return { applied: true, planned: 0, cancelled: 0 };
      // The ledger's own repository, its statements on this transaction's connection (EntityManager
      // answers query() as DataSource does); the ledger's SQL stays in the payments feature.
      const ledger = new PaymentsRepository(manager as unknown as DataSource);
      const cancelled = input.ledger.cancel ? await ledger.cancel(input.ledger.cancel.workflowId, input.ledger.cancel.semesters, input.ledger.cancel.reason) : 0;
      const planned = input.ledger.plan ? await ledger.plan(input.ledger.plan, input.ledger.plan.paidBy) : 0;
      await this.applications.saveLedgerResult(manager, input.workflowId, { planned, cancelled });
      return { applied: true, planned, cancelled };
    });
  }

  async planAidPayments(input: PlanPaymentsInput): Promise<{ planned: number }> {
    return { planned: await this.ledger.plan(input, input.paidBy) };
  }

  async handAidPaymentsToCycles(input: HandPaymentsToCyclesInput): Promise<{ handed: number }> {
    return { handed: await this.ledger.handToCycles(input.workflowId, input.semesters) };
  }

  async cancelAidPayments(input: CancelPaymentsInput): Promise<{ cancelled: number }> {
    return { cancelled: await this.ledger.cancel(input.workflowId, input.semesters, input.reason) };
  }

  async disburseAidPayments(input: DisburseInput): Promise<DisbursementResult> {
    return this.payments.disburse(input.workflowId, input.semester);
  }

  async bankAccountOnFile(input: { studentId: string }): Promise<boolean> {
    return (await this.accounts.masked(input.studentId)) !== undefined;
  }

  /** The application's row as a change after its workflow ended starts from (what it recorded last). */
  async readAidApplication(input: { applicationId: string }): Promise<AidApplicationSnapshot | undefined> {
    const row = await this.applications.find(input.applicationId);
    if (!row || !row.state) return undefined;
    const settled = (await this.ledger.ofApplication(row.workflowId)).filter((p) => p.status !== 'planned' && p.status !== 'cancelled').map((p) => p.semester);
    return {
      applicationId: row.workflowId,
      studentId: row.studentId,
      academicYear: row.academicYear,
      villageCode: row.villageCode,
      countyCode: row.countyCode,
      ...(row.schoolCode ? { schoolCode: row.schoolCode } : {}),
      submittedBy: row.submittedBy,
      ...(row.stage ? { stage: row.stage } : {}),
      seq: row.transitionSeq,
      settledSemesters: [...new Set(settled)],
      status: {
        state: row.state as AidApplicationSnapshot['status']['state'],
        ...(row.standardsVersion ? { standardsVersion: row.standardsVersion } : {}),
        entitlement: row.entitlement,
        cashFen: row.cashFen,
        needsHigherSignOff: row.needsHigherSignOff,
        appealed: row.appealed,
        reasons: row.reasons,
        timeline: row.timeline,
      },
    };
  }
}
