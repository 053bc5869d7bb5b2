import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AID_APPLICATION_STATES, AID_STEPS, APPROVAL_LEVELS, CHANGE_KINDS, ChangeKind, STAGES } from '@eduaid/contracts';
import { IsId, PageLimit, ReasonText, UUID_SOURCE } from '@eduaid/platform';
import { AID_SCHEMES, REASON_CODES } from '@eduaid/policy';
import { DivisionCodeFilter, SchoolCodeFilter, StageFilter } from '../../students/dto/place-filters';

/** A reason as stored (English), with its stable code and parameters (libs/policy reasons.ts) so screens can say it in their language. */
export class ReasonCodeDto {
  @ApiProperty({ enum: REASON_CODES, description: "Stable code; 'other' is a person's own words or an unexpected error, shown as written" }) code!: string;
  @ApiProperty({ description: 'The sentence as stored' }) text!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Parts of the sentence a translation needs (status, academicYear, stage, attendance, scheme, semester, step, comment …)' })
  params!: Record<string, string>;
}

export class BankAccountDto {
  @ApiProperty({ description: 'Bank account number (stored encrypted; only the last four digits are ever shown)', example: '6217000010001234567' })
  @Matches(/^\d{12,30}$/, { message: 'accountNumber must be 12 to 30 digits' })
  accountNumber!: string;

  @ApiProperty({ example: '张三', description: 'Trimmed; spaces alone are no name' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  holderName!: string;
}

export class ApplyForAidDto {
  @IsId()
  studentId!: string;

  @ApiProperty({ example: '2026-2027' })
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2026-2027' })
  academicYear!: string;

  @ApiPropertyOptional({ type: BankAccountDto, description: 'The account aid is paid into; kept for the student once given' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankAccountDto)
  bankAccount?: BankAccountDto;
}

/** `aid-application:<studentId>:<academicYear>`, the student id by the one UUID rule. */
const APPLICATION_ID = new RegExp(`^aid-application:${UUID_SOURCE}:\\d{4}-\\d{4}$`);

export class AidApplicationParamsDto {
  @ApiProperty({ example: 'aid-application:7c6e2f8a-3b1d-4e5f-9a8b-1c2d3e4f5a6b:2026-2027', pattern: APPLICATION_ID.source })
  @Matches(APPLICATION_ID, { message: 'applicationId must be aid-application:<studentId>:<academicYear>' })
  applicationId!: string;
}

export class AidApplicationCountsQueryDto {
  @DivisionCodeFilter('Division code prefix: 2-digit province to 12-digit village (the student’s village); within your jurisdiction')
  divisionCode?: string;
}

export class AidApplicationQueryDto extends AidApplicationCountsQueryDto {
  @ApiPropertyOptional({ enum: AID_APPLICATION_STATES })
  @IsOptional()
  @IsIn(AID_APPLICATION_STATES)
  state?: string;

  @SchoolCodeFilter('The student’s school at application')
  schoolCode?: string;

  @StageFilter()
  stage?: string;

  @ApiPropertyOptional({ enum: AID_STEPS, description: 'The step the application waits at now' })
  @IsOptional()
  @IsIn(AID_STEPS)
  step?: string;

  @ApiPropertyOptional({ description: 'The user the open step is assigned to by name (a return for more information goes to the submitter)', example: 'demo-caseworker-1' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:@-]{1,100}$/, { message: 'holder must be a user id' })
  holder?: string;

  @ApiPropertyOptional({ description: 'true: only applications whose open step is past its due time', enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2026-2027' })
  @IsOptional()
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2026-2027' })
  academicYear?: string;

  @ApiPropertyOptional({ enum: AID_SCHEMES, description: 'Only applications whose entitlement has a line of this scheme' })
  @IsOptional()
  @IsIn(AID_SCHEMES)
  scheme?: string;

  @ApiPropertyOptional({ description: 'Cursor from the previous page (nextCursor)' })
  @IsOptional()
  @Matches(APPLICATION_ID, { message: 'after must be a cursor returned by the previous page' })
  after?: string;

  @PageLimit(500, 50)
  limit?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: every matching application (not a page), as a spreadsheet-safe CSV file' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class ReasonDto {
  // Two characters at least (a Chinese reason can be that short), counted after trimming so spaces are no reason.
  @ApiProperty({ minLength: 2, maxLength: 2000, description: 'Trimmed; at least 2 characters besides spaces' })
  @ReasonText(2, 2000)
  reason!: string;
}

export class ReportChangeDto extends ReasonDto {
  @ApiProperty({ enum: CHANGE_KINDS })
  @IsIn(CHANGE_KINDS)
  kind!: ChangeKind;
}

export class SemesterShareDto {
  @ApiProperty({ example: '2026-2027:S1' }) semester!: string;
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
}

export class EntitlementLineDto {
  @ApiProperty() scheme!: string;
  @ApiProperty({ description: 'The policy rule that produced the line' }) ruleId!: string;
  @ApiProperty({ enum: ['national', 'provincial', 'local-relief'] }) fund!: string;
  @ApiProperty({ enum: ['bank-transfer', 'fee-waiver'] }) disbursement!: string;
  @ApiProperty({ description: 'per year, in fen' }) amountFen!: number;
  @ApiProperty({ type: [SemesterShareDto] }) semesters!: SemesterShareDto[];
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() step!: string;
  @ApiProperty() action!: string;
  @ApiProperty() actor!: string;
  @ApiPropertyOptional() comment?: string;
}

export class PaymentDto {
  @ApiProperty() semester!: string;
  @ApiProperty() scheme!: string;
  @ApiProperty({ description: 'fen' }) amountFen!: number;
  @ApiProperty({ enum: ['planned', 'sending', 'paid', 'failed', 'cancelled'] }) status!: string;
  @ApiPropertyOptional() bankReference?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) paidAt?: string;
}

export class StepHolderDto {
  @ApiProperty({ enum: ['caseworker', 'approver'], description: 'The role a decider needs' }) candidateRole!: string;
  @ApiProperty({ enum: APPROVAL_LEVELS, description: 'The level the step is decided at' }) level!: string;
  @ApiProperty({ description: 'Where the task is placed', example: '420121001001' }) divisionCode!: string;
  @ApiPropertyOptional({ description: 'The one user the step is assigned to, when it is theirs alone' }) assigneeId?: string;
}

export class AidApplicationDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: ['record', 'workflow'], description: 'record: the durable row; workflow: asked live (an application started before the record, not moved since)' })
  source!: 'record' | 'workflow';
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() academicYear!: string;
  @ApiProperty({ enum: AID_APPLICATION_STATES }) state!: string;
  @ApiPropertyOptional({ description: 'The step waiting now' }) currentStep?: string;
  @ApiPropertyOptional({ description: 'Who holds it: a role at a level, or the caseworker asked for information' }) heldBy?: string;
  @ApiPropertyOptional({ type: StepHolderDto, description: 'Who holds the open step, field by field' }) holder?: StepHolderDto;
  @ApiPropertyOptional({ enum: STAGES }) stage?: string;
  @ApiPropertyOptional({ format: 'uuid' }) pendingTaskId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiPropertyOptional({ description: 'The aid standards version the decision uses' }) standardsVersion?: string;
  @ApiProperty({ type: [EntitlementLineDto] }) entitlement!: EntitlementLineDto[];
  @ApiProperty({ description: 'cash per year, in fen' }) cashFen!: number;
  @ApiProperty() needsHigherSignOff!: boolean;
  @ApiProperty() appealed!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) appealDeadline?: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [ReasonCodeDto], description: 'The reasons with their codes, in the same order' }) reasonCodes!: ReasonCodeDto[];
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [PaymentDto] }) payments!: PaymentDto[];
  @ApiPropertyOptional({ description: 'Masked: only the last four digits', example: '**** 4567' }) bankAccount?: string;
}

export class AidApplicationAckDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: AID_APPLICATION_STATES }) state!: string;
}

export class AidApplicationSummaryDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() academicYear!: string;
  @ApiPropertyOptional({ enum: AID_APPLICATION_STATES, description: 'Absent for an application started before the record and not moved since' }) state?: string;
  @ApiProperty() villageCode!: string;
  @ApiProperty() countyCode!: string;
  @ApiPropertyOptional() schoolCode?: string;
  @ApiPropertyOptional({ enum: STAGES }) stage?: string;
  @ApiPropertyOptional({ enum: AID_STEPS }) currentStep?: string;
  @ApiPropertyOptional() heldBy?: string;
  @ApiPropertyOptional({ type: StepHolderDto }) holder?: StepHolderDto;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiProperty({ description: 'true when the open step is past its due time' }) overdue!: boolean;
  @ApiPropertyOptional() standardsVersion?: string;
  @ApiProperty({ description: 'cash per year, in fen' }) cashFen!: number;
  @ApiProperty() appealed!: boolean;
  @ApiProperty({ format: 'date-time', description: 'When the record last changed' }) updatedAt!: string;
}

export class AidApplicationPageDto {
  @ApiProperty({ type: [AidApplicationSummaryDto] }) items!: AidApplicationSummaryDto[];
  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' }) nextCursor?: string;
}

export class StateCountDto {
  @ApiProperty({ enum: [...AID_APPLICATION_STATES, 'unrecorded'], description: 'unrecorded: started before the record and not moved since' }) state!: string;
  @ApiProperty() count!: number;
}

export class AidApplicationCountsDto {
  @ApiPropertyOptional({ description: 'The division counted (your whole jurisdiction when absent)' }) divisionCode?: string;
  @ApiProperty({ description: 'Every application counted' }) total!: number;
  @ApiProperty({ type: [StateCountDto], description: 'States with at least one application, in name order' }) states!: StateCountDto[];
}
