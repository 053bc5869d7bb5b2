import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { HOUSEHOLD_STATUSES } from '@eduaid/contracts';
import { CalendarDate, IsId, PERSON_NAME_PATTERN, PersonName, ReasonText } from '@eduaid/platform';

export class HouseholdParamsDto {
  @IsId()
  householdId!: string;
}

export class ChangeHouseholdStatusDto {
  @ApiProperty({ enum: HOUSEHOLD_STATUSES })
  @IsIn(HOUSEHOLD_STATUSES)
  status!: (typeof HOUSEHOLD_STATUSES)[number];

  @ApiProperty({ format: 'date', example: '2025-06-30', description: 'When the change took effect' })
  @CalendarDate()
  effectiveDate!: string;

  @ApiProperty({ example: 'annual verification: income above the line', minLength: 5, maxLength: 500, description: 'Trimmed; at least 5 characters besides spaces' })
  @ReasonText(5, 500)
  reason!: string;
}

export class AddMemberDto {
  @ApiProperty({ example: '王芳', maxLength: 50, description: 'Letters of any script, with single spaces, middle dots, hyphens or apostrophes between them', pattern: PERSON_NAME_PATTERN.source })
  @PersonName(50)
  name!: string;

  @ApiProperty({ example: 'mother', maxLength: 30 })
  @IsString()
  @MaxLength(30)
  @Matches(PERSON_NAME_PATTERN, { message: 'relation must be a word such as mother or 祖父' })
  relation!: string;
}

export class HouseholdStatusEntryDto {
  @ApiProperty({ enum: HOUSEHOLD_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date' })
  effectiveDate!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
}

export class HouseholdMemberDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  relation!: string;
}

export class HouseholdStudentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: '420***********0134' })
  nationalIdMasked!: string;
}

export class HouseholdDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'Registered-poor household number (建档立卡)' })
  householdNo!: string;

  @ApiProperty({ example: '420121001001' })
  villageCode!: string;

  @ApiProperty({ enum: HOUSEHOLD_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date' })
  statusSince!: string;

  @ApiProperty({ type: [HouseholdStudentDto] })
  students!: HouseholdStudentDto[];

  @ApiProperty({ type: [HouseholdMemberDto] })
  members!: HouseholdMemberDto[];

  @ApiProperty({ type: [HouseholdStatusEntryDto], description: 'Every status change, oldest first; never overwritten' })
  statusHistory!: HouseholdStatusEntryDto[];
}
