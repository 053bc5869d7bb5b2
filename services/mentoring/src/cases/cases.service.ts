import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CLAIM_OUTCOME_UPDATE,
  CONFIRM_CHECK_IN_UPDATE,
  Caller,
  CaseUpdateAck,
  DEFAULT_JOB_ASSISTANCE_SETTINGS,
  JOB_ASSISTANCE_WORKFLOW,
  JobAssistanceInput,
  RECORD_ASSESSMENT_UPDATE,
  RECORD_PLAN_UPDATE,
  REPORT_JOB_LOST_UPDATE,
  caseNoteOf,
  graduateUserId,
  jobAssistanceWorkflowId,
} from '@eduaid/contracts';
import { DomainError, UpdateRefusals, WorkflowStarter, assertInScope, denyAccess } from '@eduaid/platform';
import { keysetPageOf, placeOfRow } from '../graduates/graduate-rows';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { GraduatesService, placeOf } from '../graduates/graduates.service';
import { CaseRow, CasesRepository, EventRow } from './cases.repository';
import { StaffNamesClient } from './staff-names.client';
import {
  AssessmentDto,
  CaseAckDto,
  CaseActivityDto,
  CaseDto,
  CaseEventDto,
  CaseEventPageDto,
  CasePageDto,
  CaseQueryDto,
  CaseloadDto,
  CaseloadQueryDto,
  ClaimOutcomeDto,
  EventsQueryDto,
  MyCaseDto,
  NoteDto,
  OwnCaseEventDto,
  OpenCaseDto,
  OpenedCaseDto,
  PlanDto,
} from './dto/case.dto';

/** What a workflow's refusal (its Update validator's failure type) means to a client. */
const UPDATE_FAILURES: UpdateRefusals = {
  WrongPhase: { code: 'case.wrong-phase', kind: 'conflict' },
  NotYourCase: { code: 'case.not-yours', kind: 'forbidden' },
  ClaimPending: { code: 'case.claim-pending', kind: 'conflict' },
};

export function caseDto(c: CaseRow, now = Date.now()): CaseDto {
  return {
    graduateId: c.graduate_id,
    graduateName: c.graduate_name,
    workflowId: c.workflow_id,
    phase: c.phase,
    countyCode: c.county_code.trim(),
    ...(c.lead_mentor_user_id ? { leadMentorUserId: c.lead_mentor_user_id } : {}),
    mentorUserIds: c.mentor_user_ids,
    // The team by name, the lead first (as the graduate's own case lists them).
    mentors: [...c.mentor_user_ids]
      .sort((a, b) => Number(b === c.lead_mentor_user_id) - Number(a === c.lead_mentor_user_id))
      .map((userId) => ({ userId, name: (c.mentor_names ?? []).find((m) => m.userId === userId)?.name ?? userId, lead: userId === c.lead_mentor_user_id })),
    cadenceDays: c.cadence_days,
    ...(c.next_due_at ? { nextCheckInDueAt: c.next_due_at.toISOString() } : {}),
    overdue: !c.closed_at && !!c.next_due_at && c.next_due_at.getTime() < now,
    checkIns: c.check_ins,
    missed: c.missed,
    ...(c.outcome ? { outcome: c.outcome } : {}),
    ...(c.claimed_outcome ? { claimedOutcome: c.claimed_outcome } : {}),
    reopened: c.reopened,
    runs: c.runs,
    openedAt: c.opened_at.toISOString(),
    ...(c.placed_at ? { placedAt: c.placed_at.toISOString() } : {}),
    ...(c.closed_at ? { closedAt: c.closed_at.toISOString() } : {}),
  };
}

/** Who a reminder eduaid sent itself is logged as (mentor-reminders.service.ts). */
const SYSTEM_ACTOR = 'system';
const eventDto = (e: EventRow): CaseEventDto => {
  const noteCode = caseNoteOf(e.kind, e.note);
  return { id: e.id, at: e.at.toISOString(), by: e.actor, ...(e.actor_name ? { byName: e.actor_name } : {}), kind: e.kind, ...(e.note ? { note: e.note } : {}), ...(noteCode ? { noteCode } : {}) };
};

/**
 * An event's note as the graduate reads it: a change of their mentors says why, not which user ids
 * (the graduate sees people by name only; their current mentors are listed by name beside it).
 */
function ownNote(e: EventRow): Pick<OwnCaseEventDto, 'note' | 'noteCode'> {
  const noteCode = caseNoteOf(e.kind, e.note);
  if (noteCode?.code === 'mentors-changed') return { note: noteCode.reason, noteCode: { code: noteCode.code, reason: noteCode.reason } };
  return { ...(e.note ? { note: e.note } : {}), ...(noteCode ? { noteCode } : {}) };
}

/**
 * Job-assistance cases: opened by a caseworker (the workflow `job-assistance:<graduateId>`), read from
 * the durable row; mentors work their caseload and graduates their own case through the workflow's
 * Updates. Who may touch a case: staff in whose jurisdiction the graduate lies, the case's mentors,
 * and the graduate; nobody else, whatever the route.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly graduates: GraduatesRepository,
    private readonly graduatesService: GraduatesService,
    private readonly workflows: WorkflowStarter,
    private readonly staffNames: StaffNamesClient,
  ) {}

  async open(caller: Caller, body: OpenCaseDto): Promise<OpenedCaseDto> {
    const g = await this.graduatesService.inScope(caller, body.graduateId);
    const team = await this.graduates.currentAssignments(g.id);
    if (team.length === 0) throw new DomainError('case.no-mentors', 'conflict', 'Assign a mentor (PUT /graduates/:id/mentors) before opening the case.');
    const lead = team.find((a) => a.lead) ?? team[0];
    const workflowId = jobAssistanceWorkflowId(g.id);
    const cadenceDays = body.cadenceDays ?? DEFAULT_JOB_ASSISTANCE_SETTINGS.cadenceDays;
    const mentorUserIds = team.map((a) => a.mentor_user_id).filter((u): u is string => !!u);
    if (!(await this.cases.open(g.id, workflowId, mentorUserIds, lead.mentor_user_id as string, cadenceDays, caller.userId))) {
      throw new DomainError('case.already-open', 'conflict', `Graduate ${g.id} has a job-assistance case already.`);
    }
    const userId = g.userId ?? graduateUserId(g.id);
    await this.graduates.setUser(g.id, userId);
    const input: JobAssistanceInput = {
      graduateId: g.id,
      graduateUserId: userId,
      displayName: g.name,
      openedBy: caller.userId,
      place: placeOf(g),
      mentorUserIds,
      leadMentorUserId: lead.mentor_user_id as string,
      settings: { ...DEFAULT_JOB_ASSISTANCE_SETTINGS, cadenceDays },
    };
    await this.workflows.startOnceOrUndo(JOB_ASSISTANCE_WORKFLOW, { workflowId, args: [input] }, () => this.cases.forget(g.id));
    return { graduateId: g.id, workflowId, graduateUserId: userId };
  }

  async list(caller: Caller, query: CaseQueryDto): Promise<CasePageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.cases.list(caller.scope, { ...query, limit });
    return keysetPageOf(rows.map((r) => caseDto(r)), limit, (c) => c.graduateId);
  }

  async show(caller: Caller, graduateId: string): Promise<CaseDto> {
    return caseDto(await this.readable(caller, graduateId));
  }

  async events(caller: Caller, graduateId: string, query: EventsQueryDto): Promise<CaseEventPageDto> {
    await this.readable(caller, graduateId);
    const limit = query.limit ?? 100;
    return keysetPageOf((await this.cases.events(graduateId, query.after, limit)).map(eventDto), limit, (e) => e.id);
  }

  // ——— a mentor's work ———

  async caseload(caller: Caller, query: CaseloadQueryDto): Promise<CaseloadDto> {
    const limit = query.limit ?? 50;
    const counts = await this.cases.caseloadCounts(caller.userId);
    const rows = await this.cases.list(undefined, { mentorUserId: caller.userId, open: true, overdue: query.overdue, after: query.after, limit });
    return { open: counts.open, overdue: counts.overdue, dueThisWeek: counts.due_this_week, ...keysetPageOf(rows.map((r) => caseDto(r)), limit, (c) => c.graduateId) };
  }

  async assess(caller: Caller, graduateId: string, body: AssessmentDto): Promise<CaseAckDto> {
    await this.mentorsCase(caller, graduateId);
    return this.update(graduateId, RECORD_ASSESSMENT_UPDATE, { by: caller.userId, needs: body.needs });
  }

  async plan(caller: Caller, graduateId: string, body: PlanDto): Promise<CaseAckDto> {
    await this.mentorsCase(caller, graduateId);
    return this.update(graduateId, RECORD_PLAN_UPDATE, { by: caller.userId, plan: body.plan, ...(body.cadenceDays ? { cadenceDays: body.cadenceDays } : {}) });
  }

  async mentorCheckIn(caller: Caller, graduateId: string, body: NoteDto): Promise<CaseAckDto> {
    await this.mentorsCase(caller, graduateId);
    return this.update(graduateId, CONFIRM_CHECK_IN_UPDATE, { by: caller.userId, role: 'mentor', note: body.note });
  }

  async mentorClaim(caller: Caller, graduateId: string, body: ClaimOutcomeDto): Promise<CaseAckDto> {
    await this.mentorsCase(caller, graduateId);
    return this.update(graduateId, CLAIM_OUTCOME_UPDATE, { by: caller.userId, role: 'mentor', ...body });
  }

  async mentorActivity(caller: Caller, graduateId: string, body: CaseActivityDto): Promise<CaseEventDto> {
    const c = await this.mentorsCase(caller, graduateId);
    return this.logActivity(caller, c, body);
  }

  async jobLost(caller: Caller, graduateId: string, body: NoteDto): Promise<CaseAckDto> {
    await this.readable(caller, graduateId);
    return this.update(graduateId, REPORT_JOB_LOST_UPDATE, { by: caller.userId, note: body.note });
  }

  // ——— the graduate's own case ———

  async myCase(caller: Caller): Promise<MyCaseDto> {
    const c = await this.ownCase(caller);
    const team = await this.graduates.currentAssignments(c.graduate_id);
    const recent = await this.cases.latestEvents(c.graduate_id, 20);
    // Staff (whom mentoring cannot name) by their display name from casework: the graduate sees names, never user ids.
    const whom = (e: EventRow): OwnCaseEventDto['byWhom'] => (e.actor === caller.userId ? 'you' : e.actor === SYSTEM_ACTOR ? 'system' : e.actor_name ? 'mentor' : 'staff');
    const staff = await this.staffNames.displayNames(recent.filter((e) => whom(e) === 'staff').map((e) => e.actor));
    return {
      case: caseDto(c),
      mentors: team.map((a) => a.mentor_name),
      recent: recent.map((e) => {
        const byWhom = whom(e);
        const byName = byWhom === 'staff' ? staff.get(e.actor) : byWhom === 'system' ? undefined : (e.actor_name ?? undefined);
        return { id: e.id, at: e.at.toISOString(), byWhom, ...(byName ? { byName } : {}), kind: e.kind, ...ownNote(e) };
      }),
    };
  }

  async myCheckIn(caller: Caller, body: NoteDto): Promise<CaseAckDto> {
    const c = await this.ownCase(caller);
    return this.update(c.graduate_id, CONFIRM_CHECK_IN_UPDATE, { by: caller.userId, role: 'graduate', note: body.note });
  }

  async myClaim(caller: Caller, body: ClaimOutcomeDto): Promise<CaseAckDto> {
    const c = await this.ownCase(caller);
    return this.update(c.graduate_id, CLAIM_OUTCOME_UPDATE, { by: caller.userId, role: 'graduate', ...body });
  }

  async myActivity(caller: Caller, body: CaseActivityDto): Promise<CaseEventDto> {
    const c = await this.ownCase(caller);
    if (!['application', 'interview', 'offer'].includes(body.kind)) {
      throw new DomainError('case.activity-not-yours', 'invalid', 'Graduates record applications, interviews and offers; mentors log the rest.', [{ field: 'kind', message: 'kind must be application, interview or offer' }]);
    }
    return this.logActivity(caller, c, body);
  }

  // ——— helpers ———

  private async logActivity(caller: Caller, c: CaseRow, body: CaseActivityDto): Promise<CaseEventDto> {
    if (c.closed_at) throw new DomainError('case.closed', 'conflict', 'The case is closed.');
    const key = `api:${randomUUID()}`;
    const note = [body.employer, body.note].filter(Boolean).join(': ') || undefined;
    return eventDto(await this.cases.addEvent(c.graduate_id, key, caller.userId, body.kind, note, { employer: body.employer ?? null }));
  }

  private async update(graduateId: string, name: string, request: object): Promise<CaseAckDto> {
    const ack = await this.workflows.update<CaseUpdateAck, object>(jobAssistanceWorkflowId(graduateId), name, request, UPDATE_FAILURES, () => new DomainError('case.closed', 'conflict', 'The case is closed.'));
    return { phase: ack.phase, ...(ack.nextDueAt ? { nextCheckInDueAt: ack.nextDueAt } : {}) };
  }

  private async row(graduateId: string): Promise<CaseRow> {
    const c = await this.cases.find(graduateId);
    if (!c) throw new DomainError('case.not-found', 'not-found', `Graduate ${graduateId} has no job-assistance case.`);
    return c;
  }

  /** Staff in whose jurisdiction the graduate lies, or one of the case's mentors. */
  private async readable(caller: Caller, graduateId: string): Promise<CaseRow> {
    const c = await this.row(graduateId);
    if (caller.roles.includes('mentor') && c.mentor_user_ids.includes(caller.userId)) return c;
    if (caller.roles.some((r) => r !== 'mentor' && r !== 'graduate')) {
      assertInScope(caller, placeOfRow(c), `Case of graduate ${graduateId}`);
      return c;
    }
    return denyAccess(caller, 'case.not-yours', 'not-your-case', `The case of graduate ${graduateId} is not one of yours.`, `Case of graduate ${graduateId}`);
  }

  private async mentorsCase(caller: Caller, graduateId: string): Promise<CaseRow> {
    const c = await this.row(graduateId);
    if (!c.mentor_user_ids.includes(caller.userId)) denyAccess(caller, 'case.not-yours', 'not-your-case', `You are not a mentor of graduate ${graduateId}'s case.`, `Case of graduate ${graduateId}`);
    return c;
  }

  private async ownCase(caller: Caller): Promise<CaseRow> {
    const g = await this.graduates.findByUser(caller.userId);
    if (!g) throw new DomainError('case.not-found', 'not-found', 'You have no job-assistance case.');
    return this.row(g.id);
  }
}
