import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { CoverageQueryDto, CoverageReportDto } from './dto/coverage.dto';
import { ReportsService } from './reports.service';
import { STUDENT_RECORD_READERS } from '../students/student-readers';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('coverage')
  @Roles(...STUDENT_RECORD_READERS)
  @ApiOperation({ summary: 'Per county: registered students of poor households and how many are enrolled (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CoverageReportDto })
  async coverage(
    @Query() query: CoverageQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CoverageReportDto | string> {
    const report = await this.reports.coverage(caller, query.academicYear);
    if (query.format !== 'csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    return this.reports.coverageCsv(report);
  }
}
