import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { ProgressReportDto } from './dto/progress-report.dto';
import { CountyParamsDto, RecordedDto, RecordRenovationDto, RecordTrainingDto, RecordYearDto, ReportFormatQueryDto, SchoolCodeParamsDto } from './dto/progress-requests.dto';
import { ProgressService, ReportFormat } from './progress.service';

/** CSV when asked for by ?format=csv or Accept: text/csv; the response then carries the CSV type. */
function negotiate(query: ReportFormatQueryDto, accept: string | undefined, reply: FastifyReply, file: string): ReportFormat {
  const format = query.format ?? (accept?.includes('text/csv') ? 'csv' : 'json');
  if (format === 'csv') void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`);
  return format;
}

@ApiTags('progress')
@Controller('progress')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get('province')
  @ApiOperation({ summary: 'The plan’s yearly figures beside what was done, province-wide (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'accept', required: false, description: 'text/csv for CSV' })
  @ApiOkResponse({ type: ProgressReportDto })
  @ApiForbiddenResponse({ description: 'The caller’s jurisdiction is narrower than the province' })
  @ApiNotFoundResponse({ description: 'No province is registered yet' })
  province(@Query() query: ReportFormatQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply, @CurrentCaller() caller: Caller): Promise<ProgressReportDto | string> {
    return this.progress.provinceReport(caller, negotiate(query, accept, reply, 'progress-province'));
  }

  @Get('counties/:countyCode')
  @ApiOperation({ summary: 'The plan’s (province-wide) figures beside one county’s actuals (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'accept', required: false, description: 'text/csv for CSV' })
  @ApiOkResponse({ type: ProgressReportDto })
  county(@Param() params: CountyParamsDto, @Query() query: ReportFormatQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply, @CurrentCaller() caller: Caller): Promise<ProgressReportDto | string> {
    return this.progress.countyReport(caller, params.countyCode, negotiate(query, accept, reply, `progress-${params.countyCode}`));
  }

  @Put('renovations/:schoolCode')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Set a compulsory school’s renovation batch and status (全面改薄)' })
  @ApiOkResponse({ type: RecordedDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a compulsory school' })
  renovation(@Param() params: SchoolCodeParamsDto, @Body() body: RecordRenovationDto, @CurrentCaller() caller: Caller): Promise<RecordedDto> {
    return this.progress.recordRenovation(caller, params.schoolCode, body);
  }

  @Put('kindergartens/:schoolCode')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Record the year a kindergarten was built' })
  @ApiOkResponse({ type: RecordedDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a kindergarten' })
  kindergarten(@Param() params: SchoolCodeParamsDto, @Body() body: RecordYearDto, @CurrentCaller() caller: Caller): Promise<RecordedDto> {
    return this.progress.recordKindergartenBuilt(caller, params.schoolCode, body.year);
  }

  @Put('teaching-points/:schoolCode')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Record the year a teaching point was linked to the provincial platform' })
  @ApiOkResponse({ type: RecordedDto })
  @ApiUnprocessableEntityResponse({ description: 'Not a teaching point' })
  teachingPoint(@Param() params: SchoolCodeParamsDto, @Body() body: RecordYearDto, @CurrentCaller() caller: Caller): Promise<RecordedDto> {
    return this.progress.recordTeachingPointLinked(caller, params.schoolCode, body.year);
  }

  @Put('teacher-training')
  @Roles('programme-admin')
  @ApiOperation({ summary: 'Set a county’s training person-times for a year and programme' })
  @ApiOkResponse({ type: RecordedDto })
  @ApiBadRequestResponse({ description: 'Unknown county or bad figure' })
  training(@Body() body: RecordTrainingDto, @CurrentCaller() caller: Caller): Promise<RecordedDto> {
    return this.progress.recordTraining(caller, body);
  }
}
