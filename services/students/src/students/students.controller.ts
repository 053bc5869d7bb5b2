import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { LookupStudentDto, RevealReasonDto, StudentParamsDto, StudentQueryDto } from './dto/student-query.dto';
import { RevealedNationalIdDto, StudentDetailDto, StudentPageDto } from './dto/student.dto';
import { StudentsService } from './students.service';

/** Roles that work with individual students' records. */
const READERS = ['caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor'] as const;

@ApiTags('students')
@Controller('students')
export class StudentsController {
  constructor(private readonly students: StudentsService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Students in your jurisdiction, filtered, a page at a time (national IDs masked)' })
  @ApiOkResponse({ type: StudentPageDto })
  list(@Query() query: StudentQueryDto, @CurrentCaller() caller: Caller): Promise<StudentPageDto> {
    return this.students.list(caller, query);
  }

  @Post('lookup')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOperation({ summary: 'Find a student by national ID (exact match through a blind index)' })
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiNotFoundResponse({ description: 'No student has this ID' })
  lookup(@Body() body: LookupStudentDto, @CurrentCaller() caller: Caller): Promise<StudentDetailDto> {
    return this.students.lookup(caller, body.nationalId);
  }

  @Get(':studentId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One student with household and every enrolment' })
  @ApiOkResponse({ type: StudentDetailDto })
  @ApiForbiddenResponse({ description: 'The student lies outside your jurisdiction' })
  detail(@Param() params: StudentParamsDto, @CurrentCaller() caller: Caller): Promise<StudentDetailDto> {
    return this.students.detail(caller, params.studentId);
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
