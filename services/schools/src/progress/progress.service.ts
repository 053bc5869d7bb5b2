import { Injectable } from '@nestjs/common';
import type { Caller, SchoolKind } from '@eduaid/contracts';
import { assertInScope, DomainError } from '@eduaid/platform';
import { JurisdictionsRepository } from '../jurisdictions/jurisdictions.repository';
import { SchoolsRepository } from '../schools/schools.repository';
import { ProgressReportDto } from './dto/progress-report.dto';
import { RecordedDto, RecordRenovationDto, RecordTrainingDto } from './dto/progress-requests.dto';
import { buildProgressReport, progressReportCsv } from './progress-report';
import { ProgressRepository } from './progress.repository';

/** Kinds of school the renovation of compulsory schools (全面改薄) covers. */
const COMPULSORY_KINDS: readonly SchoolKind[] = ['primary', 'junior-secondary', 'nine-year', 'teaching-point', 'special-education'];

export type ReportFormat = 'json' | 'csv';

@Injectable()
export class ProgressService {
  constructor(
    private readonly progress: ProgressRepository,
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async provinceReport(caller: Caller, format: ReportFormat): Promise<ProgressReportDto | string> {
    const province = await this.jurisdictions.province();
    if (!province) throw new DomainError('progress.scope-not-found', 'not-found', 'No province is registered yet.');
    return this.report(caller, 'province', province.code, format);
  }

  async countyReport(caller: Caller, countyCode: string, format: ReportFormat): Promise<ProgressReportDto | string> {
    return this.report(caller, 'county', countyCode, format);
  }

  async recordRenovation(caller: Caller, schoolCode: string, body: RecordRenovationDto): Promise<RecordedDto> {
    await this.schoolOf(caller, schoolCode, COMPULSORY_KINDS, 'weak-school renovation covers compulsory schools');
    await this.progress.upsertRenovation({ schoolCode, batch: body.batch, status: body.status });
    return { recorded: `renovation of ${schoolCode}: batch ${body.batch}, ${body.status}` };
  }

  async recordKindergartenBuilt(caller: Caller, schoolCode: string, year: number): Promise<RecordedDto> {
    await this.schoolOf(caller, schoolCode, ['kindergarten'], 'only a kindergarten can be recorded as built');
    await this.progress.upsertSchoolYear('kindergartens_built', { schoolCode, year });
    return { recorded: `kindergarten ${schoolCode} built in ${year}` };
  }

  async recordTeachingPointLinked(caller: Caller, schoolCode: string, year: number): Promise<RecordedDto> {
    await this.schoolOf(caller, schoolCode, ['teaching-point'], 'only a teaching point can be linked to the platform');
    await this.progress.upsertSchoolYear('teaching_point_links', { schoolCode, year });
    return { recorded: `teaching point ${schoolCode} linked in ${year}` };
  }

  async recordTraining(caller: Caller, body: RecordTrainingDto): Promise<RecordedDto> {
    assertInScope(caller, { divisionCode: body.countyCode }, `County ${body.countyCode}`);
    const county = await this.jurisdictions.findOne(body.countyCode);
    if (!county || county.level !== 'county') {
      throw new DomainError('training.invalid', 'invalid', 'The training figure does not fit the registry.', [{ field: 'countyCode', message: `no county ${body.countyCode} is registered` }]);
    }
    await this.progress.upsertTraining(body);
    return { recorded: `${body.programme} training in ${body.countyCode}, ${body.year}: ${body.personTimes} person-times` };
  }

  private async report(caller: Caller, level: 'province' | 'county', code: string, format: ReportFormat): Promise<ProgressReportDto | string> {
    const place = await this.jurisdictions.findOne(code);
    if (!place || place.level !== level) throw new DomainError('progress.scope-not-found', 'not-found', `No ${level} ${code}.`);
    assertInScope(caller, { divisionCode: code }, `The ${level} ${code}`);
    const report = buildProgressReport({ level, code, name: place.name }, await this.progress.actuals(code));
    return format === 'csv' ? progressReportCsv(report) : report;
  }

  private async schoolOf(caller: Caller, schoolCode: string, kinds: readonly SchoolKind[], rule: string): Promise<void> {
    const school = await this.schools.findOne(schoolCode);
    if (!school) throw new DomainError('school.not-found', 'not-found', `No school ${schoolCode}.`);
    assertInScope(caller, { divisionCode: school.jurisdictionCode, schoolCode }, `School ${schoolCode}`);
    if (!kinds.includes(school.kind)) {
      throw new DomainError('progress.wrong-kind', 'unprocessable', `${rule}; ${schoolCode} is a ${school.kind}.`, [{ field: 'schoolCode', message: `${rule}; this school is a ${school.kind}` }]);
    }
  }
}
