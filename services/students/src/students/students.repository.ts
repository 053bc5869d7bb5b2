import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope } from '@eduaid/contracts';
import type { StudentFlag } from './dto/student-query.dto';
import { studentScopeCondition } from './students.scope-sql';

export interface StudentRow {
  id: string;
  name: string;
  national_id_masked: string;
  sex: string;
  birth_date: string;
  household_id: string;
  village_code: string;
  county_code: string;
  school_code: string | null;
  school_county_code: string | null;
  stage: string | null;
  grade: number | null;
  boarding: boolean | null;
  academic_year: string | null;
  disability: boolean;
  left_behind: boolean;
  migrant_child: boolean;
  special_hardship: boolean;
}

export interface StudentFilter {
  divisionCode?: string;
  schoolCode?: string;
  stage?: string;
  flags?: StudentFlag[];
  householdId?: string;
  after?: string;
  limit: number;
}

const FLAG_COLUMNS: Record<StudentFlag, string> = {
  disability: 'disability',
  'left-behind': 'left_behind',
  'migrant-child': 'migrant_child',
  'special-hardship': 'special_hardship',
};

const SUMMARY_COLUMNS = `s.id, s.name, s.national_id_masked, s.sex, to_char(s.birth_date, 'YYYY-MM-DD') AS birth_date, s.household_id,
  s.village_code, s.county_code, s.school_code, s.school_county_code, s.stage, s.grade, s.boarding, s.academic_year,
  s.disability, s.left_behind, s.migrant_child, s.special_hardship`;

/** Queries of the student registry. Lists filter by the caller's scope in SQL and page by key. */
@Injectable()
export class StudentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: CallerScope, filter: StudentFilter): Promise<StudentRow[]> {
    const params: unknown[] = [scope.code];
    const where = [studentScopeCondition(scope, '$1')];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.divisionCode) add((p) => `s.village_code LIKE ${p} || '%'`, filter.divisionCode);
    if (filter.schoolCode) add((p) => `s.school_code = ${p}`, filter.schoolCode);
    if (filter.stage) add((p) => `s.stage = ${p}`, filter.stage);
    if (filter.householdId) add((p) => `s.household_id = ${p}`, filter.householdId);
    if (filter.after) add((p) => `s.id > ${p}`, filter.after);
    for (const flag of filter.flags ?? []) where.push(`s.${FLAG_COLUMNS[flag]}`);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM students.students s WHERE ${where.join(' AND ')} ORDER BY s.id LIMIT $${params.length}`,
      params,
    );
  }

  async find(id: string): Promise<(StudentRow & { household_no: string; household_status: string }) | undefined> {
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, h.household_no, h.status AS household_status
       FROM students.students s JOIN students.households h ON h.id = s.household_id WHERE s.id = $1`,
      [id],
    );
    return rows[0];
  }

  async findIdByIndex(index: Buffer): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM students.students WHERE national_id_index = $1', [index]);
    return rows[0]?.id;
  }

  async enrolments(studentId: string): Promise<{ school_code: string; stage: string; grade: number; boarding: boolean; academic_year: string }[]> {
    return this.dataSource.query(
      'SELECT school_code, stage, grade, boarding, academic_year FROM students.enrolments WHERE student_id = $1 ORDER BY academic_year DESC',
      [studentId],
    );
  }

  async sealedNationalId(manager: EntityManager, studentId: string): Promise<{ cipher: Buffer; keyVersion: number } | undefined> {
    const rows: { national_id_cipher: Buffer; national_id_key_version: number }[] = await manager.query(
      'SELECT national_id_cipher, national_id_key_version FROM students.students WHERE id = $1',
      [studentId],
    );
    return rows[0] && { cipher: rows[0].national_id_cipher, keyVersion: rows[0].national_id_key_version };
  }

  get transaction(): DataSource['transaction'] {
    return this.dataSource.transaction.bind(this.dataSource);
  }
}
