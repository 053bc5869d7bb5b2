import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '@eduaid/contracts';
import { csvField, scopeCoversSql } from '@eduaid/platform';
import { studentPlace } from '../students/students.repository';
import { CountyCoverageDto, CoverageReportDto } from './dto/coverage.dto';

/** Coverage per county: registered students of poor households, how many are enrolled, how many have approved aid. */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async coverage(caller: Caller, academicYear: string): Promise<CoverageReportDto> {
    // "With approved aid": a final approval plans the year's payments, so a student counts when the
    // ledger holds a payment for the year that was not cancelled.
    const rows: { county_code: string; registered: string; enrolled: string; with_aid: string }[] = await this.dataSource.query(
      `SELECT s.county_code, count(*) AS registered, count(e.student_id) AS enrolled,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM students.aid_payments p
                WHERE p.student_id = s.id AND p.academic_year = $2 AND p.status <> 'cancelled')) AS with_aid
       FROM students.students s
       LEFT JOIN students.enrolments e ON e.student_id = s.id AND e.academic_year = $2
       WHERE ${scopeCoversSql({ level: caller.scope.level, code: '$1' }, studentPlace())}
       GROUP BY s.county_code ORDER BY s.county_code`,
      [caller.scope.code, academicYear],
    );
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
