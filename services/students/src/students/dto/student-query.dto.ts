import { IsId, IsOptionalId, PageLimit, ReasonText, PageAfterId } from '@eduaid/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DivisionCodeFilter, SchoolCodeFilter, StageFilter } from './place-filters';

export const STUDENT_FLAGS = ['disability', 'left-behind', 'migrant-child', 'special-hardship'] as const;
export type StudentFlag = (typeof STUDENT_FLAGS)[number];

export class StudentQueryDto {
  @DivisionCodeFilter('Division code prefix: 2-digit province to 12-digit village (household’s place)')
  divisionCode?: string;

  @SchoolCodeFilter('Current school')
  schoolCode?: string;

  @StageFilter()
  stage?: string;

  @ApiPropertyOptional({ description: 'Comma-separated; all must hold', example: 'left-behind,disability' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value))
  @ArrayUnique()
  @IsIn(STUDENT_FLAGS, { each: true, message: `flags must be among ${STUDENT_FLAGS.join(', ')}` })
  flags?: StudentFlag[];

  @ApiPropertyOptional({ description: 'Start of the student’s name (1–30 characters, trimmed): 张 finds 张三 and 张小明', example: '张' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(30, { message: 'name must be at most 30 characters' })
  name?: string;

  @IsOptionalId('Only this household’s students')
  householdId?: string;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class StudentParamsDto {
  @IsId()
  studentId!: string;
}

export class LookupStudentDto {
  @ApiProperty({ description: 'Full national ID; sent in the body so it never appears in a URL or a request log line', example: '11010519491231002X' })
  @IsString()
  @Matches(/^\d{17}[\dXx]$/, { message: 'nationalId must be 17 digits followed by a digit or X' })
  nationalId!: string;

  @ApiPropertyOptional({ description: 'Why the student is looked up; kept in the access log with the lookup', example: 'applicant at the counter', maxLength: 200 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(200)
  purpose?: string;
}

export class RevealReasonDto {
  @ApiProperty({ description: 'Why the full number is needed (at least 10 characters after trimming); kept in the access log', example: 'verifying identity with the bank for payment' })
  @ReasonText(10, 500)
  reason!: string;
}

export class TransferStudentDto {
  @ApiPropertyOptional({ description: 'The school the student now attends (current enrolment moves there, same stage and grade)', example: '4201220001' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'toSchoolCode must be a 10-digit school code' })
  toSchoolCode?: string;

  @ApiPropertyOptional({ description: 'The village the student’s household now lives in (the whole household moves, with its other students)', example: '420122001001' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'toVillageCode must be a 12-digit village code' })
  toVillageCode?: string;

  @ApiProperty({ description: 'Why the student moves (at least 10 characters after trimming); both sides read it', example: 'family moved to the county seat for work' })
  @ReasonText(10, 500)
  reason!: string;
}
