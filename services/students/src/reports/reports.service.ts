import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { csvField } from '@eduaid/platform';
import { CountyCoverageDto, CoverageReportDto } from './dto/coverage.dto';
import { ReportsRepository } from './reports.repository';

/** Coverage per county: registered students of poor households, how many are enrolled, how many have approved aid. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async coverage(caller: Caller, academicYear: string): Promise<CoverageReportDto> {
    const rows = await this.reports.coverage(caller.scope, academicYear);
    const line = (countyCode: string, registered: number, enrolled: number, withApprovedAid: number): CountyCoverageDto => ({
      countyCode,
      registered,
      enrolled,
      withApprovedAid,
      enrolmentRate: registered === 0 ? 0 : Math.round((enrolled / registered) * 10_000) / 10_000,
    });
    const counties = rows.map((r) => line(r.county_code, Number(r.registered), Number(r.enrolled), Number(r.with_aid)));
    const total = line(
      caller.scope.code,
      counties.reduce((a, c) => a + c.registered, 0),
      counties.reduce((a, c) => a + c.enrolled, 0),
      counties.reduce((a, c) => a + c.withApprovedAid, 0),
    );
    return { academicYear, counties, total };
  }

  coverageCsv(report: CoverageReportDto): string {
    const lines = ['county_code,registered,enrolled,with_approved_aid,enrolment_rate'];
    for (const c of [...report.counties, { ...report.total, countyCode: `total ${report.total.countyCode}` }]) {
      lines.push([csvField(c.countyCode), c.registered, c.enrolled, c.withApprovedAid, c.enrolmentRate].join(','));
    }
    return lines.join('\n') + '\n';
  }
}
