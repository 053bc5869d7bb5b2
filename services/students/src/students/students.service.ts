import { Injectable } from '@nestjs/common';
import { Caller, RecordPlace, STAGES_BY_SCHOOL_KIND, Stage, parseNationalId, NATIONAL_ID_PROBLEM_MESSAGES, scopeCovers } from '@eduaid/contracts';
import { DomainError, FieldCipher, UnitOfWork, assertInScope } from '@eduaid/platform';
import { PiiAccessLogRepository } from '../privacy/pii-access-log.repository';
import {
  EnrolmentDto,
  RevealedNationalIdDto,
  StudentDetailDto,
  StudentPageDto,
  StudentSummaryDto,
  TransferDto,
  TransferListDto,
} from './dto/student.dto';
import type { StudentQueryDto, TransferStudentDto } from './dto/student-query.dto';
import { NewTransfer, StudentRow, StudentsRepository, TransferRow } from './students.repository';

const DEFAULT_PAGE = 50;

/** Lookups by national ID a user may make per minute (every replica counts the same log). */
export const LOOKUPS_PER_MINUTE = 30;

/** 429 with the seconds to wait; the problem-details filter sends them as Retry-After. */
function lookupRateLimited(retryAfterSeconds: number): DomainError {
  return new DomainError('students.lookup-rate-limited', 'too-many-requests', `Too many lookups by national ID: at most ${LOOKUPS_PER_MINUTE} a minute. Try again in ${retryAfterSeconds} s.`, [], retryAfterSeconds);
}

function toSummary(row: StudentRow): StudentSummaryDto {
  return {
    id: row.id,
    name: row.name,
    nationalIdMasked: row.national_id_masked,
    sex: row.sex,
    birthYear: row.birth_year,
    householdId: row.household_id,
    villageCode: row.village_code,
    enrolment:
      row.school_code && row.stage && row.academic_year
        ? { schoolCode: row.school_code, stage: row.stage, grade: row.grade as number, boarding: row.boarding as boolean, academicYear: row.academic_year }
        : null,
    flags: { disability: row.disability, leftBehind: row.left_behind, migrantChild: row.migrant_child, specialHardship: row.special_hardship },
  };
}

function toTransfer(t: TransferRow): TransferDto {
  return {
    id: Number(t.id),
    studentId: t.student_id,
    fromVillageCode: t.from_village_code,
    fromSchoolCode: t.from_school_code,
    toVillageCode: t.to_village_code,
    toSchoolCode: t.to_school_code,
    householdMoved: t.household_moved,
    reason: t.reason,
    transferredBy: t.transferred_by,
    transferredAt: t.transferred_at.toISOString(),
  };
}

function placeOf(row: { village_code: string; school_code: string | null }): RecordPlace {
  return { divisionCode: row.village_code, schoolCode: row.school_code ?? undefined };
}

/**
 * The student registry as users see it: lists and details inside the caller's jurisdiction, national
 * IDs masked, the full number only through an explicit, logged reveal, and moves between
 * jurisdictions only through an explicit transfer that both sides can read.
 */
@Injectable()
export class StudentsService {
  constructor(
    private readonly students: StudentsRepository,
    private readonly accessLog: PiiAccessLogRepository,
    private readonly cipher: FieldCipher,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async list(caller: Caller, query: StudentQueryDto): Promise<StudentPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.students.list(caller.scope, { ...query, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toSummary);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : undefined };
  }

  async detail(caller: Caller, studentId: string): Promise<StudentDetailDto> {
    const row = await this.students.find(studentId);
    if (!row) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
    assertInScope(caller, placeOf(row), 'This student');
    const [enrolmentRows, transfers] = await Promise.all([this.students.enrolments(studentId), this.students.transfers(studentId)]);
    const enrolments: EnrolmentDto[] = enrolmentRows.map((e) => ({
      schoolCode: e.school_code,
      stage: e.stage,
      grade: e.grade,
      boarding: e.boarding,
      academicYear: e.academic_year,
    }));
    return { ...toSummary(row), householdNo: row.household_no, householdStatus: row.household_status, enrolments, transfers: transfers.map(toTransfer) };
  }

  /**
   * Exact-match lookup by national ID through its blind index; the number itself is never queried.
   * A lookup confirms a guess, so each one is written to the access log (found or not, in scope or
   * not), and a user may make only LOOKUPS_PER_MINUTE of them in any minute.
   */
  async lookup(caller: Caller, nationalId: string, purpose: string | undefined, requestId: string): Promise<StudentDetailDto> {
    const normalised = nationalId.toUpperCase();
    const parsed = parseNationalId(normalised);
    if (!parsed.ok) {
      // Checked locally, against no record: tells nothing about the registry, so neither logged nor counted.
      throw new DomainError('student.national-id-invalid', 'invalid', 'The national ID is not valid.', [
        { field: 'nationalId', message: `nationalId ${NATIONAL_ID_PROBLEM_MESSAGES[parsed.problem]}` },
      ]);
    }
    const found = await this.unitOfWork.run(async (manager) => {
      const wait = await this.accessLog.lookupRetryAfter(manager, caller.userId, LOOKUPS_PER_MINUTE);
      if (wait !== undefined) throw lookupRateLimited(wait);
      // Read on the transaction's own connection: a second connection awaited while this one is held
      // would deadlock the pool once every connection is held so.
      const id = await this.students.findIdByIndex(this.cipher.blindIndex('national-id', normalised), manager);
      const row = id ? await this.students.find(id, manager) : undefined;
      const own = caller.scope.level === 'school' ? { schoolCode: caller.scope.code } : { divisionCode: caller.scope.code };
      await this.accessLog.record(manager, {
        kind: 'lookup',
        actorUserId: caller.userId,
        actorRoles: caller.roles,
        studentId: row?.id,
        place: row ? { divisionCode: row.village_code, schoolCode: row.school_code ?? undefined } : own,
        field: 'national_id',
        reason: purpose ?? '',
        requestId,
      });
      return row?.id;
    });
    if (!found) throw new DomainError('student.not-found', 'not-found', 'No student has this national ID.');
    return this.detail(caller, found);
  }

  /** The full national ID, for a role that may see it, with the reason recorded in the access log first. */
  async revealNationalId(caller: Caller, studentId: string, reason: string, requestId: string): Promise<RevealedNationalIdDto> {
    const student = await this.detail(caller, studentId); // 404 and jurisdiction first
    const nationalId = await this.unitOfWork.run(async (manager) => {
      const sealed = await this.students.sealedNationalId(manager, studentId);
      if (!sealed) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
      await this.accessLog.record(manager, {
        kind: 'reveal',
        actorUserId: caller.userId,
        actorRoles: caller.roles,
        studentId,
        place: { divisionCode: student.villageCode, schoolCode: student.enrolment?.schoolCode },
        field: 'national_id',
        reason,
        requestId,
      });
      return this.cipher.decrypt('national-id', sealed);
    });
    return { studentId, nationalId };
  }

  /**
   * Moves a student to another school, or the student's household (with its other students) to
   * another village: the only way a record leaves a jurisdiction. The caller's scope must cover the
   * student where they are now (for a household, its village); each move is recorded for both sides.
   */
  async transfer(caller: Caller, studentId: string, request: TransferStudentDto): Promise<TransferListDto> {
    if (!request.toSchoolCode && !request.toVillageCode) {
      throw new DomainError('student.transfer-empty', 'invalid', 'Name where the student goes: toSchoolCode, toVillageCode or both.', [
        { field: 'toSchoolCode', message: 'toSchoolCode or toVillageCode is required' },
      ]);
    }
    await this.unitOfWork.run(async (manager) => {
      const place = await this.students.placeForUpdate(manager, studentId);
      if (!place) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
      assertInScope(caller, placeOf(place), 'This student');
      const toSchool = request.toSchoolCode && request.toSchoolCode !== place.school_code ? request.toSchoolCode : undefined;
      const toVillage = request.toVillageCode && request.toVillageCode !== place.household_village_code ? request.toVillageCode : undefined;
      if (!toSchool && !toVillage) {
        throw new DomainError('student.transfer-no-change', 'conflict', 'The student is already at that school and village.');
      }
      let schoolCounty: string | undefined;
      if (toSchool) {
        if (!place.school_code || !place.stage) {
          throw new DomainError('student.not-enrolled', 'unprocessable', 'The student has no current enrolment to move; import it with the new school’s roster.');
        }
        const school = await this.students.directorySchool(manager, toSchool);
        if (!school) throw new DomainError('student.unknown-school', 'invalid', `Unknown school ${toSchool}.`, [{ field: 'toSchoolCode', message: `unknown school '${toSchool}'` }]);
        if (!STAGES_BY_SCHOOL_KIND[school.kind].includes(place.stage as Stage)) {
          throw new DomainError('student.stage-not-taught', 'unprocessable', `A ${school.kind} school does not teach ${place.stage}.`, [
            { field: 'toSchoolCode', message: `a ${school.kind} school does not teach ${place.stage}` },
          ]);
        }
        schoolCounty = school.county_code;
      }
      // A household is sent by whoever holds its village, never by a school that only teaches a child of it.
      if (toVillage) assertInScope(caller, { divisionCode: place.household_village_code }, 'This student’s household');
      const base = { reason: request.reason, transferredBy: caller.userId };
      const records: NewTransfer[] = [];
      if (toVillage) {
        const moved = await this.students.moveHousehold(manager, place.household_id, toVillage);
        for (const m of moved) {
          const self = m.id === studentId;
          records.push({
            ...base,
            studentId: m.id,
            fromVillageCode: m.village_code,
            fromSchoolCode: m.school_code,
            toVillageCode: toVillage,
            toSchoolCode: self && toSchool ? toSchool : m.school_code,
            householdMoved: true,
          });
        }
      } else {
        records.push({ ...base, studentId, fromVillageCode: place.village_code, fromSchoolCode: place.school_code, toVillageCode: place.village_code, toSchoolCode: toSchool ?? null, householdMoved: false });
      }
      if (toSchool) await this.students.moveToSchool(manager, studentId, toSchool, schoolCounty as string);
      await this.students.recordTransfers(manager, records);
    });
    return { items: (await this.students.transfers(studentId)).map(toTransfer) };
  }

  /**
   * A student's transfers, for anyone whose jurisdiction holds the student now or held them before a
   * transfer: the sending side keeps the record of where the student went.
   */
  async transfers(caller: Caller, studentId: string): Promise<TransferListDto> {
    const row = await this.students.find(studentId);
    if (!row) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
    const transfers = await this.students.transfers(studentId);
    const seen =
      scopeCovers(caller.scope, placeOf(row)) ||
      transfers.some((t) => scopeCovers(caller.scope, { divisionCode: t.from_village_code, schoolCode: t.from_school_code ?? undefined }));
    if (!seen) assertInScope(caller, placeOf(row), 'This student');
    return { items: transfers.map(toTransfer) };
  }
}
