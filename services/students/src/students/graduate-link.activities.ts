import { Injectable } from '@nestjs/common';
import type {
  FinalYearStudent,
  GraduateLinkFacts,
  NationalIdLink,
  StudentsGraduateActivities,
  StudentsGraduateBatchActivities,
  StudentsGraduateFeedActivities,
} from '@eduaid/contracts';
import { NATIONAL_ID_PROBLEM_MESSAGES, graduateImportSealContext, parseNationalId } from '@eduaid/contracts';
import { FINAL_YEAR_GRADE } from '@eduaid/policy';
import { Activities, FieldCipher, SealOpener, UnitOfWork } from '@eduaid/platform';
import { PiiAccessLogRepository } from '../privacy/pii-access-log.repository';
import { StudentsRepository } from './students.repository';

const mask = (id: string) => `**************${id.slice(-4)}`;

/**
 * The registry's side of the graduate base (mentoring service): who the student is and where they
 * lie, read-only. The national ID never leaves this service; the base keeps the student's id.
 * National IDs of a university's list arrive sealed to this service's key (sealed at the mentoring
 * service's edge) and are opened only here, to find the student through the blind index.
 */
@Activities()
@Injectable()
export class GraduateLinkActivities implements StudentsGraduateActivities, StudentsGraduateBatchActivities, StudentsGraduateFeedActivities {
  private opener?: SealOpener;

  constructor(
    private readonly students: StudentsRepository,
    private readonly accessLog: PiiAccessLogRepository,
    private readonly cipher: FieldCipher,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async readGraduateLink(input: { studentId: string }): Promise<GraduateLinkFacts> {
    const row = await this.students.graduateLinkFacts(input.studentId);
    if (!row) return { found: false, studentId: input.studentId };
    return {
      found: true,
      studentId: row.id,
      name: row.name,
      stage: row.stage ?? undefined,
      grade: row.grade ?? undefined,
      schoolCode: row.school_code ?? undefined,
      schoolCountyCode: row.school_county_code ?? undefined,
      villageCode: row.village_code.trim(),
      countyCode: row.county_code.trim(),
      householdStatus: row.household_status,
    };
  }

  /** The same facts for a chunk of a graduate import (at most a few hundred students), in the order asked. */
  async readGraduateLinks(input: { studentIds: string[] }): Promise<GraduateLinkFacts[]> {
    const facts: GraduateLinkFacts[] = [];
    for (const studentId of input.studentIds) facts.push(await this.readGraduateLink({ studentId }));
    return facts;
  }

  async graduateSealKey(): Promise<{ publicKey: string }> {
    return { publicKey: this.sealOpener().publicKey };
  }

  async readGraduateLinksByNationalId(input: { importId: string; chunk: number; senderKey: string; uploadedBy: string; scope: { level: string; code: string }; sealed: string[] }): Promise<NationalIdLink[]> {
    const open = this.sealOpener().opener(input.senderKey, graduateImportSealContext(input.importId));
    const opened = input.sealed.map((sealed) => {
      const plain = open(sealed);
      if (plain === undefined) return { link: { masked: '**************????', problem: 'unreadable' } as NationalIdLink };
      const id = plain.toUpperCase();
      const parsed = parseNationalId(id);
      if (!parsed.ok) return { link: { masked: mask(id), problem: 'invalid', detail: NATIONAL_ID_PROBLEM_MESSAGES[parsed.problem] } as NationalIdLink };
      return { id, index: this.cipher.blindIndex('national-id', id) };
    });
    const ids = await this.students.findIdsByIndexes(opened.flatMap((o) => (o.index ? [o.index] : [])));
    const links: NationalIdLink[] = [];
    for (const o of opened) {
      if (o.link) {
        links.push(o.link);
        continue;
      }
      const studentId = ids.get(o.index!.toString('hex'));
      const facts: GraduateLinkFacts = studentId ? await this.readGraduateLink({ studentId }) : { found: false, studentId: '' };
      links.push({ masked: mask(o.id!), facts });
    }
    // Each valid number confirms whether a student has it: logged as a lookup by the uploader, once per chunk.
    const requestId = `graduate-import:${input.importId}:chunk-${input.chunk}`;
    const own = input.scope.level === 'school' ? { schoolCode: input.scope.code } : { divisionCode: input.scope.code };
    await this.unitOfWork.run(async (manager) => {
      if (await this.accessLog.hasGraduateImportRequest(manager, requestId)) return;
      await this.accessLog.recordMany(
        manager,
        links.flatMap((l) =>
          l.facts
            ? [{
                kind: 'lookup' as const,
                actorUserId: input.uploadedBy,
                actorRoles: [],
                studentId: l.facts.found ? l.facts.studentId : undefined,
                place: l.facts.found ? { divisionCode: l.facts.villageCode, schoolCode: l.facts.schoolCode } : own,
                field: 'national_id',
                reason: `graduate import ${input.importId}`,
                requestId,
              }]
            : [],
        ),
      );
    });
    return links;
  }

  /** One page of the registry's final-year students of higher education (FINAL_YEAR_GRADE in libs/policy), by id. */
  async listFinalYearStudents(input: { academicYear: string; after?: string; limit: number }): Promise<{ students: FinalYearStudent[]; last?: string }> {
    const rows = await this.students.finalYearStudents(input.academicYear, FINAL_YEAR_GRADE.grades, input.after, input.limit);
    const students: FinalYearStudent[] = rows.map((row) => ({
      found: true,
      studentId: row.id,
      name: row.name,
      stage: row.stage,
      grade: row.grade,
      schoolCode: row.school_code,
      schoolCountyCode: row.school_county_code ?? undefined,
      villageCode: row.village_code.trim(),
      countyCode: row.county_code.trim(),
      householdStatus: row.household_status,
      academicYear: row.academic_year,
    }));
    return { students, last: rows.length === input.limit ? rows[rows.length - 1].id : undefined };
  }

  private sealOpener(): SealOpener {
    return (this.opener ??= this.cipher.sealOpener('graduate-import'));
  }
}
