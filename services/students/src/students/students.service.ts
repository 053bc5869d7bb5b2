import { Injectable } from '@nestjs/common';
import { Caller, parseNationalId, NATIONAL_ID_PROBLEM_MESSAGES } from '@eduaid/contracts';
import { DomainError, FieldCipher, assertInScope } from '@eduaid/platform';
import { PiiAccessLogRepository } from '../privacy/pii-access-log.repository';
import { EnrolmentDto, RevealedNationalIdDto, StudentDetailDto, StudentPageDto, StudentSummaryDto } from './dto/student.dto';
import type { StudentQueryDto } from './dto/student-query.dto';
import { StudentRow, StudentsRepository } from './students.repository';

const DEFAULT_PAGE = 50;

function toSummary(row: StudentRow): StudentSummaryDto {
  return {
    id: row.id,
    name: row.name,
    nationalIdMasked: row.national_id_masked,
    sex: row.sex,
    birthDate: row.birth_date,
    householdId: row.household_id,
    villageCode: row.village_code,
    enrolment:
      row.school_code && row.stage && row.academic_year
        ? { schoolCode: row.school_code, stage: row.stage, grade: row.grade as number, boarding: row.boarding as boolean, academicYear: row.academic_year }
        : null,
    flags: { disability: row.disability, leftBehind: row.left_behind, migrantChild: row.migrant_child, specialHardship: row.special_hardship },
  };
}

/**
 * The student registry as users see it: lists and details inside the caller's jurisdiction, national
 * IDs masked, and the full number only through an explicit, logged reveal.
 */
@Injectable()
export class StudentsService {
  constructor(
    private readonly students: StudentsRepository,
    private readonly accessLog: PiiAccessLogRepository,
    private readonly cipher: FieldCipher,
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
    assertInScope(caller, { divisionCode: row.village_code, schoolCode: row.school_code ?? undefined }, 'This student');
    const enrolments: EnrolmentDto[] = (await this.students.enrolments(studentId)).map((e) => ({
      schoolCode: e.school_code,
      stage: e.stage,
      grade: e.grade,
      boarding: e.boarding,
      academicYear: e.academic_year,
    }));
    return { ...toSummary(row), householdNo: row.household_no, householdStatus: row.household_status, enrolments };
  }

  /** Exact-match lookup by national ID through its blind index; the number itself is never queried. */
  async lookup(caller: Caller, nationalId: string): Promise<StudentDetailDto> {
    const normalised = nationalId.toUpperCase();
    const parsed = parseNationalId(normalised);
    if (!parsed.ok) {
      throw new DomainError('student.national-id-invalid', 'invalid', 'The national ID is not valid.', [
        { field: 'nationalId', message: `nationalId ${NATIONAL_ID_PROBLEM_MESSAGES[parsed.problem]}` },
      ]);
    }
    const id = await this.students.findIdByIndex(this.cipher.blindIndex('national-id', normalised));
    if (!id) throw new DomainError('student.not-found', 'not-found', 'No student has this national ID.');
    return this.detail(caller, id);
  }

  /** The full national ID, for a role that may see it, with the reason recorded in the access log first. */
  async revealNationalId(caller: Caller, studentId: string, reason: string, requestId: string): Promise<RevealedNationalIdDto> {
    await this.detail(caller, studentId); // 404 and jurisdiction first
    const nationalId = await this.students.transaction(async (manager) => {
      const sealed = await this.students.sealedNationalId(manager, studentId);
      if (!sealed) throw new DomainError('student.not-found', 'not-found', `No student ${studentId}.`);
      await this.accessLog.record(manager, { actorUserId: caller.userId, actorRoles: caller.roles, studentId, field: 'national_id', reason, requestId });
      return this.cipher.decrypt('national-id', sealed);
    });
    return { studentId, nationalId };
  }
}
