import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { AssignMentorsDto, AssignmentHistoryDto, GraduateDto, GraduatePageDto, GraduateParamsDto, GraduateQueryDto, MentorSuggestionsDto, RegisterGraduateDto, TeamDto } from './dto/graduate.dto';
import { GraduatesService } from './graduates.service';

const READERS = ['caseworker', 'supervisor', 'programme-admin', 'auditor'] as const;

/** The graduates' real-name base and their mentors. Nothing here is open to mentors or graduates (they use /caseload and /my-case). */
@ApiTags('graduates')
@ApiNotFoundResponse({ description: 'graduate.not-found' })
@ApiForbiddenResponse({ description: 'auth.role-denied, or auth.out-of-scope' })
@Controller('graduates')
export class GraduatesController {
  constructor(private readonly graduates: GraduatesService) {}

  @Post()
  @HttpCode(201)
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Register a student of higher education as a graduate (linked to the registry by student id; 200 when already registered)' })
  @ApiCreatedResponse({ type: GraduateDto })
  @ApiUnprocessableEntityResponse({ description: 'graduate.not-in-higher-education' })
  async register(@Body() body: RegisterGraduateDto, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<GraduateDto> {
    const { created, graduate } = await this.graduates.register(caller, body);
    if (!created) void reply.status(200);
    return graduate;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Graduates in your jurisdiction; keyset pages (nextCursor → after)' })
  @ApiOkResponse({ type: GraduatePageDto })
  list(@Query() query: GraduateQueryDto, @CurrentCaller() caller: Caller): Promise<GraduatePageDto> {
    return this.graduates.list(caller, query);
  }

  @Get(':graduateId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One graduate' })
  @ApiOkResponse({ type: GraduateDto })
  show(@Param() params: GraduateParamsDto, @CurrentCaller() caller: Caller): Promise<GraduateDto> {
    return this.graduates.show(caller, params.graduateId);
  }

  @Get(':graduateId/mentors')
  @Roles(...READERS)
  @ApiOperation({ summary: "The graduate's mentors now (one-on-one, or a team with a lead)" })
  @ApiOkResponse({ type: TeamDto })
  team(@Param() params: GraduateParamsDto, @CurrentCaller() caller: Caller): Promise<TeamDto> {
    return this.graduates.team(caller, params.graduateId);
  }

  @Put(':graduateId/mentors')
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Assign or reassign: the new team replaces the old; ended assignments are kept as history; a running case follows' })
  @ApiOkResponse({ type: TeamDto })
  @ApiConflictResponse({ description: 'mentor.inactive, or mentor.at-capacity' })
  assign(@Param() params: GraduateParamsDto, @Body() body: AssignMentorsDto, @CurrentCaller() caller: Caller): Promise<TeamDto> {
    return this.graduates.assign(caller, params.graduateId, body);
  }

  @Get(':graduateId/mentors/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every assignment of the graduate, oldest first' })
  @ApiOkResponse({ type: AssignmentHistoryDto })
  history(@Param() params: GraduateParamsDto, @CurrentCaller() caller: Caller): Promise<AssignmentHistoryDto> {
    return this.graduates.history(caller, params.graduateId);
  }

  @Get(':graduateId/mentor-suggestions')
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Active mentors with room, best match first (intention, region, major)' })
  @ApiOkResponse({ type: MentorSuggestionsDto })
  suggestions(@Param() params: GraduateParamsDto, @CurrentCaller() caller: Caller): Promise<MentorSuggestionsDto> {
    return this.graduates.suggestions(caller, params.graduateId);
  }
}
