import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { LookupStudentDto, RevealReasonDto, StudentParamsDto, StudentQueryDto, TransferStudentDto } from './dto/student-query.dto';
import { RevealedNationalIdDto, StudentDetailDto, StudentPageDto, TransferListDto } from './dto/student.dto';
import { LOOKUPS_PER_MINUTE, StudentsService } from './students.service';
import { STUDENT_RECORD_READERS } from './student-readers';

@ApiTags('students')
@Controller('students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'Students in your jurisdiction, filtered, a page at a time (national IDs masked)' })
  @ApiOkResponse({ type: StudentPageDto })
  list(@Query() query: StudentQueryDto, @CurrentCaller() caller: Caller): Promise<StudentPageDto> {
    return this.students.list(caller, query);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({
    summary: 'Find a student by national ID (exact match through a blind index)',
    description: `Every lookup of a valid number is written to the access log (kind \`lookup\`), found or not; each user may make ${LOOKUPS_PER_MINUTE} in any minute.`,
  })
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiNotFoundResponse({ description: 'No student has this ID' })
  @ApiTooManyRequestsResponse({ description: `More than ${LOOKUPS_PER_MINUTE} lookups in a minute; Retry-After says when to try again` })
  lookup(@Body() body: LookupStudentDto, @CurrentCaller() caller: Caller, @Req() request: FastifyRequest): Promise<StudentDetailDto> {
    return this.students.lookup(caller, body.nationalId, body.purpose, String(request.id));
  }

  @Get(':studentId')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'One student with household and every enrolment' })
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiForbiddenResponse({ description: 'The student lies outside your jurisdiction' })
  detail(@Param() params: StudentParamsDto, @CurrentCaller() caller: Caller): Promise<StudentDetailDto> {
    return this.students.detail(caller, params.studentId);
  }

  @Post(':studentId/transfers')
  @Roles('caseworker', 'supervisor')
  @ApiOperation({
    summary: 'Transfer a student to another school, or the student’s household to another village',
    description:
      'The only way a student leaves a jurisdiction (a roster row cannot). Your scope must cover the student where they are now, and for a village move the household’s village. Answers the student’s transfers, newest first; both sides can read them.',
  })
  @ApiCreatedResponse({ type: TransferListDto })
  @ApiBadRequestResponse({ description: 'Neither toSchoolCode nor toVillageCode, an unknown school, or a reason that says nothing' })
  @ApiForbiddenResponse({ description: 'The student (or household) lies outside your jurisdiction' })
  @ApiNotFoundResponse({ description: 'No such student' })
  @ApiConflictResponse({ description: 'The student is already at that school and village' })
  @ApiUnprocessableEntityResponse({ description: 'The student has no current enrolment to move, or the school does not teach their stage' })
  transfer(@Param() params: StudentParamsDto, @Body() body: TransferStudentDto, @CurrentCaller() caller: Caller): Promise<TransferListDto> {
    return this.students.transfer(caller, params.studentId, body);
  }

  @Get(':studentId/transfers')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'A student’s transfers, newest first: readable where the student is now and where they came from' })
  @ApiOkResponse({ type: TransferListDto })
  transfers(@Param() params: StudentParamsDto, @CurrentCaller() caller: Caller): Promise<TransferListDto> {
    return this.students.transfers(caller, params.studentId);
  }

  @Post(':studentId/national-id/reveal')
  @HttpCode(200)
  @Roles('caseworker', 'approver', 'supervisor')
  @ApiOperation({ summary: 'The full national ID, for a stated reason; every such read is in the access log' })
  @ApiOkResponse({ type: RevealedNationalIdDto })
  reveal(
    @Param() params: StudentParamsDto,
    @Body() body: RevealReasonDto,
    @CurrentCaller() caller: Caller,
    @Req() request: FastifyRequest,
  ): Promise<RevealedNationalIdDto> {
    return this.students.revealNationalId(caller, params.studentId, body.reason, String(request.id));
  }
}
