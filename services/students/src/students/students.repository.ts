import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope, SchoolKind } from '@eduaid/contracts';
import { likePrefix, PlaceSql, scopeCoversSql } from '@eduaid/platform';
import type { StudentFlag } from './dto/student-query.dto';

/**
 * Where a student row (or a row copied from one) sits: the household's village and the current
 * school. A county scope compares the county codes kept beside them (indexed); a township matches the
 * village only, as a school's code starts with its county's code, not its township's.
 */
export function studentPlace(alias = 's', county: { division: string; school?: string } = { division: `${alias}.county_code`, school: `${alias}.school_county_code` }): PlaceSql {
  return { division: `${alias}.village_code`, school: `${alias}.school_code`, widerBySchool: true, county };
}

export interface StudentRow {
  id: string;
  name: string;
  national_id_masked: string;
  sex: string;
  birth_year: number;
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

export interface TransferRow {
  id: string;
  student_id: string;
  from_village_code: string;
  from_school_code: string | null;
  to_village_code: string;
  to_school_code: string | null;
  household_moved: boolean;
  reason: string;
  transferred_by: string;
  transferred_at: Date;
}

export interface NewTransfer {
  studentId: string;
  fromVillageCode: string;
  fromSchoolCode: string | null;
  toVillageCode: string;
  toSchoolCode: string | null;
  householdMoved: boolean;
  reason: string;
  transferredBy: string;
}

export interface PlaceRow {
  id: string;
  village_code: string;
  school_code: string | null;
  stage: string | null;
  household_id: string;
  household_village_code: string;
}

const TRANSFER_COLUMNS =
  'id, student_id, from_village_code, from_school_code, to_village_code, to_school_code, household_moved, reason, transferred_by, transferred_at';

export interface StudentFilter {
  divisionCode?: string;
  schoolCode?: string;
  stage?: string;
  flags?: StudentFlag[];
  householdId?: string;
  /** Start of the name (students_name_prefix_idx serves the LIKE). */
  name?: string;
  after?: string;
  limit: number;
}

const FLAG_COLUMNS: Record<StudentFlag, string> = {
  disability: 'disability',
  'left-behind': 'left_behind',
  'migrant-child': 'migrant_child',
  'special-hardship': 'special_hardship',
};

// The birth year only: the full date is digits 7 to 14 of the national ID.
const SUMMARY_COLUMNS = `s.id, s.name, s.national_id_masked, s.sex, extract(year FROM s.birth_date)::int AS birth_year, s.household_id,
  s.village_code, s.county_code, s.school_code, s.school_county_code, s.stage, s.grade, s.boarding, s.academic_year,
  s.disability, s.left_behind, s.migrant_child, s.special_hardship`;

/** Queries of the student registry. Lists filter by the caller's scope in SQL and page by key. */
@Injectable()
export class StudentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(scope: CallerScope, filter: StudentFilter): Promise<StudentRow[]> {
    const params: unknown[] = [scope.code];
    const where = [scopeCoversSql({ level: scope.level, code: '$1' }, studentPlace())];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.divisionCode) add((p) => `s.village_code LIKE ${p} || '%'`, filter.divisionCode);
    if (filter.schoolCode) add((p) => `s.school_code = ${p}`, filter.schoolCode);
    if (filter.stage) add((p) => `s.stage = ${p}`, filter.stage);
    if (filter.householdId) add((p) => `s.household_id = ${p}`, filter.householdId);
    if (filter.name) add((p) => `s.name LIKE ${p}`, likePrefix(filter.name));
    if (filter.after) add((p) => `s.id > ${p}`, filter.after);
    for (const flag of filter.flags ?? []) where.push(`s.${FLAG_COLUMNS[flag]}`);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM students.students s WHERE ${where.join(' AND ')} ORDER BY s.id LIMIT $${params.length}`,
      params,
    );
  }

  async find(id: string, manager?: EntityManager): Promise<(StudentRow & { household_no: string; household_status: string }) | undefined> {
    const rows = await (manager ?? this.dataSource).query(
      `SELECT ${SUMMARY_COLUMNS}, h.household_no, h.status AS household_status
       FROM students.students s JOIN students.households h ON h.id = s.household_id WHERE s.id = $1`,
      [id],
    );
    return rows[0];
  }

  async findIdByIndex(index: Buffer, manager?: EntityManager): Promise<string | undefined> {
    const rows: { id: string }[] = await (manager ?? this.dataSource).query('SELECT id FROM students.students WHERE national_id_index = $1', [index]);
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

  async transfers(studentId: string): Promise<TransferRow[]> {
    return this.dataSource.query(`SELECT ${TRANSFER_COLUMNS} FROM students.student_transfers WHERE student_id = $1 ORDER BY id DESC`, [studentId]);
  }

  /** The student's place, locked for a transfer (two transfers of one student queue). */
  async placeForUpdate(manager: EntityManager, studentId: string): Promise<PlaceRow | undefined> {
    const rows: PlaceRow[] = await manager.query(
      `SELECT s.id, s.village_code, s.school_code, s.stage, s.household_id, h.village_code AS household_village_code
         FROM students.students s JOIN students.households h ON h.id = s.household_id WHERE s.id = $1 FOR UPDATE OF s, h`,
      [studentId],
    );
    return rows[0];
  }

  async directorySchool(manager: EntityManager, code: string): Promise<{ kind: SchoolKind; county_code: string } | undefined> {
    const rows: { kind: SchoolKind; county_code: string }[] = await manager.query('SELECT kind, county_code FROM students.school_directory WHERE code = $1', [code]);
    return rows[0];
  }

  async moveToSchool(manager: EntityManager, studentId: string, schoolCode: string, schoolCountyCode: string): Promise<void> {
    await manager.query('UPDATE students.students SET school_code = $2, school_county_code = $3, updated_at = now() WHERE id = $1', [studentId, schoolCode, schoolCountyCode]);
  }

  /** Moves a household and every student of it to another village; returns those students with where they were. */
  async moveHousehold(manager: EntityManager, householdId: string, villageCode: string): Promise<{ id: string; village_code: string; school_code: string | null }[]> {
    await manager.query('UPDATE students.households SET village_code = $2::text, county_code = left($2::text, 6), updated_at = now() WHERE id = $1', [householdId, villageCode]);
    const [moved]: [{ id: string; village_code: string; school_code: string | null }[], number] = await manager.query(
      `UPDATE students.students s SET village_code = $2::text, county_code = left($2::text, 6), updated_at = now()
         FROM students.students old_s WHERE old_s.id = s.id AND s.household_id = $1
       RETURNING s.id, old_s.village_code, s.school_code`,
      [householdId, villageCode],
    );
    return moved;
  }

  async recordTransfers(manager: EntityManager, transfers: NewTransfer[]): Promise<void> {
    await manager.query(
      `INSERT INTO students.student_transfers (student_id, from_village_code, from_school_code, to_village_code, to_school_code, household_moved, reason, transferred_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])`,
      [
        transfers.map((t) => t.studentId), transfers.map((t) => t.fromVillageCode), transfers.map((t) => t.fromSchoolCode), transfers.map((t) => t.toVillageCode),
        transfers.map((t) => t.toSchoolCode), transfers.map((t) => t.householdMoved), transfers.map((t) => t.reason), transfers.map((t) => t.transferredBy),
      ],
    );
  }

  /** A student as the graduate base links them: place, stage and household status, never the national ID. */
  async graduateLinkFacts(studentId: string): Promise<{ id: string; name: string; stage: string | null; grade: number | null; school_code: string | null; school_county_code: string | null; village_code: string; county_code: string; household_status: string } | undefined> {
    const rows = await this.dataSource.query(
      `SELECT s.id, s.name, s.stage, s.grade, s.school_code, s.school_county_code, s.village_code, s.county_code, h.status AS household_status
         FROM students.students s JOIN students.households h ON h.id = s.household_id WHERE s.id = $1`,
      [studentId],
    );
    return rows[0];
  }

  /** Students by blind index, many at once (a graduate import's chunk). */
  async findIdsByIndexes(indexes: Buffer[]): Promise<Map<string, string>> {
    if (indexes.length === 0) return new Map();
    const rows: { id: string; idx: Buffer }[] = await this.dataSource.query(
      'SELECT id, national_id_index AS idx FROM students.students WHERE national_id_index = ANY($1::bytea[])',
      [indexes],
    );
    return new Map(rows.map((r) => [r.idx.toString('hex'), r.id]));
  }

  /**
   * One page of students whose current enrolment is of the academic year, in one of the stages, at
   * or above the stage's final grade, by id (keyset). The graduate feed reads the registry so.
   */
  async finalYearStudents(academicYear: string, finalGrades: Record<string, number>, after: string | undefined, limit: number): Promise<{
    id: string; name: string; stage: string; grade: number; school_code: string; school_county_code: string | null; village_code: string; county_code: string; household_status: string; academic_year: string;
  }[]> {
    const stages = Object.keys(finalGrades);
    return this.dataSource.query(
      `SELECT s.id, s.name, s.stage, s.grade, s.school_code, s.school_county_code, s.village_code, s.county_code, h.status AS household_status, s.academic_year
         FROM students.students s
         JOIN unnest($2::text[], $3::int[]) AS f (stage, grade) ON f.stage = s.stage AND s.grade >= f.grade
         JOIN students.households h ON h.id = s.household_id
        WHERE s.academic_year = $1 AND s.school_code IS NOT NULL AND ($4::uuid IS NULL OR s.id > $4::uuid)
        ORDER BY s.id LIMIT $5`,
      [academicYear, stages, stages.map((st) => finalGrades[st]), after ?? null, limit],
    );
  }

}
