import { Injectable } from '@nestjs/common';
import type { Caller, CallerScope } from '@eduaid/contracts';
import { DomainError, assertInScope } from '@eduaid/platform';
import { CreateMentorDto, MentorDto, MentorPageDto, MentorQueryDto, UpdateMentorDto } from './dto/mentor.dto';
import { keysetPageOf } from '../graduates/graduate-rows';
import { MentorRow, MentorsRepository } from './mentors.repository';

/** The region prefix a scope lists mentors by: a school's county, else the scope's own code. */
export function mentorRegionPrefix(scope: CallerScope): string {
  return scope.level === 'school' ? scope.code.slice(0, 6) : scope.code;
}

export function mentorDto(m: MentorRow): MentorDto {
  return { id: m.id, ...(m.user_id ? { userId: m.user_id } : {}), name: m.name, kind: m.kind, capacity: m.capacity, load: m.load, expertise: m.expertise, regionCode: m.region_code, active: m.active };
}

/** Mentors: teachers, alumni and enterprise volunteers, with capacity, expertise, region, active or not. */
@Injectable()
export class MentorsService {
  constructor(private readonly mentors: MentorsRepository) {}

  async create(caller: Caller, body: CreateMentorDto): Promise<MentorDto> {
    assertInScope(caller, { divisionCode: body.regionCode }, `A mentor in region ${body.regionCode}`);
    const id = await this.mentors.create({ ...body, createdBy: caller.userId });
    if (!id) throw new DomainError('mentor.user-taken', 'conflict', `User ${body.userId} is a mentor already.`);
    return mentorDto((await this.mentors.find(id)) as MentorRow);
  }

  async update(caller: Caller, mentorId: string, body: UpdateMentorDto): Promise<MentorDto> {
    const mentor = await this.inScope(caller, mentorId);
    if (body.regionCode) assertInScope(caller, { divisionCode: body.regionCode }, `A mentor in region ${body.regionCode}`);
    if (body.capacity !== undefined && body.capacity < mentor.load) {
      throw new DomainError('mentor.capacity-below-load', 'conflict', `The mentor has ${mentor.load} graduates now; reassign some before lowering the capacity to ${body.capacity}.`);
    }
    await this.mentors.update(mentorId, body);
    return mentorDto((await this.mentors.find(mentorId)) as MentorRow);
  }

  async show(caller: Caller, mentorId: string): Promise<MentorDto> {
    return mentorDto(await this.inScope(caller, mentorId));
  }

  async list(caller: Caller, query: MentorQueryDto): Promise<MentorPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.mentors.list(mentorRegionPrefix(caller.scope), { active: query.active, after: query.after, limit });
    return keysetPageOf(rows.map(mentorDto), limit, (m) => m.id);
  }

  private async inScope(caller: Caller, mentorId: string): Promise<MentorRow> {
    const mentor = await this.mentors.find(mentorId);
    if (!mentor) throw new DomainError('mentor.not-found', 'not-found', `No mentor ${mentorId}.`);
    const prefix = mentorRegionPrefix(caller.scope);
    // A mentor whose region is inside the caller's, or wider and containing it (a prefecture's mentor serves its counties).
    if (!(mentor.region_code.startsWith(prefix) || prefix.startsWith(mentor.region_code))) assertInScope(caller, { divisionCode: mentor.region_code }, `Mentor ${mentorId}`);
    return mentor;
  }
}
