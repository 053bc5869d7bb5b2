import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CasesService } from './cases.service';
import {
  AssessmentDto,
  CaseAckDto,
  CaseActivityDto,
  CaseDto,
  CaseEventDto,
  CaseEventPageDto,
  CasePageDto,
  CaseParamsDto,
  CaseQueryDto,
  CaseloadDto,
  CaseloadQueryDto,
  ClaimOutcomeDto,
  EventsQueryDto,
  MyCaseDto,
  NoteDto,
  OpenCaseDto,
  OpenedCaseDto,
  PlanDto,
} from './dto/case.dto';

const STAFF = ['caseworker', 'supervisor', 'programme-admin', 'auditor'] as const;

/** Job-assistance cases: caseworkers open them; staff read them in their jurisdiction; the case's mentors work them. */
@ApiTags('job-assistance')
@ApiNotFoundResponse({ description: 'case.not-found' })
@ApiForbiddenResponse({ description: 'auth.role-denied, auth.out-of-scope, or case.not-yours (a mentor of another case)' })
@Controller('job-assistance-cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(202)
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: "Open the graduate's case (workflow job-assistance:<graduateId>); casework creates the graduate's account" })
  @ApiAcceptedResponse({ type: OpenedCaseDto })
  @ApiConflictResponse({ description: 'case.no-mentors, or case.already-open' })
  open(@Body() body: OpenCaseDto, @CurrentCaller() caller: Caller): Promise<OpenedCaseDto> {
    return this.cases.open(caller, body);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Cases in your jurisdiction from the durable record; keyset pages (nextCursor → after)' })
  @ApiOkResponse({ type: CasePageDto })
  list(@Query() query: CaseQueryDto, @CurrentCaller() caller: Caller): Promise<CasePageDto> {
    return this.cases.list(caller, query);
  }

  @Get(':graduateId')
  @Roles(...STAFF, 'mentor')
  @ApiOperation({ summary: 'One case: phase, mentors, next check-in, outcome' })
  @ApiOkResponse({ type: CaseDto })
  show(@Param() params: CaseParamsDto, @CurrentCaller() caller: Caller): Promise<CaseDto> {
    return this.cases.show(caller, params.graduateId);
  }

  @Get(':graduateId/events')
  @Roles(...STAFF, 'mentor')
  @ApiOperation({ summary: "Everything logged on the case, oldest first (the workflow's transitions, mentors' and the graduate's activities)" })
  @ApiOkResponse({ type: CaseEventPageDto })
  events(@Param() params: CaseParamsDto, @Query() query: EventsQueryDto, @CurrentCaller() caller: Caller): Promise<CaseEventPageDto> {
    return this.cases.events(caller, params.graduateId, query);
  }

  @Post(':graduateId/assessment')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: "The needs assessment (a mentor of the case; phase 'assessment')" })
  @ApiOkResponse({ type: CaseAckDto })
  @ApiConflictResponse({ description: 'case.wrong-phase, or case.closed' })
  assess(@Param() params: CaseParamsDto, @Body() body: AssessmentDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.assess(caller, params.graduateId, body);
  }

  @Post(':graduateId/plan')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: "The assistance plan and check-in cadence (phase 'planning'); check-ins start" })
  @ApiOkResponse({ type: CaseAckDto })
  @ApiConflictResponse({ description: 'case.wrong-phase, or case.closed' })
  plan(@Param() params: CaseParamsDto, @Body() body: PlanDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.plan(caller, params.graduateId, body);
  }

  @Post(':graduateId/check-ins')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: 'A check-in held; the next is due one cadence later' })
  @ApiOkResponse({ type: CaseAckDto })
  @ApiConflictResponse({ description: 'case.wrong-phase, or case.closed' })
  checkIn(@Param() params: CaseParamsDto, @Body() body: NoteDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.mentorCheckIn(caller, params.graduateId, body);
  }

  @Post(':graduateId/activities')
  @Roles('mentor')
  @ApiOperation({ summary: 'Log what was done: guidance session, training, job-fair referral, job recommendation, application, interview, offer' })
  @ApiCreatedResponse({ type: CaseEventDto })
  activity(@Param() params: CaseParamsDto, @Body() body: CaseActivityDto, @CurrentCaller() caller: Caller): Promise<CaseEventDto> {
    return this.cases.mentorActivity(caller, params.graduateId, body);
  }

  @Post(':graduateId/outcome-claims')
  @HttpCode(200)
  @Roles('mentor')
  @ApiOperation({ summary: 'Claim an outcome; a caseworker verifies it (a casework task)' })
  @ApiOkResponse({ type: CaseAckDto })
  @ApiConflictResponse({ description: 'case.wrong-phase, case.claim-pending, or case.closed' })
  claim(@Param() params: CaseParamsDto, @Body() body: ClaimOutcomeDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.mentorClaim(caller, params.graduateId, body);
  }

  @Post(':graduateId/job-lost')
  @HttpCode(200)
  @Roles('caseworker', 'supervisor', 'mentor')
  @ApiOperation({ summary: 'The job was lost within the follow-up window: the case reopens' })
  @ApiOkResponse({ type: CaseAckDto })
  @ApiConflictResponse({ description: 'case.wrong-phase (not in follow-up), or case.closed' })
  jobLost(@Param() params: CaseParamsDto, @Body() body: NoteDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.jobLost(caller, params.graduateId, body);
  }
}

/** A mentor's own caseload: nothing of aid, only their cases. */
@ApiTags('job-assistance')
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Roles('mentor')
  @ApiOperation({ summary: 'Your open cases (due and overdue counted); keyset pages' })
  @ApiOkResponse({ type: CaseloadDto })
  caseload(@Query() query: CaseloadQueryDto, @CurrentCaller() caller: Caller): Promise<CaseloadDto> {
    return this.cases.caseload(caller, query);
  }
}

/** The graduate's own case, and nothing of anyone else's. */
@ApiTags('job-assistance')
@ApiNotFoundResponse({ description: 'case.not-found: you have no case' })
@Controller('my-case')
export class MyCaseController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Roles('graduate')
  @ApiOperation({ summary: 'Your case, plan phase, mentors and next check-in, with the latest entries' })
  @ApiOkResponse({ type: MyCaseDto })
  show(@CurrentCaller() caller: Caller): Promise<MyCaseDto> {
    return this.cases.myCase(caller);
  }

  @Post('check-ins')
  @HttpCode(200)
  @Roles('graduate')
  @ApiOperation({ summary: 'Confirm a check-in with your mentor' })
  @ApiOkResponse({ type: CaseAckDto })
  checkIn(@Body() body: NoteDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.myCheckIn(caller, body);
  }

  @Post('activities')
  @Roles('graduate')
  @ApiOperation({ summary: 'Record an application, interview or offer' })
  @ApiCreatedResponse({ type: CaseEventDto })
  activity(@Body() body: CaseActivityDto, @CurrentCaller() caller: Caller): Promise<CaseEventDto> {
    return this.cases.myActivity(caller, body);
  }

  @Post('outcome-claims')
  @HttpCode(200)
  @Roles('graduate')
  @ApiOperation({ summary: 'Claim an outcome (a job, own business, further study, enlisted, civil service)' })
  @ApiOkResponse({ type: CaseAckDto })
  claim(@Body() body: ClaimOutcomeDto, @CurrentCaller() caller: Caller): Promise<CaseAckDto> {
    return this.cases.myClaim(caller, body);
  }
}
