import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { csvDocument } from '@eduaid/platform';
import { mentorRegionPrefix } from '../mentors/mentors.service';
import { EmploymentLineDto, EmploymentQueryDto, EmploymentReportDto, MentorLoadReportDto } from './dto/reports.dto';
import { EmploymentRow, ReportsRepository } from './reports.repository';

const rate = (placed: number, graduates: number) => (graduates ? Math.round((placed / graduates) * 10_000) / 10_000 : 0);

/** Employment rate, time to placement, and mentors' caseload and overdue check-ins: JSON or CSV, inside the caller's jurisdiction. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async employment(caller: Caller, query: EmploymentQueryDto): Promise<EmploymentReportDto> {
    const rows = await this.reports.employment(caller.scope, query.by, query.cohort);
    const line = (group: string, r: Omit<EmploymentRow, 'group_key'>): EmploymentLineDto => ({
      group,
      graduates: r.graduates,
      withCase: r.with_case,
      placed: r.placed,
      employmentRate: rate(r.placed, r.graduates),
      openCases: r.open_cases,
      ...(r.avg_days_to_placement !== null ? { avgDaysToPlacement: r.avg_days_to_placement } : {}),
      ...(r.median_days_to_placement !== null ? { medianDaysToPlacement: r.median_days_to_placement } : {}),
    });
    const sum = (f: (r: EmploymentRow) => number) => rows.reduce((a, r) => a + f(r), 0);
    const placed = sum((r) => r.placed);
    // The total's average weighs each group by its placements; its median is not derivable from the groups' and is left out.
    const avg = placed ? Math.round((sum((r) => (r.avg_days_to_placement ?? 0) * r.placed) / placed) * 10) / 10 : null;
    return {
      by: query.by,
      ...(query.cohort ? { cohort: query.cohort } : {}),
      lines: rows.map((r) => line(r.group_key, r)),
      total: line('total', { graduates: sum((r) => r.graduates), with_case: sum((r) => r.with_case), placed, open_cases: sum((r) => r.open_cases), avg_days_to_placement: avg, median_days_to_placement: null }),
    };
  }

  employmentCsv(report: EmploymentReportDto): string {
    const header = [report.by, 'graduates', 'withCase', 'placed', 'employmentRate', 'openCases', 'avgDaysToPlacement', 'medianDaysToPlacement'];
    return csvDocument(header, [...report.lines, report.total].map((l) => [l.group, l.graduates, l.withCase, l.placed, l.employmentRate, l.openCases, l.avgDaysToPlacement, l.medianDaysToPlacement]));
  }

  async mentorLoad(caller: Caller): Promise<MentorLoadReportDto> {
    const rows = await this.reports.mentorLoad(mentorRegionPrefix(caller.scope));
    return {
      mentors: rows.map((r) => ({
        mentorId: r.mentor_id,
        ...(r.user_id ? { userId: r.user_id } : {}),
        name: r.name,
        regionCode: r.region_code,
        active: r.active,
        capacity: r.capacity,
        openCases: r.open_cases,
        overdue: r.overdue,
        missed: r.missed,
      })),
    };
  }

  mentorLoadCsv(report: MentorLoadReportDto): string {
    return csvDocument(
      ['mentorId', 'userId', 'name', 'regionCode', 'active', 'capacity', 'openCases', 'overdue', 'missed'],
      report.mentors.map((m) => [m.mentorId, m.userId, m.name, m.regionCode, m.active, m.capacity, m.openCases, m.overdue, m.missed]),
    );
  }
}
