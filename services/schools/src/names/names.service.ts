import { Injectable } from '@nestjs/common';
import { Caller, scopeCovers } from '@eduaid/contracts';
import { JurisdictionsRepository } from '../jurisdictions/jurisdictions.repository';
import { SchoolsRepository } from '../schools/schools.repository';
import type { NamesDto } from './dto/names.dto';

const SCHOOL_CODE = /^\d{10}$/;

/**
 * Names for the codes screens show (a county, a university): divisions within the caller's
 * jurisdiction or above it (the county caseworker's own prefecture and province), and schools within
 * it. Codes outside are left out, not refused: a name is a convenience, the screen shows the code.
 */
@Injectable()
export class NamesService {
  constructor(
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async names(caller: Caller, codes: string[]): Promise<NamesDto> {
    const unique = [...new Set(codes)];
    const schoolCodes = unique.filter((c) => SCHOOL_CODE.test(c));
    const divisionCodes = unique.filter((c) => !SCHOOL_CODE.test(c));
    const [divisions, schools] = await Promise.all([this.jurisdictions.findMany(divisionCodes), this.schools.findMany(schoolCodes)]);
    const scope = caller.scope;
    const divisionVisible = (code: string) => scopeCovers(scope, { divisionCode: code }) || (scope.level !== 'school' && scope.code.startsWith(code));
    return {
      items: [
        ...divisions.filter((d) => divisionVisible(d.code)).map((d) => ({ code: d.code, name: d.name, level: d.level })),
        ...schools.filter((s) => scopeCovers(scope, { divisionCode: s.jurisdictionCode, schoolCode: s.code })).map((s) => ({ code: s.code, name: s.name, level: 'school' })),
      ],
    };
  }
}
