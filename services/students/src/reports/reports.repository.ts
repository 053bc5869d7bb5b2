import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { scopeCoversSql } from '@eduaid/platform';
import { studentPlace } from '../students/students.repository';

export interface CountyCoverageRow {
  county_code: string;
  registered: string;
  enrolled: string;
  with_aid: string;
}

/** The registry's figures for reports: aggregates over students, enrolments and the ledger. */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Per county of the scope: registered students, those enrolled in the year, and those with approved
   * aid (a final approval plans the year's payments, so a student counts when the ledger holds a
   * payment for the year that was not cancelled). Raw SQL: one grouped pass with a FILTERed EXISTS.
   */
  coverage(scope: CallerScope, academicYear: string): Promise<CountyCoverageRow[]> {
    return this.dataSource.query(
      `SELECT s.county_code, count(*) AS registered, count(e.student_id) AS enrolled,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM students.aid_payments p
                WHERE p.student_id = s.id AND p.academic_year = $2 AND p.status <> 'cancelled')) AS with_aid
       FROM students.students s
       LEFT JOIN students.enrolments e ON e.student_id = s.id AND e.academic_year = $2
       WHERE ${scopeCoversSql({ level: scope.level, code: '$1' }, studentPlace())}
       GROUP BY s.county_code ORDER BY s.county_code`,
      [scope.code, academicYear],
    );
  }
}
