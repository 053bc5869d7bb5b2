import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AidStudentFacts {
  id: string;
  village_code: string;
  county_code: string;
  special_hardship: boolean;
  household_status: string;
  enrolled: boolean;
  school_code: string | null;
  stage: string | null;
  grade: number | null;
  boarding: boolean | null;
}

export interface AidApplicationRow {
  workflow_id: string;
  student_id: string;
  academic_year: string;
  village_code: string;
  county_code: string;
  school_code: string | null;
  submitted_by: string;
}

/** The registry facts an application needs, and the applications' rows. */
@Injectable()
export class AidApplicationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The student, household status and the enrolment of that year (confirmed when the row exists). */
  async facts(studentId: string, academicYear: string): Promise<AidStudentFacts | undefined> {
    const rows: AidStudentFacts[] = await this.dataSource.query(
      `SELECT s.id, s.village_code, s.county_code, s.special_hardship, h.status AS household_status,
              (e.student_id IS NOT NULL) AS enrolled, e.school_code, e.stage, e.grade, e.boarding
         FROM students.students s
         JOIN students.households h ON h.id = s.household_id
         LEFT JOIN students.enrolments e ON e.student_id = s.id AND e.academic_year = $2
        WHERE s.id = $1`,
      [studentId, academicYear],
    );
    return rows[0];
  }

  async record(row: AidApplicationRow): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO students.aid_applications (workflow_id, student_id, academic_year, village_code, county_code, school_code, submitted_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (workflow_id) DO NOTHING`,
      [row.workflow_id, row.student_id, row.academic_year, row.village_code, row.county_code, row.school_code, row.submitted_by],
    );
  }

  async find(workflowId: string): Promise<AidApplicationRow | undefined> {
    const rows: AidApplicationRow[] = await this.dataSource.query('SELECT * FROM students.aid_applications WHERE workflow_id = $1', [workflowId]);
    return rows[0];
  }
}
