import { Injectable } from '@nestjs/common';
import { ancestorCode, Caller, SchoolDirectoryPage, SCHOOL_DIRECTORY_MAX_PAGE } from '@eduaid/contracts';
import { assertInScope, decodeKeysetCursor, DomainError, encodeKeysetCursor, FieldError } from '@eduaid/platform';
import { JurisdictionsRepository } from '../jurisdictions/jurisdictions.repository';
import { SchoolDto, SchoolPageDto } from './dto/school.dto';
import { CreateSchoolDto, ListSchoolsQueryDto, UpdateSchoolDto } from './dto/school-requests.dto';
import { SchoolEntity } from './school.entity';
import { SchoolRow, SchoolsRepository } from './schools.repository';

const DEFAULT_PAGE = 50;
const SCHOOL_CODE = /^\d{10}$/;

function toDto(s: SchoolRow | SchoolEntity): SchoolDto {
  return { code: s.code.trim(), name: s.name, kind: s.kind, jurisdictionCode: s.jurisdictionCode, countyCode: s.countyCode, boarding: s.boarding };
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('school.invalid', 'invalid', 'The school does not fit the registry.', errors);
}

@Injectable()
export class SchoolsService {
  constructor(
    private readonly schools: SchoolsRepository,
    private readonly jurisdictions: JurisdictionsRepository,
  ) {}

  async list(caller: Caller, query: ListSchoolsQueryDto): Promise<SchoolPageDto> {
    // Keyset pages on the school code alone, so a page costs an index range scan however deep it is.
    const afterCode = query.cursor !== undefined ? (decodeKeysetCursor(query.cursor, [SCHOOL_CODE], { invalid: (e) => invalid([e]) })[0] as string) : undefined;
    const limit = query.limit ?? DEFAULT_PAGE;
    // One row more than asked tells whether another page follows without a count query.
    const rows = await this.schools.page(caller.scope, { ...query, afterCode }, limit + 1);
    const items = rows.slice(0, limit).map(toDto);
    return { items, nextCursor: rows.length > limit ? encodeKeysetCursor([items[items.length - 1].code]) : null };
  }

  async get(caller: Caller, code: string): Promise<SchoolDto> {
    const school = await this.found(code);
    assertInScope(caller, { divisionCode: school.jurisdictionCode, schoolCode: code }, `School ${code}`);
    return toDto(school);
  }

  async create(caller: Caller, body: CreateSchoolDto): Promise<SchoolDto> {
    const countyCode = await this.checkPlace(body.code, body.jurisdictionCode);
    assertInScope(caller, { divisionCode: body.jurisdictionCode, schoolCode: body.code }, `School ${body.code}`);
    if (await this.schools.findOne(body.code)) throw new DomainError('school.exists', 'conflict', `School ${body.code} is already registered.`);
    const row: SchoolRow = { code: body.code, name: body.name, kind: body.kind, jurisdictionCode: body.jurisdictionCode, countyCode, boarding: body.boarding ?? false };
    await this.schools.insert(row);
    return toDto(row);
  }

  async update(caller: Caller, code: string, body: UpdateSchoolDto): Promise<SchoolDto> {
    const school = await this.found(code);
    assertInScope(caller, { divisionCode: school.jurisdictionCode, schoolCode: code }, `School ${code}`);
    if (body.jurisdictionCode) await this.checkPlace(code, body.jurisdictionCode, 'jurisdictionCode');
    const changes = { name: body.name, kind: body.kind, jurisdictionCode: body.jurisdictionCode, boarding: body.boarding };
    await this.schools.update(code, changes);
    return toDto({ ...school, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) });
  }

  /** A page of the directory for another service's import; keyset by code. */
  async directory(afterCode: string | undefined, limit: number): Promise<SchoolDirectoryPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > SCHOOL_DIRECTORY_MAX_PAGE) {
      throw new DomainError('school-directory.limit', 'invalid', `limit must be an integer from 1 to ${SCHOOL_DIRECTORY_MAX_PAGE}, got ${limit}`);
    }
    if (afterCode !== undefined && !/^\d{10}$/.test(afterCode)) {
      throw new DomainError('school-directory.after-code', 'invalid', `afterCode must be a school code of 10 digits, got '${afterCode}'`);
    }
    const schools = await this.schools.directoryPage(afterCode, limit);
    return schools.length === limit ? { schools, nextAfterCode: schools[schools.length - 1].code } : { schools };
  }

  private async found(code: string): Promise<SchoolEntity> {
    const school = await this.schools.findOne(code);
    if (!school) throw new DomainError('school.not-found', 'not-found', `No school ${code}.`);
    return school;
  }

  /**
   * A school stands in a registered township or village, and its code starts with that place's
   * county code (as the registry's codes are made), so the county of a code never changes.
   */
  private async checkPlace(code: string, jurisdictionCode: string, mismatchField: 'code' | 'jurisdictionCode' = 'code'): Promise<string> {
    const place = await this.jurisdictions.findOne(jurisdictionCode);
    if (!place) throw invalid([{ field: 'jurisdictionCode', message: `no jurisdiction ${jurisdictionCode} is registered` }]);
    if (place.level !== 'township' && place.level !== 'village') {
      throw invalid([{ field: 'jurisdictionCode', message: `a school stands in a township or village, but ${jurisdictionCode} is a ${place.level}` }]);
    }
    const countyCode = ancestorCode(jurisdictionCode, 'county');
    if (!code.startsWith(countyCode)) {
      const message = mismatchField === 'code' ? `a school code in county ${countyCode} starts with ${countyCode}` : `school ${code} cannot move out of county ${code.slice(0, 6)}`;
      throw invalid([{ field: mismatchField, message }]);
    }
    return countyCode;
  }
}
