import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CreateMentorDto, MentorDto, MentorPageDto, MentorParamsDto, MentorQueryDto, UpdateMentorDto } from './dto/mentor.dto';
import { MentorsService } from './mentors.service';

/** Mentors: supervisors and programme admins keep them; caseworkers read them to assign. */
@ApiTags('mentors')
@Controller('mentors')
export class MentorsController {
  constructor(private readonly mentors: MentorsService) {}

  @Post()
  @Roles('supervisor', 'programme-admin')
  @ApiOperation({ summary: 'Add a mentor (region inside your jurisdiction)' })
  @ApiCreatedResponse({ type: MentorDto })
  @ApiConflictResponse({ description: 'mentor.user-taken' })
  create(@Body() body: CreateMentorDto, @CurrentCaller() caller: Caller): Promise<MentorDto> {
    return this.mentors.create(caller, body);
  }

  @Get()
  @Roles('caseworker', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'Mentors in your jurisdiction, with their load; keyset pages (nextCursor → after)' })
  @ApiOkResponse({ type: MentorPageDto })
  list(@Query() query: MentorQueryDto, @CurrentCaller() caller: Caller): Promise<MentorPageDto> {
    return this.mentors.list(caller, query);
  }

  @Get(':mentorId')
  @Roles('caseworker', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'One mentor' })
  @ApiOkResponse({ type: MentorDto })
  @ApiNotFoundResponse({ description: 'mentor.not-found' })
  show(@Param() params: MentorParamsDto, @CurrentCaller() caller: Caller): Promise<MentorDto> {
    return this.mentors.show(caller, params.mentorId);
  }

  @Patch(':mentorId')
  @Roles('supervisor', 'programme-admin')
  @ApiOperation({ summary: 'Change capacity, expertise, region, or mark the mentor inactive (they leave)' })
  @ApiOkResponse({ type: MentorDto })
  @ApiConflictResponse({ description: 'mentor.capacity-below-load' })
  update(@Param() params: MentorParamsDto, @Body() body: UpdateMentorDto, @CurrentCaller() caller: Caller): Promise<MentorDto> {
    return this.mentors.update(caller, params.mentorId, body);
  }
}
