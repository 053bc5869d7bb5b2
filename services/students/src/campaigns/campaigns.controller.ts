import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CampaignsService } from './campaigns.service';
import {
  CampaignAckDto,
  CampaignDto,
  CampaignExclusionDto,
  CampaignListQueryDto,
  CampaignListsDto,
  CampaignListsQueryDto,
  CampaignParamsDto,
  CampaignReportDto,
  CampaignReportQueryDto,
  CampaignResultsPageDto,
  CampaignResultsQueryDto,
  ExcludeStudentDto,
  StartCampaignDto,
  StudentCampaignTimelineDto,
  StudentParamsDto,
} from './dto/campaign.dto';
import { STUDENT_RECORD_READERS } from '../students/student-readers';

/** The annual campaign: a programme admin opens it for a year and scope; the lists are decided in casework. */
@ApiTags('campaigns')
@ApiBadRequestResponse({ description: 'request.invalid: a field or parameter is invalid' })
@ApiForbiddenResponse({ description: 'auth.role-denied, or auth.out-of-scope: the campaign or student lies outside your jurisdiction' })
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @HttpCode(202)
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Open the campaign of an academic year in a scope within yours: assess every enrolled student, then a list per school, an approval per county, the ledger' })
  @ApiAcceptedResponse({ type: CampaignAckDto })
  @ApiConflictResponse({ description: 'campaign.already-started (this year and scope), or campaign.overlaps (a campaign of the year covers part of the scope)' })
  start(@Body() body: StartCampaignDto, @CurrentCaller() caller: Caller): Promise<CampaignAckDto> {
    return this.campaigns.start(caller, body);
  }

  @Get()
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'Campaigns overlapping your jurisdiction, newest first, with their progress' })
  @ApiOkResponse({ type: [CampaignDto] })
  list(@Query() query: CampaignListQueryDto, @CurrentCaller() caller: Caller): Promise<CampaignDto[]> {
    return this.campaigns.list(caller, query.academicYear);
  }

  @Get(':campaignId')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: "A campaign's state and progress: students assessed and eligible, lists open and decided, counts per county within your jurisdiction" })
  @ApiOkResponse({ type: CampaignDto })
  @ApiNotFoundResponse({ description: 'campaign.not-found' })
  show(@Param() params: CampaignParamsDto, @CurrentCaller() caller: Caller): Promise<CampaignDto> {
    return this.campaigns.show(caller, params.campaignId);
  }

  @Get(':campaignId/lists')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: "The campaign's school lists, county approvals and sign-offs within your jurisdiction: state, decision, who decided, kept and excluded" })
  @ApiOkResponse({ type: CampaignListsDto })
  @ApiNotFoundResponse({ description: 'campaign.not-found' })
  async lists(@Param() params: CampaignParamsDto, @Query() query: CampaignListsQueryDto, @CurrentCaller() caller: Caller): Promise<CampaignListsDto> {
    return { lists: await this.campaigns.lists(caller, params.campaignId, query.countyCode) };
  }

  @Get(':campaignId/students')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: "Per-student results within your jurisdiction (a school's list with schoolCode): lines with rule ids, standards version, reasons, status; keyset pages" })
  @ApiOkResponse({ type: CampaignResultsPageDto })
  @ApiNotFoundResponse({ description: 'campaign.not-found' })
  results(@Param() params: CampaignParamsDto, @Query() query: CampaignResultsQueryDto, @CurrentCaller() caller: Caller): Promise<CampaignResultsPageDto> {
    return this.campaigns.results(caller, params.campaignId, query);
  }

  @Post(':campaignId/exclusions')
  @HttpCode(200)
  @Roles('caseworker', 'approver', 'supervisor')
  @ApiOperation({ summary: 'Take a student off an open list with a reason (a caseworker at the school on its list, an approver of the county on the county list); the student goes the individual path' })
  @ApiOkResponse({ type: CampaignExclusionDto })
  @ApiNotFoundResponse({ description: 'campaign.not-found, or campaign.not-listed: the student is not in the campaign' })
  @ApiConflictResponse({ description: 'campaign.list-closed: the list is not open for review; campaign.not-on-list: the student is not on it now' })
  exclude(@Param() params: CampaignParamsDto, @Body() body: ExcludeStudentDto, @CurrentCaller() caller: Caller): Promise<CampaignExclusionDto> {
    return this.campaigns.exclude(caller, params.campaignId, body);
  }

  @Get(':campaignId/report')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'Per county within your jurisdiction: assessed, eligible, listed, approved, planned, excluded by reason; amounts by scheme and fund (JSON, or CSV with format=csv)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CampaignReportDto })
  @ApiNotFoundResponse({ description: 'campaign.not-found' })
  async report(@Param() params: CampaignParamsDto, @Query() query: CampaignReportQueryDto, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<CampaignReportDto | string> {
    const report = await this.campaigns.report(caller, params.campaignId);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="campaign-${report.academicYear}-${report.scopeCode}.csv"`);
    return this.campaigns.reportCsv(report);
  }
}

/** A student's campaign timeline: results and every bulk decision about them. */
@ApiTags('campaigns')
@Controller('students')
export class StudentCampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get(':studentId/campaign-timeline')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: "A student's campaign results and each list decision about them (confirmed, approved, excluded with reason, planned), oldest first" })
  @ApiOkResponse({ type: StudentCampaignTimelineDto })
  @ApiBadRequestResponse({ description: 'request.invalid: studentId is not a UUID' })
  @ApiForbiddenResponse({ description: 'auth.out-of-scope: the student lies outside your jurisdiction' })
  @ApiNotFoundResponse({ description: 'student.not-found' })
  timeline(@Param() params: StudentParamsDto, @CurrentCaller() caller: Caller): Promise<StudentCampaignTimelineDto> {
    return this.campaigns.studentTimeline(caller, params.studentId);
  }
}
