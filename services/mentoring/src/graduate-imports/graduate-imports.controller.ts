import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { GraduateImportErrorPageDto, GraduateImportErrorQueryDto, GraduateImportParamsDto, GraduateImportStatusDto, UploadGraduatesQueryDto } from './dto/graduate-import.dto';
import { GraduateImportsService } from './graduate-imports.service';

const READERS = ['caseworker', 'supervisor', 'programme-admin', 'auditor'] as const;

/** A university's graduates list, registered in the real-name base by a durable workflow. */
@ApiTags('graduate imports')
@ApiForbiddenResponse({ description: 'auth.role-denied, or auth.out-of-scope' })
@Controller('graduate-imports')
export class GraduateImportsController {
  constructor(private readonly imports: GraduateImportsService) {}

  @Post()
  @HttpCode(202)
  @Roles('caseworker', 'supervisor')
  @ApiOperation({
    summary: "Upload a university's graduates list (CSV, UTF-8 or GBK) and start registering it",
    description:
      'Columns: student_id (the registry student id) or national_id (身份证号; sealed for the students service before the file is stored, resolved through its blind index, never kept by mentoring; both given: they must name the same student), major, degree_level (higher-vocational, undergraduate; 专科/高职, 本科), expected_graduation (YYYY-MM-DD), intention (job, own-business, further-study, military-service, civil-service; 就业/创业/升学/参军/考公), consent (yes/no, 是/否), and optional preferred_regions (division codes separated by ;). Chinese headers are accepted too. Each row is linked to the registry through the students service; a row whose student is unknown, not in higher education or outside your jurisdiction, or has a bad field, is a row error and nothing of it is written. A student already registered is not registered twice.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: GraduateImportStatusDto })
  @ApiBadRequestResponse({ description: 'graduate-import.no-file, graduate-import.empty, graduate-import.too-large, or validation' })
  upload(@Req() request: FastifyRequest, @Query() query: UploadGraduatesQueryDto, @CurrentCaller() caller: Caller): Promise<GraduateImportStatusDto> {
    return this.imports.upload(request.body as Readable | undefined, query.fileName, query.encoding ?? 'auto', caller, query.chunkRows);
  }

  @Get(':importId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Progress of a graduate import: chunks done, rows read, accepted and rejected' })
  @ApiOkResponse({ type: GraduateImportStatusDto })
  @ApiNotFoundResponse({ description: 'graduate-import.not-found' })
  status(@Param() params: GraduateImportParamsDto, @CurrentCaller() caller: Caller): Promise<GraduateImportStatusDto> {
    return this.imports.status(params.importId, caller);
  }

  @Get(':importId/errors')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The error report: row, field and reason for every rejected row (JSON pages, or the whole report as CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: GraduateImportErrorPageDto })
  @ApiNotFoundResponse({ description: 'graduate-import.not-found' })
  async errors(
    @Param() params: GraduateImportParamsDto,
    @Query() query: GraduateImportErrorQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GraduateImportErrorPageDto | Readable> {
    if (query.format !== 'csv') return this.imports.errors(params.importId, caller, query.after);
    await this.imports.status(params.importId, caller); // 404/403 before any CSV is sent
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="graduate-import-${params.importId}-errors.csv"`);
    return Readable.from(this.imports.errorsCsv(params.importId, caller));
  }
}
