import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AID_APPLICATION_STATES, CHANGE_KINDS, ChangeKind } from '@eduaid/contracts';
import { IsId, ReasonText, UUID_SOURCE } from '@eduaid/platform';

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

export class AidApplicationDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ format: 'uuid' }) studentId!: string;
  @ApiProperty() academicYear!: string;
  @ApiProperty({ enum: AID_APPLICATION_STATES }) state!: string;
  @ApiPropertyOptional({ description: 'The step waiting now' }) currentStep?: string;
  @ApiPropertyOptional({ description: 'Who holds it: a role at a level, or the caseworker asked for information' }) heldBy?: string;
  @ApiPropertyOptional({ format: 'uuid' }) pendingTaskId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiPropertyOptional({ description: 'The aid standards version the decision uses' }) standardsVersion?: string;
  @ApiProperty({ type: [EntitlementLineDto] }) entitlement!: EntitlementLineDto[];
  @ApiProperty({ description: 'cash per year, in fen' }) cashFen!: number;
  @ApiProperty() needsHigherSignOff!: boolean;
  @ApiProperty() appealed!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) appealDeadline?: string;
  @ApiProperty({ type: [String] }) reasons!: string[];
  @ApiProperty({ type: [TimelineEntryDto] }) timeline!: TimelineEntryDto[];
  @ApiProperty({ type: [PaymentDto] }) payments!: PaymentDto[];
  @ApiPropertyOptional({ description: 'Masked: only the last four digits', example: '**** 4567' }) bankAccount?: string;
}

export class AidApplicationAckDto {
  @ApiProperty() applicationId!: string;
  @ApiProperty({ enum: AID_APPLICATION_STATES }) state!: string;
}
