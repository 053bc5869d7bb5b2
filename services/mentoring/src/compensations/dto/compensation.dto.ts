import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { COMMITMENTS, COMPENSATION_STATES } from '@eduaid/contracts';
import { IsId, PageLimit, PageAfterId } from '@eduaid/platform';
import { REASON_CODES } from '@eduaid/policy';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A caseworker files the compensation for a graduate (the graduate does not file it themself). */
export class FileCompensationDto {
  @IsId('The graduate (registered in the real-name base)')
  graduateId!: string;

  @ApiProperty({ enum: COMMITMENTS, description: 'Enlistment, or service at a grassroots unit in a remote county' })
  @IsIn(COMMITMENTS)
  commitment!: string;

  @ApiProperty({ minLength: 2, maxLength: 200, example: '某县某乡人民政府' , description: 'The army unit or the grassroots employer' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  unitName!: string;

  @ApiProperty({ example: '420102', description: 'County where the graduate serves (6 digits)' })
  @Matches(/^\d{6}$/, { message: 'serviceCountyCode must be a 6-digit county code' })
  serviceCountyCode!: string;

  @ApiProperty({ example: '2026-07-01', description: 'Date the service started' })
  @Matches(ISO_DATE, { message: 'startDate must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startDate must be a real calendar date' })
  startDate!: string;

  @ApiProperty({ minimum: 1, maximum: 10, example: 3, description: 'Years committed to (grassroots service: at least the policy minimum, 3)' })
  @IsInt()
  @Min(1)
  @Max(10)
  committedYears!: number;

  @ApiProperty({ minLength: 3, maxLength: 100, example: 'RZ-2026-000123', description: 'Reference of the enlistment notice or the employment contract' })
  @Transform(trim)
  @Matches(/^[A-Za-z0-9\u4e00-\u9fff()（）/._:-]{3,100}$/, { message: 'proofReference must be 3 to 100 letters, digits or - _ . / : ( )' })
  proofReference!: string;

  @ApiProperty({ minimum: 0, maximum: 100_000_000, example: 2_400_000, description: 'Tuition actually paid over the course, fen (0 if none)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  tuitionPaidFen!: number;

  @ApiProperty({ minimum: 0, maximum: 100_000_000, example: 0, description: 'State student loan outstanding, fen (0 if none)' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  loanOutstandingFen!: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: 'Years of study the tuition and loan cover' })
  @IsInt()
  @Min(1)
  @Max(5)
  studyYears!: number;
}

/** A reason as stored (English), with its stable code and parameters (libs/policy reasons.ts) so screens can say it in their language. */
export class ReasonCodeDto {
  @ApiProperty({ enum: REASON_CODES, description: "Stable code; 'other' is a person's own words or an unexpected error, shown as written" }) code!: string;
  @ApiProperty({ description: 'The sentence as stored' }) text!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Parts of the sentence a translation needs (status, academicYear, stage, attendance, scheme, semester, step, comment …)' })
  params!: Record<string, string>;
}

export class CompensationParamsDto {
  @IsId()
  graduateId!: string;
}

export class CommitmentEndedDto {
  @ApiProperty({ example: '2027-03-15', description: 'Date the commitment ended' })
  @Matches(ISO_DATE, { message: 'endedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endedOn must be a real calendar date' })
  endedOn!: string;

  @ApiProperty({ minLength: 5, maxLength: 500, example: 'left the post after eight months' })
  @Transform(trim)
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason!: string;
}

export class CompensationQueryDto {
  @ApiPropertyOptional({ enum: COMPENSATION_STATES })
  @IsOptional()
  @IsIn(COMPENSATION_STATES)
  state?: string;

  @ApiPropertyOptional({ example: '420102', description: "The graduate's home county" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode?: string;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class FiledCompensationDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty({ description: 'graduate-compensation:<graduateId>' }) workflowId!: string;
  @ApiProperty({ enum: COMPENSATION_STATES }) state!: string;
}

export class CommitmentEndedAckDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty({ enum: COMPENSATION_STATES, description: 'The state when the report arrived; it becomes stopped once the unpaid instalments are cancelled' }) state!: string;
}

export class EvidenceDto {
  @ApiProperty({ enum: COMMITMENTS }) commitment!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() serviceCountyCode!: string;
  @ApiProperty() startDate!: string;
  @ApiProperty() committedYears!: number;
  @ApiProperty() proofReference!: string;
}

export class CompensationLineDto {
  @ApiProperty({ enum: ['tuition-compensation', 'loan-repayment'] }) scheme!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ description: 'Tuition paid or loan outstanding, fen' }) claimedFen!: number;
  @ApiProperty({ description: 'The yearly cap times the years of study, fen' }) capFen!: number;
  @ApiProperty({ description: 'Granted, fen' }) amountFen!: number;
}

export class InstalmentDto {
  @ApiProperty() year!: number;
  @ApiProperty() academicYear!: string;
  @ApiProperty({ example: '2026-2027:S1', description: "The term whose payment cycle pays it" }) semester!: string;
  @ApiProperty() startsOn!: string;
  @ApiProperty() scheme!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() amountFen!: number;
  @ApiProperty({ enum: ['planned', 'cancelled', 'kept'], description: 'kept: paid or being paid when the commitment ended' }) status!: string;
}

export class TimelineEntryDto {
  @ApiProperty() at!: string;
  @ApiProperty() step!: string;
  @ApiProperty() action!: string;
  @ApiProperty() actor!: string;
  @ApiPropertyOptional() comment?: string;
}

export class EndedEarlyDto {
  @ApiProperty() endedOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() reportedBy!: string;
  @ApiProperty({ description: 'Instalments not yet paid that were cancelled' }) cancelled!: number;
}

export class CompensationDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty() graduateName!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ enum: COMPENSATION_STATES }) state!: string;
  @ApiProperty() countyCode!: string;
  @ApiProperty({ type: EvidenceDto }) evidence!: EvidenceDto;
  @ApiProperty() tuitionPaidFen!: number;
  @ApiProperty() loanOutstandingFen!: number;
  @ApiProperty() studyYears!: number;
  @ApiPropertyOptional() step?: string;
  @ApiPropertyOptional({ description: 'Who is expected to act now' }) heldBy?: string;
  @ApiPropertyOptional() taskId?: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiPropertyOptional({ description: 'Version of libs/policy COMPENSATION_POLICY_VERSIONS used' }) policyVersion?: string;
  @ApiProperty({ type: [CompensationLineDto] }) lines!: CompensationLineDto[];
  @ApiProperty() totalFen!: number;
  @ApiProperty() needsHigherSignOff!: boolean;
  @ApiProperty({ type: [InstalmentDto] }) instalments!: InstalmentDto[];
  @ApiPropertyOptional({ type: EndedEarlyDto }) endedEarly?: EndedEarlyDto;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [ReasonCodeDto], description: 'The reasons with their codes, in the same order' }) reasonCodes!: ReasonCodeDto[];
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
  @ApiProperty() filedBy!: string;
  @ApiProperty() filedAt!: string;
}

export class CompensationPageDto {
  @ApiProperty({ type: [CompensationDto] }) items!: CompensationDto[];
  @ApiPropertyOptional({ description: 'Pass as `after` for the next page' }) nextCursor?: string;
}
