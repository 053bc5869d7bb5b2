import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { EmploymentQueryDto, EmploymentReportDto, FormatQueryDto, MentorLoadReportDto } from './dto/reports.dto';
import { ReportsService } from './reports.service';

const READERS = ['supervisor', 'programme-admin', 'auditor'] as const;

/** Job-assistance reports, inside your jurisdiction; JSON, or CSV with format=csv. */
@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('employment')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Employment rate and time to placement by cohort, university, county or intention' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: EmploymentReportDto })
  async employment(@Query() query: EmploymentQueryDto, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<EmploymentReportDto | string> {
    const report = await this.reports.employment(caller, query);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="employment-by-${query.by}.csv"`);
    return this.reports.employmentCsv(report);
  }

  @Get('mentor-caseload')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Per mentor: capacity, open cases, overdue and missed check-ins' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: MentorLoadReportDto })
  async mentorLoad(@Query() query: FormatQueryDto, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<MentorLoadReportDto | string> {
    const report = await this.reports.mentorLoad(caller);
    if (query.format !== 'csv') return report;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="mentor-caseload.csv"');
    return this.reports.mentorLoadCsv(report);
  }
}
