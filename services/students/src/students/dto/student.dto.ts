import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAGES } from '@eduaid/contracts';

export class EnrolmentDto {
  @ApiProperty({ example: '4201210001' })
  schoolCode!: string;

  @ApiProperty({ enum: STAGES })
  stage!: string;

  @ApiProperty({ minimum: 1 })
  grade!: number;

  @ApiProperty()
  boarding!: boolean;

  @ApiProperty({ example: '2024-2025' })
  academicYear!: string;
}

export class StudentFlagsDto {
  @ApiProperty()
  disability!: boolean;

  @ApiProperty({ description: 'Left-behind child (留守儿童)' })
  leftBehind!: boolean;

  @ApiProperty({ description: 'Child of migrant workers (随迁子女)' })
  migrantChild!: boolean;

  @ApiProperty({ description: 'Special hardship (特困)' })
  specialHardship!: boolean;
}

export class StudentSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'National ID, masked to its last four characters: the full number needs an explicit reveal with a reason', example: '**************0134' })
  nationalIdMasked!: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex!: string;

  @ApiProperty({ description: 'Year of birth only: the full date is part of the national ID, and with the last four characters it narrowed the number down to a guess', example: 2014 })
  birthYear!: number;

  @ApiProperty({ format: 'uuid' })
  householdId!: string;

  @ApiProperty({ example: '420121001001' })
  villageCode!: string;

  @ApiProperty({ type: EnrolmentDto, nullable: true, description: 'The current enrolment' })
  enrolment!: EnrolmentDto | null;

  @ApiProperty({ type: StudentFlagsDto })
  flags!: StudentFlagsDto;
}

export class StudentPageDto {
  @ApiProperty({ type: [StudentSummaryDto] })
  items!: StudentSummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' })
  nextCursor?: string;
}

export class StudentDetailDto extends StudentSummaryDto {
  @ApiProperty({ example: '4201210010010001' })
  householdNo!: string;

  @ApiProperty({ enum: ['poor', 'lifted-out', 'returned-to-poverty'] })
  householdStatus!: string;

  @ApiProperty({ type: [EnrolmentDto], description: 'Every enrolment, newest first' })
  enrolments!: EnrolmentDto[];

  @ApiProperty({ type: () => [TransferDto], description: 'Transfers between schools or villages, newest first' })
  transfers!: TransferDto[];
}

export class TransferDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ example: '420121001001' })
  fromVillageCode!: string;

  @ApiProperty({ type: String, nullable: true, example: '4201210001' })
  fromSchoolCode!: string | null;

  @ApiProperty({ example: '420122001001' })
  toVillageCode!: string;

  @ApiProperty({ type: String, nullable: true, example: '4201220001' })
  toSchoolCode!: string | null;

  @ApiProperty({ description: 'The household moved with the student (a change of village)' })
  householdMoved!: boolean;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  transferredBy!: string;

  @ApiProperty({ format: 'date-time' })
  transferredAt!: string;
}

export class TransferListDto {
  @ApiProperty({ type: [TransferDto] })
  items!: TransferDto[];
}

export class RevealedNationalIdDto {
  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ description: 'The full national ID; this read is in the access log' })
  nationalId!: string;
}
