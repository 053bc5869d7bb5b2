import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CAMPAIGN_EXCLUSION_REASONS, CAMPAIGN_RESULT_STATUSES, CAMPAIGN_SCOPE_LEVELS, CAMPAIGN_STATES } from '@eduaid/contracts';
import { IsId, IsOptionalId, PageLimit, ReasonText } from '@eduaid/platform';
import { ReasonCodeDto } from '../../aid-applications/dto/aid-application.dto';
import { SchoolCodeFilter } from '../../students/dto/place-filters';

export class StartCampaignDto {
  @ApiProperty({ example: '2026-2027' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2026-2027' })
  academicYear!: string;

  @ApiProperty({ enum: CAMPAIGN_SCOPE_LEVELS, description: 'The campaign covers a province, a prefecture or a county (within your jurisdiction)' })
  @IsIn(CAMPAIGN_SCOPE_LEVELS)
  scopeLevel!: (typeof CAMPAIGN_SCOPE_LEVELS)[number];

  @ApiProperty({ example: '420102', description: 'The division code of the scope: 2, 4 or 6 digits to match the level' })
  @Matches(/^\d{2}(\d{2}(\d{2})?)?$/, { message: 'scopeCode must be a 2, 4 or 6-digit division code' })
  scopeCode!: string;

  @ApiPropertyOptional({ minimum: 100, maximum: 20000, default: 5000, description: 'Students assessed per chunk (one transaction each)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(20000)
  chunkSize?: number;
}

export class CampaignParamsDto {
  @IsId()
  campaignId!: string;
}

export class StudentParamsDto {
  @IsId()
  studentId!: string;
}

export class CampaignListQueryDto {
  @ApiPropertyOptional({ example: '2026-2027' })
  @IsOptional()
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2026-2027' })
  academicYear?: string;
}

export class CampaignListsQueryDto {
  @ApiPropertyOptional({ example: '420102', description: "One county's lists" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode?: string;
}

export class CampaignResultsQueryDto extends CampaignListsQueryDto {
  @SchoolCodeFilter("One school's list", '4201020001')
  schoolCode?: string;

  @ApiPropertyOptional({ enum: CAMPAIGN_RESULT_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_RESULT_STATUSES)
  status?: string;

  @IsOptionalId('Cursor: the nextCursor of the previous page')
  after?: string;

  @PageLimit(1000, 100)
  limit?: number;
}

export class CampaignReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ExcludeStudentDto {
  @IsId('The student to take off the list')
  studentId!: string;

  @ApiProperty({ enum: CAMPAIGN_EXCLUSION_REASONS, description: 'left-school, wrong-stage, not-boarding, duplicate, or other (with a note)' })
  @IsIn(CAMPAIGN_EXCLUSION_REASONS)
  reason!: (typeof CAMPAIGN_EXCLUSION_REASONS)[number];

  @ApiPropertyOptional({ minLength: 3, maxLength: 500, description: 'Required with reason other' })
  @IsOptional()
  @ReasonText(3, 500, 'note')
  note?: string;
}

export class CampaignAckDto {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty({ example: 'campaign:2026-2027:420102' })
  workflowId!: string;

  @ApiProperty({ enum: CAMPAIGN_STATES })
  state!: string;
}

export class CampaignCountyDto {
  @ApiProperty({ example: '420102' })
  countyCode!: string;

  @ApiProperty({ description: 'Students enrolled for the year in the county’s schools, assessed' })
  assessed!: number;

  @ApiProperty({ description: 'Eligible by the standards' })
  eligible!: number;

  @ApiProperty({ description: 'On a school list not yet confirmed' })
  listed!: number;

  @ApiProperty({ description: 'Confirmed by their school, awaiting the county' })
  confirmed!: number;

  @ApiProperty({ description: 'Approved, not yet planned' })
  approved!: number;

  @ApiProperty({ description: 'Planned in the ledger' })
  planned!: number;

  @ApiProperty({ description: 'Approved, but every payment was already planned (an individual application)' })
  alreadyPlanned!: number;

  @ApiProperty({ description: 'Taken off a list (they go the individual path)' })
  excluded!: number;
}

export class CampaignListCountsDto {
  @ApiProperty() schoolOpen!: number;
  @ApiProperty() schoolDecided!: number;
  @ApiProperty() countyOpen!: number;
  @ApiProperty() countyDecided!: number;
  @ApiProperty() signOffOpen!: number;
  @ApiProperty() signOffDecided!: number;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty()
  workflowId!: string;

  @ApiProperty({ example: '2026-2027' })
  academicYear!: string;

  @ApiProperty({ enum: CAMPAIGN_SCOPE_LEVELS })
  scopeLevel!: string;

  @ApiProperty()
  scopeCode!: string;

  @ApiProperty({ enum: CAMPAIGN_STATES })
  state!: string;

  @ApiProperty()
  startedBy!: string;

  @ApiProperty()
  startedAt!: string;

  @ApiPropertyOptional()
  assessedAt?: string;

  @ApiPropertyOptional()
  finishedAt?: string;

  @ApiProperty({ description: 'Students assessed so far (the whole scope)' })
  assessed!: number;

  @ApiProperty({ description: 'Of them eligible' })
  eligible!: number;

  @ApiProperty({ type: () => CampaignListCountsDto, description: 'School lists open and decided, county approvals open and decided (within your jurisdiction)' })
  lists!: CampaignListCountsDto;

  @ApiProperty({ type: [CampaignCountyDto], description: 'Counties within your jurisdiction' })
  counties!: CampaignCountyDto[];
}

export class CampaignListDto {
  @ApiProperty({ enum: ['school', 'county', 'prefecture'] })
  level!: string;

  @ApiProperty({ description: 'The school’s code (school lists) or the county’s' })
  code!: string;

  @ApiProperty()
  countyCode!: string;

  @ApiProperty({ enum: ['open', 'decided'] })
  state!: string;

  @ApiPropertyOptional({ enum: ['approve', 'reject'] })
  decision?: string;

  @ApiPropertyOptional()
  decidedBy?: string;

  @ApiPropertyOptional()
  decidedAt?: string;

  @ApiPropertyOptional()
  comment?: string;

  @ApiPropertyOptional({ description: 'Students the decision kept on the list' })
  kept?: number;

  @ApiPropertyOptional({ description: 'Students excluded at this level' })
  excluded?: number;
}

export class CampaignListsDto {
  @ApiProperty({ type: [CampaignListDto] })
  lists!: CampaignListDto[];
}

export class CampaignLineDto {
  @ApiProperty()
  scheme!: string;

  @ApiProperty({ description: 'The standards rule that gave the line' })
  ruleId!: string;

  @ApiProperty()
  fund!: string;

  @ApiProperty({ enum: ['bank-transfer', 'fee-waiver'] })
  disbursement!: string;

  @ApiProperty({ description: 'The year’s amount in fen' })
  amountFen!: number;
}

export class CampaignResultDto {
  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty()
  countyCode!: string;

  @ApiProperty()
  schoolCode!: string;

  @ApiProperty()
  stage!: string;

  @ApiProperty()
  grade!: number;

  @ApiProperty({ example: 'hubei-2026.1' })
  standardsVersion!: string;

  @ApiProperty()
  eligible!: boolean;

  @ApiProperty({ type: [String], description: 'Why not eligible' })
  reasons!: string[];

  @ApiProperty({ type: [ReasonCodeDto], description: 'The reasons with their codes, in the same order' })
  reasonCodes!: ReasonCodeDto[];

  @ApiProperty({ type: [CampaignLineDto] })
  lines!: CampaignLineDto[];

  @ApiProperty()
  totalFen!: number;

  @ApiProperty()
  cashFen!: number;

  @ApiProperty({ description: 'The amounts or a special fund need a prefecture sign-off' })
  needsSignOff!: boolean;

  @ApiProperty({ enum: CAMPAIGN_RESULT_STATUSES })
  status!: string;

  @ApiPropertyOptional()
  exclusionReason?: string;

  @ApiPropertyOptional()
  exclusionNote?: string;

  @ApiPropertyOptional()
  excludedBy?: string;

  @ApiPropertyOptional({ enum: ['school', 'county', 'prefecture'] })
  excludedLevel?: string;

  @ApiPropertyOptional({ description: 'The student’s name (on the results page, for the reviewer)' })
  name?: string;

  @ApiPropertyOptional({ description: 'The national ID, masked (on the results page)' })
  nationalIdMasked?: string;
}

export class CampaignTimelineResultDto extends CampaignResultDto {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty()
  academicYear!: string;
}

export class CampaignResultsPageDto {
  @ApiProperty({ type: [CampaignResultDto] })
  items!: CampaignResultDto[];

  @ApiPropertyOptional({ description: 'Pass as after for the next page' })
  nextCursor?: string;
}

export class CampaignReportCountyDto {
  @ApiProperty()
  countyCode!: string;

  @ApiProperty()
  assessed!: number;

  @ApiProperty()
  eligible!: number;

  @ApiProperty({ description: 'Eligible students put on a school list' })
  listed!: number;

  @ApiProperty({ description: 'Approved (including planned and already planned)' })
  approved!: number;

  @ApiProperty()
  planned!: number;

  @ApiProperty()
  alreadyPlanned!: number;

  @ApiProperty()
  excluded!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Excluded students by reason', example: { 'left-school': 2 } })
  excludedByReason!: Record<string, number>;
}

export class CampaignReportAmountDto {
  @ApiProperty()
  countyCode!: string;

  @ApiProperty({ enum: ['eligible', 'approved', 'planned'], description: 'eligible: every eligible student; approved: those approved (planned or not); planned: planned by this campaign' })
  basis!: string;

  @ApiProperty()
  scheme!: string;

  @ApiProperty()
  fund!: string;

  @ApiProperty()
  disbursement!: string;

  @ApiProperty()
  students!: number;

  @ApiProperty({ description: 'The year’s amount in fen' })
  amountFen!: number;
}

export class CampaignReportDto {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty()
  academicYear!: string;

  @ApiProperty()
  scopeCode!: string;

  @ApiProperty({ enum: CAMPAIGN_STATES })
  state!: string;

  @ApiProperty({ type: CampaignReportCountyDto, description: 'The campaign’s totals within your jurisdiction' })
  totals!: CampaignReportCountyDto;

  @ApiProperty({ type: [CampaignReportCountyDto] })
  counties!: CampaignReportCountyDto[];

  @ApiProperty({ type: [CampaignReportAmountDto] })
  amounts!: CampaignReportAmountDto[];
}

export class CampaignExclusionDto {
  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ enum: ['excluded'] })
  status!: string;

  @ApiProperty({ enum: ['school', 'county'] })
  level!: string;

  @ApiProperty()
  reason!: string;
}

export class CampaignTimelineEntryDto {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty()
  academicYear!: string;

  @ApiProperty()
  at!: string;

  @ApiProperty({ enum: ['school', 'county', 'prefecture'] })
  level!: string;

  @ApiProperty({ description: 'The school’s or county’s code' })
  listCode!: string;

  @ApiProperty({ description: 'confirmed, approved, excluded, planned, already-planned' })
  action!: string;

  @ApiPropertyOptional()
  reason?: string;

  @ApiProperty({ description: 'Who decided (campaign: the process itself)' })
  actor!: string;
}

export class StudentCampaignTimelineDto {
  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ type: [CampaignTimelineResultDto], description: 'The student’s result in each campaign, newest year first' })
  results!: CampaignTimelineResultDto[];

  @ApiProperty({ type: [CampaignTimelineEntryDto] })
  entries!: CampaignTimelineEntryDto[];
}
