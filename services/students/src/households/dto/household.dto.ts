import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { HOUSEHOLD_STATUSES } from '@eduaid/contracts';
import { IsId } from '@eduaid/platform';

export class HouseholdParamsDto {
  @IsId()
  householdId!: string;
}

export class ChangeHouseholdStatusDto {
  @ApiProperty({ enum: HOUSEHOLD_STATUSES })
  @IsIn(HOUSEHOLD_STATUSES)
  status!: (typeof HOUSEHOLD_STATUSES)[number];

  @ApiProperty({ format: 'date', example: '2025-06-30', description: 'When the change took effect' })
  @IsDateString({ strict: true }, { message: 'effectiveDate must be a date like 2025-06-30' })
  effectiveDate!: string;

  @ApiProperty({ example: 'annual verification: income above the line' })
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason!: string;
}

export class AddMemberDto {
  @ApiProperty({ example: '王芳' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @ApiProperty({ example: 'mother' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
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
