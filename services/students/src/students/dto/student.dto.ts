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

  @ApiProperty({ description: 'National ID, masked: the full number needs an explicit reveal with a reason', example: '420***********0134' })
  nationalIdMasked!: string;

  @ApiProperty({ enum: ['male', 'female'] })
  sex!: string;

  @ApiProperty({ format: 'date' })
  birthDate!: string;

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
}

export class RevealedNationalIdDto {
  @ApiProperty({ format: 'uuid' })
  studentId!: string;

  @ApiProperty({ description: 'The full national ID; this read is in the access log' })
  nationalId!: string;
}
