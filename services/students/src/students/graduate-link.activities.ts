import { Injectable } from '@nestjs/common';
import type { GraduateLinkFacts, StudentsGraduateActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { StudentsRepository } from './students.repository';

/**
 * The registry's side of the graduate base (mentoring service): who the student is and where they
 * lie, read-only. The national ID never leaves this service; the base keeps the student's id.
 */
@Activities()
@Injectable()
export class GraduateLinkActivities implements StudentsGraduateActivities {
  constructor(private readonly students: StudentsRepository) {}

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
}
