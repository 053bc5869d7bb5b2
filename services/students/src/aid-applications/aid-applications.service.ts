import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  AID_APPLICATION_WORKFLOW,
  AID_CHANGE_WORKFLOW,
  AidApplicationInput,
  AidChangeInput,
  AidChangeResult,
  AidApplicationStatus,
  Caller,
  ChangeKind,
  aidApplicationWorkflowId,
  aidChangeWorkflowId,
  parseAcademicYear,
} from '@eduaid/contracts';
import { DomainError, SERVICE_CONFIG, ServiceConfig, assertInScope, csvDocument, denyAccess, WorkflowStarter } from '@eduaid/platform';
import { BankAccountsRepository } from '../payments/bank-accounts.repository';
import { PaymentsRepository } from '../payments/payments.repository';
import { AidApplicationEntity } from './aid-application.entity';
import { AidApplicationListRow, AidApplicationsRepository } from './aid-applications.repository';
import { reasonOf } from '@eduaid/policy';
import {
  AidApplicationAckDto,
  AidApplicationCountsDto,
  AidApplicationDto,
  AidApplicationPageDto,
  AidApplicationQueryDto,
  AidApplicationSummaryDto,
  ApplyForAidDto,
  BankAccountDto,
  StepHolderDto,
} from './dto/aid-application.dto';

const DEFAULT_PAGE = 50;
/** Rows read per statement while a CSV export walks the whole selection by key. */
const EXPORT_CHUNK = 1000;
const CSV_HEADER = [
  'applicationId', 'studentId', 'academicYear', 'state', 'villageCode', 'countyCode', 'schoolCode', 'stage', 'currentStep', 'heldBy',
  'assigneeId', 'dueAt', 'overdue', 'standardsVersion', 'cashFen', 'appealed', 'updatedAt',
];

function holderOf(role: string | null, level: string | null, divisionCode: string | null, assigneeId: string | null): StepHolderDto | undefined {
  if (!role || !level || !divisionCode) return undefined;
  return { candidateRole: role, level, divisionCode, ...(assigneeId ? { assigneeId } : {}) };
}

function toSummary(r: AidApplicationListRow, now: number): AidApplicationSummaryDto {
  const holder = r.current_step ? holderOf(r.holder_role, r.holder_level, r.holder_division_code, r.assignee_id) : undefined;
  return {
    applicationId: r.workflow_id,
    studentId: r.student_id,
    academicYear: r.academic_year,
    ...(r.state ? { state: r.state } : {}),
    villageCode: r.village_code,
    countyCode: r.county_code,
    ...(r.school_code ? { schoolCode: r.school_code } : {}),
    ...(r.stage ? { stage: r.stage } : {}),
    ...(r.current_step ? { currentStep: r.current_step } : {}),
    ...(r.current_step && r.held_by ? { heldBy: r.held_by } : {}),
    ...(holder ? { holder } : {}),
    ...(r.current_step && r.due_at ? { dueAt: r.due_at.toISOString() } : {}),
    overdue: !!(r.current_step && r.due_at && r.due_at.getTime() < now),
    ...(r.standards_version ? { standardsVersion: r.standards_version } : {}),
    cashFen: Number(r.cash_fen),
    appealed: r.appealed,
    updatedAt: r.updated_at.toISOString(),
  };
}

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
    private readonly workflows: WorkflowStarter,
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
    await this.applications.record({
      workflowId,
      studentId: body.studentId,
      academicYear: body.academicYear,
      villageCode: facts.village_code,
      countyCode: facts.county_code,
      schoolCode: facts.school_code,
      submittedBy: caller.userId,
      stage: facts.stage,
      submittedAt: new Date(),
    });
    // A second start with the same business key is refused by Temporal (409 by the exception filter).
    await this.workflows.start(AID_APPLICATION_WORKFLOW, {
      workflowId,
      args: [input],
    });
    return { applicationId: workflowId, state: 'checking' };
  }

  /**
   * One application, from its durable row (and the ledger's rows of it). An application started
   * before the record existed, and not moved since, has no recorded state: its workflow is asked
   * instead (while its history lasts); its first transition after the upgrade fills the row.
   */
  async get(caller: Caller, applicationId: string): Promise<AidApplicationDto> {
    const row = await this.inScope(caller, applicationId);
    const [status, payments, bankAccount] = await Promise.all([
      row.state ? Promise.resolve(this.fromRow(row)) : this.fromWorkflow(applicationId),
      this.ledger.ofApplication(applicationId),
      this.accounts.masked(row.studentId),
    ]);
    return {
      ...status,
      ...(row.stage ? { stage: row.stage } : {}),
      payments: payments.map((p) => ({
        semester: p.semester,
        scheme: p.scheme,
        amountFen: Number(p.amount_fen),
        status: p.status,
        ...(p.bank_reference ? { bankReference: p.bank_reference } : {}),
        ...(p.failure_reason || p.cancel_reason ? { reason: (p.failure_reason ?? p.cancel_reason) as string } : {}),
        ...(p.paid_at ? { paidAt: p.paid_at.toISOString() } : {}),
      })),
      bankAccount,
    };
  }

  /** A page of applications inside the caller's jurisdiction, filtered; keyset on the application id. */
  async list(caller: Caller, query: AidApplicationQueryDto): Promise<AidApplicationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.applications.list(caller.scope, { ...query, limit: limit + 1 });
    const now = Date.now();
    const items = rows.slice(0, limit).map((r) => toSummary(r, now));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].applicationId : undefined };
  }

  /**
   * Every application the filters select (not a page: `after` and `limit` are ignored), as CSV. The
   * selection is walked by key a chunk at a time; the platform writer guards against formulas.
   */
  async exportCsv(caller: Caller, query: AidApplicationQueryDto): Promise<string> {
    const lines: (string | number | boolean | undefined)[][] = [];
    const now = Date.now();
    let after: string | undefined;
    for (;;) {
      const rows = await this.applications.list(caller.scope, { ...query, after, limit: EXPORT_CHUNK });
      for (const r of rows) {
        const a = toSummary(r, now);
        lines.push([a.applicationId, a.studentId, a.academicYear, a.state, a.villageCode, a.countyCode, a.schoolCode, a.stage, a.currentStep, a.heldBy, a.holder?.assigneeId, a.dueAt, a.overdue, a.standardsVersion, a.cashFen, a.appealed, a.updatedAt]);
      }
      if (rows.length < EXPORT_CHUNK) break;
      after = rows[rows.length - 1].workflow_id;
    }
    return csvDocument(CSV_HEADER, lines);
  }

  /** How many applications are in each state, inside the caller's jurisdiction (and the division asked). */
  async counts(caller: Caller, divisionCode: string | undefined): Promise<AidApplicationCountsDto> {
    const rows = await this.applications.countByState(caller.scope, divisionCode);
    const states = rows.map((r) => ({ state: r.state ?? 'unrecorded', count: Number(r.count) }));
    return { ...(divisionCode ? { divisionCode } : {}), total: states.reduce((sum, s) => sum + s.count, 0), states };
  }

  private fromRow(row: AidApplicationEntity): Omit<AidApplicationDto, 'payments' | 'bankAccount'> {
    const open = !!row.currentStep;
    const holder = open ? holderOf(row.holderRole, row.holderLevel, row.holderDivisionCode, row.assigneeId) : undefined;
    return {
      applicationId: row.workflowId,
      source: 'record',
      studentId: row.studentId,
      academicYear: row.academicYear,
      state: row.state as string,
      ...(open ? { currentStep: row.currentStep as string } : {}),
      ...(open && row.heldBy ? { heldBy: row.heldBy } : {}),
      ...(holder ? { holder } : {}),
      ...(open && row.pendingTaskId ? { pendingTaskId: row.pendingTaskId } : {}),
      ...(open && row.dueAt ? { dueAt: row.dueAt.toISOString() } : {}),
      ...(row.standardsVersion ? { standardsVersion: row.standardsVersion } : {}),
      entitlement: row.entitlement,
      cashFen: row.cashFen,
      needsHigherSignOff: row.needsHigherSignOff,
      appealed: row.appealed,
      ...(row.appealDeadline ? { appealDeadline: row.appealDeadline.toISOString() } : {}),
      reasons: row.reasons,
      reasonCodes: row.reasons.map(reasonOf),
      timeline: row.timeline,
    };
  }

  private async fromWorkflow(applicationId: string): Promise<Omit<AidApplicationDto, 'payments' | 'bankAccount'>> {
    let status: AidApplicationStatus;
    try {
      status = await this.workflows.handle(applicationId).query<AidApplicationStatus>('aidApplicationStatus');
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError('aid-application.record-unavailable', 'not-found', `Aid application ${applicationId} was started before applications were recorded, and its workflow history is gone.`);
      }
      throw error;
    }
    return {
      applicationId,
      source: 'workflow',
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
      reasonCodes: status.reasons.map(reasonOf),
      timeline: status.timeline,
    };
  }

  async withdraw(caller: Caller, applicationId: string, reason: string): Promise<AidApplicationAckDto> {
    const row = await this.inScope(caller, applicationId);
    if (row.submittedBy !== caller.userId) denyAccess(caller, 'aid-application.not-submitter', 'submitter', 'Only the submitter may withdraw the application.', applicationId);
    return this.update(applicationId, 'withdrawAidApplication', { by: caller.userId, reason });
  }

  async appeal(caller: Caller, applicationId: string, reason: string): Promise<AidApplicationAckDto> {
    await this.inScope(caller, applicationId);
    return this.update(applicationId, 'appealAidApplication', { by: caller.userId, reason });
  }

  async reportChange(caller: Caller, applicationId: string, kind: ChangeKind, reason: string): Promise<AidApplicationAckDto> {
    const row = await this.inScope(caller, applicationId);
    const change = { kind, reason, reportedBy: caller.userId };
    const handle = this.workflows.handle(applicationId);
    try {
      await handle.signal('aidApplicationChange', change);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // Approved and handed to the payment cycles: the application's own workflow has ended.
      if (row.state === 'approved') return this.changeAfterApproval(applicationId, row.transitionSeq, change);
      throw new DomainError('aid-application.closed', 'conflict', 'The application is closed; changes no longer apply to it.');
    }
    const status = await handle.query<AidApplicationStatus>('aidApplicationStatus');
    return { applicationId, state: status.state };
  }

  /**
   * A change to an approved application whose workflow has ended: the short aid-change workflow
   * cancels or re-plans its payments not yet paid. Its id carries the row's transition, so a second
   * report of the same moment is refused (409) while the first is applied; the answer waits for it.
   */
  private async changeAfterApproval(applicationId: string, seq: number, change: AidChangeInput['change']): Promise<AidApplicationAckDto> {
    const input: AidChangeInput = { applicationId, change };
    const outcome = await this.workflows.execute<(input: AidChangeInput) => Promise<AidChangeResult>>(AID_CHANGE_WORKFLOW, {
      workflowId: aidChangeWorkflowId(applicationId, seq),
      args: [input],
    });
    if (outcome.outcome === 'closed') throw new DomainError('aid-application.closed', 'conflict', 'The application is closed; changes no longer apply to it.');
    return { applicationId, state: outcome.outcome === 'cancelled' ? 'cancelled' : 'approved' };
  }

  async giveBankAccount(caller: Caller, applicationId: string, body: BankAccountDto): Promise<AidApplicationAckDto> {
    const row = await this.inScope(caller, applicationId);
    await this.accounts.upsert(row.studentId, body.accountNumber, body.holderName, caller.userId);
    return { applicationId, state: row.state ?? 'checking' };
  }

  private async update(applicationId: string, name: string, arg: unknown): Promise<AidApplicationAckDto> {
    try {
      const ack = await this.workflows.handle(applicationId).executeUpdate<{ state: string }, [unknown]>(name, { args: [arg] });
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
    return (await this.workflows.statusOf(workflowId)) === 'RUNNING';
  }

  private async inScope(caller: Caller, applicationId: string) {
    const row = await this.applications.find(applicationId);
    if (!row) throw new DomainError('aid-application.not-found', 'not-found', `No aid application ${applicationId}.`);
    assertInScope(caller, { divisionCode: row.villageCode, schoolCode: row.schoolCode ?? undefined }, 'This application');
    return row;
  }
}
