import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { AidApplicationsService } from './aid-applications.service';
import {
  AidApplicationAckDto,
  AidApplicationCountsDto,
  AidApplicationCountsQueryDto,
  AidApplicationDto,
  AidApplicationPageDto,
  AidApplicationParamsDto,
  AidApplicationQueryDto,
  ApplyForAidDto,
  BankAccountDto,
  ReasonDto,
  ReportChangeDto,
} from './dto/aid-application.dto';
import { STUDENT_RECORD_READERS } from '../students/student-readers';

@ApiTags('aid applications')
@Controller('aid-applications')
export class AidApplicationsController {
  constructor(private readonly applications: AidApplicationsService) {}

  @Post()
  @Roles('caseworker')
  @ApiOperation({ summary: 'Apply for aid for a student and an academic year (one open application per student and year)' })
  @ApiCreatedResponse({ type: AidApplicationAckDto })
  @ApiNotFoundResponse({ description: 'No such student (or none in your jurisdiction)' })
  @ApiConflictResponse({ description: 'An application for this student and year is already open' })
  apply(@Body() body: ApplyForAidDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.apply(caller, body);
  }

  @Get()
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({
    summary: 'Applications in your jurisdiction, filtered, a page at a time (JSON), or all of them as CSV (format=csv)',
    description: 'Read from the durable record: state, open step, holder, due time. Pages in application-id order; pass nextCursor as after.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AidApplicationPageDto, description: 'A page (JSON), or with format=csv every matching application as text/csv' })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (request.invalid, field errors name it)' })
  @ApiForbiddenResponse({ description: 'Your role may not read applications' })
  async list(@Query() query: AidApplicationQueryDto, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<AidApplicationPageDto | string> {
    if (query.format !== 'csv') return this.applications.list(caller, query);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="aid-applications.csv"');
    return this.applications.exportCsv(caller, query);
  }

  @Get('counts')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'How many applications are in each state, in your jurisdiction or one division of it' })
  @ApiOkResponse({ type: AidApplicationCountsDto })
  @ApiBadRequestResponse({ description: 'divisionCode is not a division code' })
  @ApiForbiddenResponse({ description: 'Your role may not read applications' })
  counts(@Query() query: AidApplicationCountsQueryDto, @CurrentCaller() caller: Caller): Promise<AidApplicationCountsDto> {
    return this.applications.counts(caller, query.divisionCode);
  }

  @Get(':applicationId')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'State, current step, who holds it, due time, entitlement lines, timeline and payments (from the durable record)' })
  @ApiOkResponse({ type: AidApplicationDto })
  @ApiBadRequestResponse({ description: 'applicationId is not aid-application:<studentId>:<academicYear>' })
  @ApiForbiddenResponse({ description: 'The application lies outside your jurisdiction, or your role may not read it' })
  @ApiNotFoundResponse({ description: 'No such application (aid-application.not-found), or one from before the record whose history is gone (aid-application.record-unavailable)' })
  get(@Param() params: AidApplicationParamsDto, @CurrentCaller() caller: Caller): Promise<AidApplicationDto> {
    return this.applications.get(caller, params.applicationId);
  }

  @Post(':applicationId/withdrawal')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'The submitter withdraws the application before it is approved' })
  @ApiOkResponse({ type: AidApplicationAckDto })
  @ApiConflictResponse({ description: 'The application is closed, or past the step where it can be withdrawn' })
  withdraw(@Param() params: AidApplicationParamsDto, @Body() body: ReasonDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.withdraw(caller, params.applicationId, body.reason);
  }

  @Post(':applicationId/appeal')
  @HttpCode(200)
  @Roles('caseworker')
  @ApiOperation({ summary: 'Appeal a rejection, once, within the appeal window; decided one level up' })
  @ApiOkResponse({ type: AidApplicationAckDto })
  @ApiConflictResponse({ description: 'The application is closed, not rejected, already appealed or past the appeal window' })
  appeal(@Param() params: AidApplicationParamsDto, @Body() body: ReasonDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.appeal(caller, params.applicationId, body.reason);
  }

  @Post(':applicationId/changes')
  @HttpCode(202)
  @Roles('caseworker', 'supervisor')
  @ApiOperation({
    summary: 'Report a change (school or stage changed, household left poverty, dropped out): re-checked; future payments cancelled or adjusted',
    description:
      'While the application is being decided (or asks for bank details) its own process re-checks the change. Once approved and handed to the payment cycles, ' +
      'the change runs as the short workflow aid-change:<applicationId>:<n>, which cancels or re-plans the payments not yet paid; the answer carries the state after it.',
  })
  @ApiAcceptedResponse({ type: AidApplicationAckDto, description: 'The change is handed to the application’s process, which re-checks it (or was applied to the payments not yet paid)' })
  @ApiConflictResponse({ description: 'The application is closed; changes no longer apply to it (or another change to it is being applied)' })
  reportChange(@Param() params: AidApplicationParamsDto, @Body() body: ReportChangeDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.reportChange(caller, params.applicationId, body.kind, body.reason);
  }

  @Put(':applicationId/bank-account')
  @Roles('caseworker')
  @ApiOperation({
    summary: "Record the student's bank account for an application (e.g. one approved and awaiting bank details)",
    description: 'Kept for the student (stored encrypted, shown masked). An application waiting for bank details goes on when its aid-bank-details task is completed.',
  })
  @ApiOkResponse({ type: AidApplicationAckDto })
  @ApiBadRequestResponse({ description: 'The account number or holder name is invalid' })
  @ApiForbiddenResponse({ description: 'The application lies outside your jurisdiction, or your role may not do this' })
  @ApiNotFoundResponse({ description: 'No such application' })
  giveBankAccount(@Param() params: AidApplicationParamsDto, @Body() body: BankAccountDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.giveBankAccount(caller, params.applicationId, body);
  }
}
