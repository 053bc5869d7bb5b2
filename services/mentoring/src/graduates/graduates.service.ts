import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import {
  Caller,
  GRADUATE_LINK_WORKFLOW,
  GraduateLinkInput,
  GraduateLinkResult,
  MENTORS_CHANGED_SIGNAL,
  MentorsChange,
  graduateLinkWorkflowId,
  jobAssistanceWorkflowId,
} from '@eduaid/contracts';
import { DomainError, WorkflowStarter, assertInScope, denyAccess } from '@eduaid/platform';
import { MentorsRepository } from '../mentors/mentors.repository';
import { mentorRegionPrefix } from '../mentors/mentors.service';
import { AssignMentorsDto, AssignmentDto, AssignmentHistoryDto, GraduateDto, GraduatePageDto, GraduateQueryDto, MentorSuggestionsDto, RegisterGraduateDto, TeamDto } from './dto/graduate.dto';
import { keysetPageOf } from './graduate-rows';
import { AssignmentRow, GraduateRow, GraduatesRepository } from './graduates.repository';
import { suggestMentors } from './mentor-suggestions';

export function graduateDto(g: GraduateRow): GraduateDto {
  return {
    id: g.id,
    studentId: g.studentId,
    name: g.name,
    universityCode: g.universityCode,
    countyCode: g.countyCode.trim(),
    villageCode: g.villageCode.trim(),
    ...(g.major !== null ? { major: g.major } : {}),
    degreeLevel: g.degreeLevel,
    expectedGraduation: g.expectedGraduation,
    cohort: g.cohort,
    academicStatus: g.academicStatus,
    ...(g.intention !== null ? { intention: g.intention } : {}),
    preferredRegions: g.preferredRegions,
    consentToContact: g.consentToContact,
    source: g.source,
    ...(g.userId ? { userId: g.userId } : {}),
  };
}

export function assignmentDto(a: AssignmentRow): AssignmentDto {
  return {
    mentorId: a.mentor_id,
    ...(a.mentor_user_id ? { mentorUserId: a.mentor_user_id } : {}),
    mentorName: a.mentor_name,
    lead: a.lead,
    assignedBy: a.assigned_by,
    reason: a.reason,
    startedAt: a.started_at.toISOString(),
    ...(a.ended_at ? { endedAt: a.ended_at.toISOString(), endedBy: a.ended_by ?? undefined, endReason: a.end_reason ?? undefined } : {}),
  };
}

/** The place of a graduate, for scope checks: the household's village and the university. */
export const placeOf = (g: GraduateRow) => ({ divisionCode: g.villageCode.trim(), schoolCode: g.universityCode });

/** The graduate base: registration from the registry, reads, mentor suggestions and (re)assignment with history. */
@Injectable()
export class GraduatesService {
  constructor(
    private readonly graduates: GraduatesRepository,
    private readonly mentors: MentorsRepository,
    private readonly workflows: WorkflowStarter,
  ) {}

  /** Registers a graduate: a short workflow reads the student from the registry (students' activity) and writes the link. */
  async register(caller: Caller, body: RegisterGraduateDto): Promise<{ created: boolean; graduate: GraduateDto }> {
    const input: GraduateLinkInput = { ...body, createdBy: caller.userId, callerScope: caller.scope };
    const result = await this.workflows.execute(GRADUATE_LINK_WORKFLOW, {
      workflowId: graduateLinkWorkflowId(body.studentId),
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      workflowExecutionTimeout: '2 minutes',
      args: [input],
    }) as GraduateLinkResult;
    if (!result.linked) {
      if (result.reason === 'out-of-scope') denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', result.detail, `Student ${body.studentId}`);
      if (result.reason === 'not-found') throw new DomainError('graduate.student-not-found', 'not-found', result.detail);
      throw new DomainError('graduate.not-in-higher-education', 'unprocessable', result.detail);
    }
    return { created: result.created, graduate: graduateDto(await this.row(result.graduateId)) };
  }

  async list(caller: Caller, query: GraduateQueryDto): Promise<GraduatePageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.graduates.list(caller.scope, { ...query, limit });
    return keysetPageOf(rows.map(graduateDto), limit, (g) => g.id);
  }

  async show(caller: Caller, graduateId: string): Promise<GraduateDto> {
    return graduateDto(await this.inScope(caller, graduateId));
  }

  async team(caller: Caller, graduateId: string): Promise<TeamDto> {
    await this.inScope(caller, graduateId);
    return this.teamOf(graduateId);
  }

  async history(caller: Caller, graduateId: string): Promise<AssignmentHistoryDto> {
    await this.inScope(caller, graduateId);
    return { graduateId, assignments: (await this.graduates.assignmentHistory(graduateId)).map(assignmentDto) };
  }

  async suggestions(caller: Caller, graduateId: string): Promise<MentorSuggestionsDto> {
    const g = await this.inScope(caller, graduateId);
    const current = new Set((await this.graduates.currentAssignments(graduateId)).map((a) => a.mentor_id));
    const candidates = (await this.mentors.withRoom(mentorRegionPrefix(caller.scope).slice(0, 2), 2000)).filter((m) => !current.has(m.id));
    const byId = new Map(candidates.map((m) => [m.id, m]));
    const ranked = suggestMentors(
      { intention: g.intention, major: g.major, countyCode: g.countyCode.trim(), preferredRegions: g.preferredRegions },
      candidates.map((m) => ({ id: m.id, regionCode: m.region_code, expertise: m.expertise, load: m.load, capacity: m.capacity, active: m.active })),
    );
    return {
      graduateId,
      suggestions: ranked.map((s) => {
        const m = byId.get(s.mentorId)!;
        return { mentorId: m.id, name: m.name, regionCode: m.region_code, load: m.load, capacity: m.capacity, score: s.score, matches: s.matches };
      }),
    };
  }

  /**
   * Sets the graduate's team (one mentor: one-on-one; several: a team with a lead). Mentors leaving
   * keep their assignment as history; new ones must be active with room. A running case is told, so
   * its reminders and the caseload follow the new team.
   */
  async assign(caller: Caller, graduateId: string, body: AssignMentorsDto): Promise<TeamDto> {
    await this.inScope(caller, graduateId);
    if (!body.mentorIds.includes(body.leadMentorId)) {
      throw new DomainError('assignment.lead-not-in-team', 'invalid', 'The lead mentor must be one of the team.', [{ field: 'leadMentorId', message: 'leadMentorId must be one of mentorIds' }]);
    }
    const mentors = await this.mentors.findMany(body.mentorIds);
    const missing = body.mentorIds.filter((id) => !mentors.some((m) => m.id === id));
    if (missing.length) throw new DomainError('mentor.not-found', 'not-found', `No mentor ${missing.join(', ')}.`);
    const current = new Set((await this.graduates.currentAssignments(graduateId)).map((a) => a.mentor_id));
    for (const m of mentors) {
      if (!m.user_id) throw new DomainError('mentor.no-user', 'unprocessable', `Mentor ${m.id} (${m.name}) has no user, so could not see the case.`);
      if (current.has(m.id)) continue;
      if (!m.active) throw new DomainError('mentor.inactive', 'conflict', `Mentor ${m.id} (${m.name}) is not active.`);
      if (m.load >= m.capacity) throw new DomainError('mentor.at-capacity', 'conflict', `Mentor ${m.id} (${m.name}) has ${m.load} of ${m.capacity} graduates.`);
    }
    await this.graduates.replaceTeam(graduateId, body.mentorIds.map((id) => ({ mentorId: id, lead: id === body.leadMentorId })), caller.userId, body.reason);
    const lead = mentors.find((m) => m.id === body.leadMentorId)!;
    const change: MentorsChange = { by: caller.userId, mentorUserIds: mentors.map((m) => m.user_id as string), leadMentorUserId: lead.user_id as string, reason: body.reason };
    try {
      await this.workflows.handle(jobAssistanceWorkflowId(graduateId)).signal(MENTORS_CHANGED_SIGNAL, change);
    } catch (error) {
      // No case yet (or it has closed): the team is recorded; a case opened later starts with it.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return this.teamOf(graduateId);
  }

  async teamOf(graduateId: string): Promise<TeamDto> {
    const rows = await this.graduates.currentAssignments(graduateId);
    return { graduateId, mode: rows.length > 1 ? 'team' : 'one-on-one', mentors: rows.map(assignmentDto) };
  }

  async inScope(caller: Caller, graduateId: string): Promise<GraduateRow> {
    const g = await this.row(graduateId);
    assertInScope(caller, placeOf(g), `Graduate ${graduateId}`);
    return g;
  }

  async row(graduateId: string): Promise<GraduateRow> {
    const g = await this.graduates.find(graduateId);
    if (!g) throw new DomainError('graduate.not-found', 'not-found', `No graduate ${graduateId}.`);
    return g;
  }
}
