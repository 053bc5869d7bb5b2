import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { AidApplicationsService } from './aid-applications.service';
import { AidApplicationAckDto, AidApplicationDto, AidApplicationParamsDto, ApplyForAidDto, ReasonDto, ReportChangeDto } from './dto/aid-application.dto';

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

  @Get(':applicationId')
  @Roles('caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'State, current step, who holds it, due time, entitlement lines, timeline and payments' })
  @ApiOkResponse({ type: AidApplicationDto })
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
  @ApiOperation({ summary: 'Report a change (school or stage changed, household left poverty, dropped out): re-checked; future payments cancelled or adjusted' })
  @ApiAcceptedResponse({ type: AidApplicationAckDto, description: 'The change is handed to the application’s process, which re-checks it' })
  @ApiConflictResponse({ description: 'The application is closed; changes no longer apply to it' })
  reportChange(@Param() params: AidApplicationParamsDto, @Body() body: ReportChangeDto, @CurrentCaller() caller: Caller): Promise<AidApplicationAckDto> {
    return this.applications.reportChange(caller, params.applicationId, body.kind, body.reason);
  }
}
