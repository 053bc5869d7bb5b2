import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { CallerScope, SchoolKind } from '@eduaid/contracts';
import { keysetPage, PlaceSql, whereAfterKeyset, whereInScope, whereStartsWith, selectFields } from '@eduaid/platform';
import { HouseholdEntity } from '../households/household.entity';
import { SchoolDirectoryEntity } from '../roster-import/school-directory.entity';
import type { StudentFlag } from './dto/student-query.dto';
import { StudentTransferEntity } from './student-transfer.entity';
import { StudentEntity } from './student.entity';

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

function transferRow(t: StudentTransferEntity): TransferRow {
  return {
    id: t.id, student_id: t.studentId, from_village_code: t.fromVillageCode, from_school_code: t.fromSchoolCode, to_village_code: t.toVillageCode, to_school_code: t.toSchoolCode,
    household_moved: t.householdMoved, reason: t.reason, transferred_by: t.transferredBy, transferred_at: t.transferredAt,
  };
}

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

/** A student's summary row (StudentRow): each field and the expression on students `s` it is read from. */
const SUMMARY: Record<keyof StudentRow, string> = {
  id: 's.id', name: 's.name', national_id_masked: 's.national_id_masked', sex: 's.sex',
  // The birth year only: the full date is digits 7 to 14 of the national ID.
  birth_year: 'extract(year FROM s.birth_date)::int', household_id: 's.household_id',
  village_code: 's.village_code', county_code: 's.county_code', school_code: 's.school_code', school_county_code: 's.school_county_code',
  stage: 's.stage', grade: 's.grade', boarding: 's.boarding', academic_year: 's.academic_year',
  disability: 's.disability', left_behind: 's.left_behind', migrant_child: 's.migrant_child', special_hardship: 's.special_hardship',
};

/** Selects the summary row's fields (for getRawMany). */
const selectSummary = <Q extends SelectQueryBuilder<StudentEntity>>(q: Q): Q => selectFields(q, SUMMARY);

/**
 * Queries of the student registry (students.students, the enrolments view, student_transfers). Lists
 * are QueryBuilder queries through the platform's scoped-list conditions, paged by key; plain reads
 * and writes go through the entities.
 */
@Injectable()
export class StudentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private studentRows(manager?: EntityManager): Repository<StudentEntity> {
    return (manager ?? this.dataSource.manager).getRepository(StudentEntity);
  }

  /** A page of students inside the caller's jurisdiction, by id (keyset), as summary rows. */
  async list(scope: CallerScope, filter: StudentFilter): Promise<StudentRow[]> {
    const q = whereInScope(this.studentRows().createQueryBuilder('s'), scope, studentPlace());
    selectSummary(q);
    whereStartsWith(q, 's.village_code', filter.divisionCode, 'divisionCode');
    if (filter.schoolCode) q.andWhere('s.school_code = :schoolCode', { schoolCode: filter.schoolCode });
    if (filter.stage) q.andWhere('s.stage = :stage', { stage: filter.stage });
    if (filter.householdId) q.andWhere('s.household_id = :householdId', { householdId: filter.householdId });
    whereStartsWith(q, 's.name', filter.name, 'name');
    // Each flag is a boolean column: all given must hold.
    for (const flag of filter.flags ?? []) q.andWhere(`s.${FLAG_COLUMNS[flag]}`);
    return keysetPage(whereAfterKeyset(q, ['s.id'], filter.after ? [filter.after] : undefined), ['s.id'], filter.limit).getRawMany<StudentRow>();
  }

  async find(id: string, manager?: EntityManager): Promise<(StudentRow & { household_no: string; household_status: string }) | undefined> {
    // The summary row (its computed birth year) with the household's number and status joined in.
    return selectSummary(this.studentRows(manager).createQueryBuilder('s'))
      .innerJoin(HouseholdEntity, 'h', 'h.id = s.household_id')
      .addSelect('h.household_no', 'household_no')
      .addSelect('h.status', 'household_status')
      .where('s.id = :id', { id })
      .getRawOne();
  }

  async findIdByIndex(index: Buffer, manager?: EntityManager): Promise<string | undefined> {
    const row = await this.studentRows(manager).findOne({ select: { id: true }, where: { nationalIdIndex: index } });
    return row?.id;
  }

  async enrolments(studentId: string): Promise<{ school_code: string; stage: string; grade: number; boarding: boolean; academic_year: string }[]> {
    // students.enrolments is a VIEW (the student row's current enrolment UNION ALL past_enrolments): a
    // TypeORM view entity would make the migration run create its typeorm_metadata table, so it is read as SQL.
    return this.dataSource.query(
      'SELECT school_code, stage, grade, boarding, academic_year FROM students.enrolments WHERE student_id = $1 ORDER BY academic_year DESC',
      [studentId],
    );
  }

  async sealedNationalId(manager: EntityManager, studentId: string): Promise<{ cipher: Buffer; keyVersion: number } | undefined> {
    const row = await this.studentRows(manager).findOne({ select: { id: true, nationalIdCipher: true, nationalIdKeyVersion: true }, where: { id: studentId } });
    return row ? { cipher: row.nationalIdCipher, keyVersion: row.nationalIdKeyVersion } : undefined;
  }

  async transfers(studentId: string): Promise<TransferRow[]> {
    return (await this.dataSource.getRepository(StudentTransferEntity).find({ where: { studentId }, order: { id: 'DESC' } })).map(transferRow);
  }

  /** The student's place, locked for a transfer (two transfers of one student queue). */
  async placeForUpdate(manager: EntityManager, studentId: string): Promise<PlaceRow | undefined> {
    // Locks the student's and the household's rows in one statement (FOR UPDATE OF s, h over a join): SQL.
    const rows: PlaceRow[] = await manager.query(
      `SELECT s.id, s.village_code, s.school_code, s.stage, s.household_id, h.village_code AS household_village_code
         FROM students.students s JOIN students.households h ON h.id = s.household_id WHERE s.id = $1 FOR UPDATE OF s, h`,
      [studentId],
    );
    return rows[0];
  }

  async directorySchool(manager: EntityManager, code: string): Promise<{ kind: SchoolKind; county_code: string } | undefined> {
    const row = await manager.getRepository(SchoolDirectoryEntity).findOne({ select: { code: true, kind: true, countyCode: true }, where: { code } });
    return row ? { kind: row.kind, county_code: row.countyCode } : undefined;
  }

  async moveToSchool(manager: EntityManager, studentId: string, schoolCode: string, schoolCountyCode: string): Promise<void> {
    await this.studentRows(manager).update({ id: studentId }, { schoolCode, schoolCountyCode, updatedAt: () => 'now()' });
  }

  /** Moves a household and every student of it to another village; returns those students with where they were. */
  async moveHousehold(manager: EntityManager, householdId: string, villageCode: string): Promise<{ id: string; village_code: string; school_code: string | null }[]> {
    await manager.getRepository(HouseholdEntity).update({ id: householdId }, { villageCode, countyCode: villageCode.slice(0, 6), updatedAt: () => 'now()' });
    // An UPDATE … FROM the rows before it, RETURNING where each student was: SQL.
    const [moved]: [{ id: string; village_code: string; school_code: string | null }[], number] = await manager.query(
      `UPDATE students.students s SET village_code = $2::text, county_code = left($2::text, 6), updated_at = now()
         FROM students.students old_s WHERE old_s.id = s.id AND s.household_id = $1
       RETURNING s.id, old_s.village_code, s.school_code`,
      [householdId, villageCode],
    );
    return moved;
  }

  /** One row per student moved (a household's few students): one multi-row INSERT. */
  async recordTransfers(manager: EntityManager, transfers: NewTransfer[]): Promise<void> {
    if (transfers.length === 0) return;
    await manager.getRepository(StudentTransferEntity).insert(transfers.map((t) => ({
      studentId: t.studentId, fromVillageCode: t.fromVillageCode, fromSchoolCode: t.fromSchoolCode, toVillageCode: t.toVillageCode, toSchoolCode: t.toSchoolCode,
      householdMoved: t.householdMoved, reason: t.reason, transferredBy: t.transferredBy,
    })));
  }

  /** A student as the graduate base links them: place, stage and household status, never the national ID. */
  async graduateLinkFacts(studentId: string): Promise<{ id: string; name: string; stage: string | null; grade: number | null; school_code: string | null; school_county_code: string | null; village_code: string; county_code: string; household_status: string } | undefined> {
    // The student joined with the household's status: one statement, as rows.
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
    // One array parameter (= ANY) for a chunk of thousands, not thousands of IN parameters.
    const rows = await this.studentRows().createQueryBuilder('s')
      .select(['s.id', 's.nationalIdIndex'])
      .where('s.nationalIdIndex = ANY(:indexes::bytea[])', { indexes })
      .getMany();
    return new Map(rows.map((r) => [r.nationalIdIndex.toString('hex'), r.id]));
  }

  /**
   * One page of students whose current enrolment is of the academic year, in one of the stages, at
   * or above the stage's final grade, by id (keyset). The graduate feed reads the registry so.
   */
  async finalYearStudents(academicYear: string, finalGrades: Record<string, number>, after: string | undefined, limit: number): Promise<{
    id: string; name: string; stage: string; grade: number; school_code: string; school_county_code: string | null; village_code: string; county_code: string; household_status: string; academic_year: string;
  }[]> {
    const stages = Object.keys(finalGrades);
    // A keyset page joined with an unnest of (stage, final grade) pairs and the households: SQL.
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
