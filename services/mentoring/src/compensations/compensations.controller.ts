import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CompensationsService } from './compensations.service';
import {
  CommitmentEndedAckDto,
  CommitmentEndedDto,
  CompensationDto,
  CompensationPageDto,
  CompensationParamsDto,
  CompensationQueryDto,
  FileCompensationDto,
  FiledCompensationDto,
} from './dto/compensation.dto';

const STAFF = ['caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor'] as const;

/** Tuition compensation and loan repayment (学费补偿和国家助学贷款代偿): caseworkers file and report changes; staff read in their jurisdiction. Mentors: nothing. */
@ApiTags('graduate-compensations')
@ApiNotFoundResponse({ description: 'compensation.not-found, graduate.not-found' })
@ApiForbiddenResponse({ description: 'auth.role-denied, auth.out-of-scope' })
@Controller('graduate-compensations')
export class CompensationsController {
  constructor(private readonly compensations: CompensationsService) {}

  @Post()
  @HttpCode(202)
  @Roles('caseworker')
  @ApiOperation({ summary: "File a graduate's tuition compensation / loan repayment with the commitment's evidence (workflow graduate-compensation:<graduateId>)" })
  @ApiAcceptedResponse({ type: FiledCompensationDto })
  @ApiConflictResponse({ description: 'compensation.already-filed' })
  @ApiUnprocessableEntityResponse({ description: 'compensation.service-too-short' })
  file(@Body() body: FileCompensationDto, @CurrentCaller() caller: Caller): Promise<FiledCompensationDto> {
    return this.compensations.file(caller, body);
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Compensations in your jurisdiction, from the durable record; keyset pages (nextCursor → after)' })
  @ApiOkResponse({ type: CompensationPageDto })
  list(@Query() query: CompensationQueryDto, @CurrentCaller() caller: Caller): Promise<CompensationPageDto> {
    return this.compensations.list(caller, query);
  }

  @Get(':graduateId')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'One compensation: state, step, award lines, instalments, early end, timeline' })
  @ApiOkResponse({ type: CompensationDto })
  show(@Param() params: CompensationParamsDto, @CurrentCaller() caller: Caller): Promise<CompensationDto> {
    return this.compensations.show(caller, params.graduateId);
  }

  @Post(':graduateId/commitment-end')
  @HttpCode(202)
  @Roles('caseworker', 'supervisor')
  @ApiOperation({ summary: 'Report that the commitment ended early: instalments not yet paid are cancelled, the reason goes in the timeline' })
  @ApiAcceptedResponse({ type: CommitmentEndedAckDto })
  @ApiConflictResponse({ description: 'compensation.closed, compensation.already-ended' })
  @ApiUnprocessableEntityResponse({ description: 'compensation.end-before-start' })
  end(@Param() params: CompensationParamsDto, @Body() body: CommitmentEndedDto, @CurrentCaller() caller: Caller): Promise<CommitmentEndedAckDto> {
    return this.compensations.end(caller, params.graduateId, body);
  }
}

/** The graduate's own compensation. */
@ApiTags('graduate-compensations')
@ApiNotFoundResponse({ description: 'compensation.not-found' })
@ApiForbiddenResponse({ description: 'auth.role-denied' })
@Controller('my-compensation')
export class MyCompensationController {
  constructor(private readonly compensations: CompensationsService) {}

  @Get()
  @Roles('graduate')
  @ApiOperation({ summary: 'Your own tuition compensation / loan repayment: state, instalments, timeline' })
  @ApiOkResponse({ type: CompensationDto })
  mine(@CurrentCaller() caller: Caller): Promise<CompensationDto> {
    return this.compensations.mine(caller);
  }
}
