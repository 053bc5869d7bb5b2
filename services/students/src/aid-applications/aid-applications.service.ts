import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  AID_APPLICATION_WORKFLOW,
  AidApplicationInput,
  AidApplicationStatus,
  Caller,
  ChangeKind,
  WORKFLOW_TASK_QUEUE,
  aidApplicationWorkflowId,
  parseAcademicYear,
  taskQueueName,
} from '@eduaid/contracts';
import { DomainError, SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT, assertInScope, denyAccess } from '@eduaid/platform';
import { BankAccountsRepository } from '../payments/bank-accounts.repository';
import { PaymentsRepository } from '../payments/payments.repository';
import { AidApplicationsRepository } from './aid-applications.repository';
import { AidApplicationAckDto, AidApplicationDto, ApplyForAidDto } from './dto/aid-application.dto';

const UPDATE_FAILURES: Record<string, { kind: 'conflict' | 'forbidden' | 'invalid'; code: string }> = {
  NotWithdrawable: { kind: 'conflict', code: 'aid-application.not-withdrawable' },
  NotSubmitter: { kind: 'forbidden', code: 'aid-application.not-submitter' },
  AlreadyAppealed: { kind: 'conflict', code: 'aid-application.already-appealed' },
  NotAppealable: { kind: 'conflict', code: 'aid-application.not-appealable' },
  AppealWindowClosed: { kind: 'conflict', code: 'aid-application.appeal-window-closed' },
  ReasonRequired: { kind: 'invalid', code: 'aid-application.reason-required' },
};

/** Aid applications: start the workflow, answer its state, pass withdrawals, appeals and changes on. */
@Injectable()
export class AidApplicationsService {
  constructor(
    private readonly applications: AidApplicationsRepository,
    private readonly ledger: PaymentsRepository,
    private readonly accounts: BankAccountsRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async apply(caller: Caller, body: ApplyForAidDto): Promise<AidApplicationAckDto> {
    if (parseAcademicYear(body.academicYear) === undefined) {
      throw new DomainError('aid-application.bad-year', 'invalid', 'The academic year must be two consecutive years.', [{ field: 'academicYear', message: 'academicYear must be two consecutive years, e.g. 2026-2027' }]);
    }
    const facts = await this.applications.facts(body.studentId, body.academicYear);
    if (!facts) throw new DomainError('student.not-found', 'not-found', `No student ${body.studentId}.`);
    assertInScope(caller, { divisionCode: facts.village_code, schoolCode: facts.school_code ?? undefined }, 'This student');
    const workflowId = aidApplicationWorkflowId(body.studentId, body.academicYear);
    const running = await this.isRunning(workflowId);
    if (running) throw new DomainError('process.already-running', 'conflict', `An application for this student and ${body.academicYear} is already open.`);
    if (body.bankAccount) await this.accounts.upsert(body.studentId, body.bankAccount.accountNumber, body.bankAccount.holderName, caller.userId);
    const input: AidApplicationInput = {
      studentId: body.studentId,
      academicYear: body.academicYear,
      submittedBy: caller.userId,
      villageCode: facts.village_code,
      countyCode: facts.county_code,
      ...(facts.school_code ? { schoolCode: facts.school_code } : {}),
      settings: this.config.aidSettings, // EDUAID_AID_SETTINGS over the defaults, validated at start
    };
    await this.applications.record({ workflow_id: workflowId, student_id: body.studentId, academic_year: body.academicYear, village_code: facts.village_code, county_code: facts.county_code, school_code: facts.school_code, submitted_by: caller.userId });
    // A second start with the same business key is refused by Temporal (409 by the exception filter).
    await this.temporal.workflow.start(AID_APPLICATION_WORKFLOW, {
      workflowId,
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
      args: [input],
    });
    return { applicationId: workflowId, state: 'checking' };
  }

  async get(caller: Caller, applicationId: string): Promise<AidApplicationDto> {
    const row = await this.inScope(caller, applicationId);
    const status = await this.temporal.workflow.getHandle(applicationId).query<AidApplicationStatus>('aidApplicationStatus');
    const payments = await this.ledger.ofApplication(applicationId);
    return {
      applicationId,
      studentId: status.studentId,
      academicYear: status.academicYear,
      state: status.state,
      currentStep: status.currentStep,
      heldBy: status.heldBy,
      pendingTaskId: status.pendingTaskId,
      dueAt: status.currentStep ? status.dueAt : undefined,
      standardsVersion: status.standardsVersion,
      entitlement: status.entitlement,
      cashFen: status.cashFen,
      needsHigherSignOff: status.needsHigherSignOff,
      appealed: status.appealed,
      appealDeadline: status.appealDeadline,
      reasons: status.reasons,
      timeline: status.timeline,
      payments: payments.map((p) => ({
        semester: p.semester,
        scheme: p.scheme,
        amountFen: Number(p.amount_fen),
        status: p.status,
        ...(p.bank_reference ? { bankReference: p.bank_reference } : {}),
        ...(p.failure_reason || p.cancel_reason ? { reason: (p.failure_reason ?? p.cancel_reason) as string } : {}),
        ...(p.paid_at ? { paidAt: p.paid_at.toISOString() } : {}),
      })),
      bankAccount: await this.accounts.masked(row.student_id),
    };
  }

  async withdraw(caller: Caller, applicationId: string, reason: string): Promise<AidApplicationAckDto> {
    const row = await this.inScope(caller, applicationId);
    if (row.submitted_by !== caller.userId) denyAccess(caller, 'aid-application.not-submitter', 'submitter', 'Only the submitter may withdraw the application.', applicationId);
    return this.update(applicationId, 'withdrawAidApplication', { by: caller.userId, reason });
  }

  async appeal(caller: Caller, applicationId: string, reason: string): Promise<AidApplicationAckDto> {
    await this.inScope(caller, applicationId);
    return this.update(applicationId, 'appealAidApplication', { by: caller.userId, reason });
  }

  async reportChange(caller: Caller, applicationId: string, kind: ChangeKind, reason: string): Promise<AidApplicationAckDto> {
    await this.inScope(caller, applicationId);
    const handle = this.temporal.workflow.getHandle(applicationId);
    try {
      await handle.signal('aidApplicationChange', { kind, reason, reportedBy: caller.userId });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new DomainError('aid-application.closed', 'conflict', 'The application is closed; changes no longer apply to it.');
      throw error;
    }
    const status = await handle.query<AidApplicationStatus>('aidApplicationStatus');
    return { applicationId, state: status.state };
  }

  private async update(applicationId: string, name: string, arg: unknown): Promise<AidApplicationAckDto> {
    try {
      const ack = await this.temporal.workflow.getHandle(applicationId).executeUpdate<{ state: string }, [unknown]>(name, { args: [arg] });
      return { applicationId, state: ack.state };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const type = (error.cause as { type?: string } | undefined)?.type ?? '';
        const mapped = UPDATE_FAILURES[type];
        if (mapped) throw new DomainError(mapped.code, mapped.kind, error.cause?.message ?? type);
      }
      if (error instanceof WorkflowNotFoundError || (error as Error).message?.includes('workflow execution already completed')) {
        throw new DomainError('aid-application.closed', 'conflict', 'The application is closed.');
      }
      throw error;
    }
  }

  private async isRunning(workflowId: string): Promise<boolean> {
    try {
      return (await this.temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  private async inScope(caller: Caller, applicationId: string) {
    const row = await this.applications.find(applicationId);
    if (!row) throw new DomainError('aid-application.not-found', 'not-found', `No aid application ${applicationId}.`);
    assertInScope(caller, { divisionCode: row.village_code, schoolCode: row.school_code ?? undefined }, 'This application');
    return row;
  }
}
