import { Injectable } from '@nestjs/common';
import {
  COMMITMENT_ENDED_UPDATE,
  Caller,
  CommitmentEndedAck,
  CommitmentEndedRequest,
  CommitmentEvidence,
  CommitmentKind,
  DEFAULT_GRADUATE_COMPENSATION_SETTINGS,
  GRADUATE_COMPENSATION_WORKFLOW,
  GraduateCompensationInput,
  graduateCompensationWorkflowId,
} from '@eduaid/contracts';
import { compensationFactsProblems, compensationPolicyOn, reasonOf } from '@eduaid/policy';
import { DomainError, UpdateRefusals, WorkflowStarter, assertInScope } from '@eduaid/platform';
import { keysetPageOf, placeOfRow } from '../graduates/graduate-rows';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { GraduatesService, placeOf } from '../graduates/graduates.service';
import { CompensationRow, CompensationsRepository } from './compensations.repository';
import {
  CommitmentEndedAckDto,
  CommitmentEndedDto,
  CompensationDto,
  CompensationPageDto,
  CompensationQueryDto,
  FileCompensationDto,
  FiledCompensationDto,
} from './dto/compensation.dto';

/** What the workflow's refusal of an early end (its Update validator's failure type) means to a client. */
const UPDATE_FAILURES: UpdateRefusals = {
  CompensationClosed: { code: 'compensation.closed', kind: 'conflict' },
  AlreadyEnded: { code: 'compensation.already-ended', kind: 'conflict' },
  EndBeforeStart: { code: 'compensation.end-before-start', kind: 'unprocessable' },
};

export function compensationDto(c: CompensationRow): CompensationDto {
  const s = c.status;
  return {
    graduateId: c.graduate_id,
    graduateName: c.graduate_name,
    workflowId: c.workflow_id,
    state: c.state,
    countyCode: c.county_code.trim(),
    evidence: {
      commitment: c.commitment,
      unitName: c.unit_name,
      serviceCountyCode: c.service_county_code.trim(),
      startDate: c.start_date,
      committedYears: c.committed_years,
      proofReference: c.proof_reference,
    },
    tuitionPaidFen: Number(c.tuition_paid_fen),
    loanOutstandingFen: Number(c.loan_outstanding_fen),
    studyYears: c.study_years,
    ...(s?.step ? { step: s.step } : {}),
    ...(s?.heldBy ? { heldBy: s.heldBy } : {}),
    ...(s?.taskId ? { taskId: s.taskId } : {}),
    ...(s?.dueAt ? { dueAt: s.dueAt } : {}),
    ...(s?.policyVersion ? { policyVersion: s.policyVersion } : {}),
    lines: s?.lines ?? [],
    totalFen: Number(c.total_fen),
    needsHigherSignOff: s?.needsHigherSignOff ?? false,
    instalments: s?.instalments ?? [],
    ...(s?.endedEarly ? { endedEarly: s.endedEarly } : {}),
    reasons: s?.reasons ?? [],
    reasonCodes: (s?.reasons ?? []).map(reasonOf),
    timeline: s?.timeline ?? [],
    filedBy: c.filed_by,
    filedAt: c.filed_at.toISOString(),
  };
}

/**
 * Tuition compensation and loan repayment. A caseworker files it for the graduate (the graduate does
 * not file it: the evidence is the employer's or the army's papers, which the caseworker holds); the
 * workflow `graduate-compensation:<graduateId>` verifies, reviews, plans and stops it; the durable
 * row is what GET and lists read. Staff see compensations in their jurisdiction, the graduate their
 * own (GET /my-compensation), mentors nothing.
 */
@Injectable()
export class CompensationsService {
  constructor(
    private readonly compensations: CompensationsRepository,
    private readonly graduates: GraduatesRepository,
    private readonly graduatesService: GraduatesService,
    private readonly workflows: WorkflowStarter,
  ) {}

  async file(caller: Caller, body: FileCompensationDto): Promise<FiledCompensationDto> {
    const g = await this.graduatesService.inScope(caller, body.graduateId);
    const policy = compensationPolicyOn(new Date().toISOString());
    if (body.commitment === 'grassroots-service' && body.committedYears < policy.minServiceYears) {
      throw new DomainError('compensation.service-too-short', 'unprocessable', `Grassroots service must be committed for at least ${policy.minServiceYears} years (policy ${policy.version}).`, [
        { field: 'committedYears', message: `committedYears must be at least ${policy.minServiceYears} for grassroots service` },
      ]);
    }
    const facts = { tuitionPaidFen: body.tuitionPaidFen, loanOutstandingFen: body.loanOutstandingFen, studyYears: body.studyYears };
    const problems = compensationFactsProblems(facts, policy);
    if (problems.length) {
      throw new DomainError('compensation.nothing-to-compensate', 'invalid', problems.join('; '), [{ field: 'tuitionPaidFen', message: problems.join('; ') }]);
    }
    const workflowId = graduateCompensationWorkflowId(g.id);
    const evidence: CommitmentEvidence = {
      commitment: body.commitment as CommitmentKind,
      unitName: body.unitName,
      serviceCountyCode: body.serviceCountyCode,
      startDate: body.startDate,
      committedYears: body.committedYears,
      proofReference: body.proofReference,
    };
    const filed = await this.compensations.file({ graduateId: g.id, workflowId, evidence, ...facts, filedBy: caller.userId });
    if (!filed) throw new DomainError('compensation.already-filed', 'conflict', `Graduate ${g.id} has a compensation filed already.`);
    const input: GraduateCompensationInput = {
      graduateId: g.id,
      studentId: g.studentId,
      submittedBy: caller.userId,
      place: placeOf(g),
      evidence,
      ...facts,
      settings: DEFAULT_GRADUATE_COMPENSATION_SETTINGS,
    };
    await this.workflows.startOnceOrUndo(GRADUATE_COMPENSATION_WORKFLOW, { workflowId, args: [input] }, () => this.compensations.forget(g.id));
    return { graduateId: g.id, workflowId, state: 'verifying' };
  }

  async list(caller: Caller, query: CompensationQueryDto): Promise<CompensationPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.compensations.list(caller.scope, { ...query, limit });
    return keysetPageOf(rows.map(compensationDto), limit, (c) => c.graduateId);
  }

  async show(caller: Caller, graduateId: string): Promise<CompensationDto> {
    return compensationDto(await this.inScope(caller, graduateId));
  }

  /** A reported change: the commitment ended early; the workflow cancels the instalments not yet paid. */
  async end(caller: Caller, graduateId: string, body: CommitmentEndedDto): Promise<CommitmentEndedAckDto> {
    const c = await this.inScope(caller, graduateId);
    const request: CommitmentEndedRequest = { by: caller.userId, endedOn: body.endedOn, reason: body.reason };
    const ack = await this.workflows.update<CommitmentEndedAck, CommitmentEndedRequest>(c.workflow_id, COMMITMENT_ENDED_UPDATE, request, UPDATE_FAILURES, () => new DomainError('compensation.closed', 'conflict', `The compensation is ${c.state}: nothing left to stop.`));
    return { graduateId, state: ack.state };
  }

  /** The graduate's own compensation (found by their user). */
  async mine(caller: Caller): Promise<CompensationDto> {
    const g = await this.graduates.findByUser(caller.userId);
    const c = g ? await this.compensations.find(g.id) : undefined;
    if (!c) throw new DomainError('compensation.not-found', 'not-found', 'You have no tuition compensation or loan repayment filed.');
    return compensationDto(c);
  }

  private async inScope(caller: Caller, graduateId: string): Promise<CompensationRow> {
    const c = await this.compensations.find(graduateId);
    if (!c) throw new DomainError('compensation.not-found', 'not-found', `Graduate ${graduateId} has no compensation filed.`);
    assertInScope(caller, placeOfRow(c), `Compensation of graduate ${graduateId}`);
    return c;
  }
}
