import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import { whereInScope } from '@eduaid/platform';
import { StudentEntity } from '../students/student.entity';
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
   * payment for the year that was not cancelled). One grouped pass over the students.
   */
  coverage(scope: CallerScope, academicYear: string): Promise<CountyCoverageRow[]> {
    return whereInScope(this.dataSource.getRepository(StudentEntity).createQueryBuilder('s'), scope, studentPlace())
      // students.enrolments is a view without an entity (see StudentsRepository.enrolments): joined as a
      // sub-select of it, as from() takes a schema-qualified name that a join would read as a relation.
      .leftJoin(
        (view) => view.select('v.student_id', 'student_id').addSelect('v.academic_year', 'academic_year').from('students.enrolments', 'v'),
        'e',
        'e.student_id = s.id AND e.academic_year = :academicYear',
        { academicYear },
      )
      .select('s.county_code', 'county_code')
      .addSelect('count(*)', 'registered')
      .addSelect('count(e.student_id)', 'enrolled')
      // A count FILTERed by a correlated EXISTS on the ledger: an aggregate the builder has no words for, so its SQL.
      .addSelect(
        `count(*) FILTER (WHERE EXISTS (SELECT 1 FROM students.aid_payments p WHERE p.student_id = s.id AND p.academic_year = :academicYear AND p.status <> 'cancelled'))`,
        'with_aid',
      )
      .setParameter('academicYear', academicYear)
      .groupBy('s.county_code')
      .orderBy('s.county_code')
      .getRawMany<CountyCoverageRow>();
  }
}
