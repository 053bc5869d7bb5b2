import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { JurisdictionsRepository } from '../jurisdictions/jurisdictions.repository';
import { SchoolsRepository } from '../schools/schools.repository';
import type { NamesDto } from './dto/names.dto';

const SCHOOL_CODE = /^\d{10}$/;

/**
 * Names for the codes screens show (a county, a university): any division or school asked for. The
 * names of places and schools are public (a graduate of the county studies at a university of another
 * province, and the caseworker must see which), so no jurisdiction is checked here; the list of codes
 * is bounded and validated (NamesQueryDto), and a code nobody holds is left out, not refused.
 */
@Injectable()
export class NamesService {
  constructor(
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async names(_caller: Caller, codes: string[]): Promise<NamesDto> {
    const unique = [...new Set(codes)];
    const schoolCodes = unique.filter((c) => SCHOOL_CODE.test(c));
    const divisionCodes = unique.filter((c) => !SCHOOL_CODE.test(c));
    const [divisions, schools] = await Promise.all([this.jurisdictions.findMany(divisionCodes), this.schools.findMany(schoolCodes)]);
    return {
      items: [...divisions.map((d) => ({ code: d.code, name: d.name, level: d.level })), ...schools.map((s) => ({ code: s.code, name: s.name, level: 'school' }))],
    };
  }
}
