import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { RosterImportParamsDto } from './dto/roster-import-params.dto';
import { RosterErrorPageDto, RosterErrorQueryDto, RosterImportStatusDto } from './dto/roster-import-status.dto';
import { UploadRosterQueryDto } from './dto/upload-roster.dto';
import { RosterImportService } from './roster-import.service';

@ApiTags('roster imports')
@Controller('roster-imports')
export class RosterImportController {
  constructor(private readonly imports: RosterImportService) {}

  @Post()
  @HttpCode(202)
  @Roles('caseworker', 'supervisor', 'programme-admin')
  @ApiOperation({
    summary: 'Upload a roster (CSV, UTF-8 or GBK) and start importing it',
    description:
      'Columns: national_id, name, household_no, village_code, school_code, stage, grade, academic_year (required), boarding, disability, left_behind, migrant_child, special_hardship (yes/no). Chinese headers are accepted too. Students are upserted by national ID; re-importing a file changes nothing. A row may only create or change records inside your jurisdiction: one whose student or household is held by another jurisdiction (or would move out of it) is a row error, "registered in another jurisdiction: transfer it there" (see POST /students/{studentId}/transfers).',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: RosterImportStatusDto })
  upload(@Req() request: FastifyRequest, @Query() query: UploadRosterQueryDto, @CurrentCaller() caller: Caller): Promise<RosterImportStatusDto> {
    return this.imports.upload(request.body as Readable | undefined, query.fileName, query.encoding ?? 'auto', caller, query.chunkRows);
  }

  @Get(':importId')
  @Roles('caseworker', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'Progress of an import: rows read, accepted and rejected' })
  @ApiOkResponse({ type: RosterImportStatusDto })
  status(@Param() params: RosterImportParamsDto, @CurrentCaller() caller: Caller): Promise<RosterImportStatusDto> {
    return this.imports.status(params.importId, caller);
  }

  @Get(':importId/errors')
  @Roles('caseworker', 'supervisor', 'programme-admin', 'auditor')
  @ApiOperation({ summary: 'The error report: row, field and reason for every rejected row (JSON pages, or the whole report as CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RosterErrorPageDto })
  async errors(
    @Param() params: RosterImportParamsDto,
    @Query() query: RosterErrorQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RosterErrorPageDto | Readable> {
    if (query.format !== 'csv') return this.imports.errors(params.importId, caller, query.after);
    await this.imports.status(params.importId, caller); // 404/403 before any CSV is sent
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="roster-import-${params.importId}-errors.csv"`);
    return Readable.from(this.imports.errorsCsv(params.importId, caller));
  }
}
