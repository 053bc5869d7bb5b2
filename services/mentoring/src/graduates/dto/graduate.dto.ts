import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DEGREE_LEVELS, INTENTIONS } from '@eduaid/contracts';
import { CalendarDate, IsId, PageLimit, PageAfterId } from '@eduaid/platform';

const DIVISION = /^(\d{2}|\d{4}|\d{6})$/;

export class RegisterGraduateDto {
  @IsId('The student in the registry (the link; the national ID stays there)')
  studentId!: string;

  @ApiProperty({ example: '计算机科学与技术', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  major!: string;

  @ApiProperty({ enum: DEGREE_LEVELS })
  @IsIn(DEGREE_LEVELS)
  degreeLevel!: (typeof DEGREE_LEVELS)[number];

  @ApiProperty({ example: '2027-06-30' })
  @CalendarDate()
  expectedGraduation!: string;

  @ApiProperty({ enum: INTENTIONS })
  @IsIn(INTENTIONS)
  intention!: (typeof INTENTIONS)[number];

  @ApiProperty({ type: [String], description: 'Preferred regions: 2-, 4- or 6-digit division codes', example: ['4201'] })
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(DIVISION, { each: true, message: 'preferredRegions must be 2, 4 or 6-digit division codes' })
  preferredRegions!: string[];

  @ApiProperty({ description: 'The graduate agreed to be contacted by mentors and employers' })
  @IsBoolean()
  consentToContact!: boolean;
}

export class GraduateParamsDto {
  @IsId()
  graduateId!: string;
}

export class GraduateQueryDto {
  @ApiPropertyOptional({ example: '420102', description: "The household's county" })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode?: string;

  @ApiPropertyOptional({ example: '4201020001' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'universityCode must be a 10-digit school code' })
  universityCode?: string;

  @ApiPropertyOptional({ enum: INTENTIONS })
  @IsOptional()
  @IsIn(INTENTIONS)
  intention?: (typeof INTENTIONS)[number];

  @ApiPropertyOptional({ example: 2027, description: 'Year of expected graduation' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2099)
  cohort?: number;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class AssignMentorsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'The team: one mentor (one-on-one) or several (many-to-one)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'mentorIds must be mentor ids' })
  mentorIds!: string[];

  @IsId('The lead mentor; one of mentorIds')
  leadMentorId!: string;

  @ApiProperty({ example: 'first assignment', maxLength: 200 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  reason!: string;
}

export class GraduateDto {
  @ApiProperty() id!: string;
  @ApiProperty() studentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() universityCode!: string;
  @ApiProperty() countyCode!: string;
  @ApiProperty() villageCode!: string;
  @ApiPropertyOptional({ description: 'Absent while unknown: a graduate fed from the registry until a university list or a caseworker gives it' }) major?: string;
  @ApiProperty({ enum: DEGREE_LEVELS }) degreeLevel!: string;
  @ApiProperty() expectedGraduation!: string;
  @ApiProperty() cohort!: number;
  @ApiProperty() academicStatus!: string;
  @ApiPropertyOptional({ enum: INTENTIONS, description: 'Absent while unknown (fed from the registry)' }) intention?: string;
  @ApiProperty({ type: [String] }) preferredRegions!: string[];
  @ApiProperty({ enum: ['registration', 'registry-feed'], description: 'registry-feed: made by the registry feed and not yet completed by a university list or a caseworker' }) source!: string;
  @ApiProperty() consentToContact!: boolean;
  @ApiPropertyOptional({ description: "The graduate's own user, once the case has opened" }) userId?: string;
}

export class GraduatePageDto {
  @ApiProperty({ type: [GraduateDto] }) items!: GraduateDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class AssignmentDto {
  @ApiProperty() mentorId!: string;
  @ApiPropertyOptional() mentorUserId?: string;
  @ApiProperty() mentorName!: string;
  @ApiProperty() lead!: boolean;
  @ApiProperty() assignedBy!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional() endedAt?: string;
  @ApiPropertyOptional() endedBy?: string;
  @ApiPropertyOptional() endReason?: string;
}

export class TeamDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty({ enum: ['one-on-one', 'team'] }) mode!: 'one-on-one' | 'team';
  @ApiProperty({ type: [AssignmentDto] }) mentors!: AssignmentDto[];
}

export class AssignmentHistoryDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty({ type: [AssignmentDto], description: 'Every assignment, oldest first; ended ones say when, by whom and why' }) assignments!: AssignmentDto[];
}

export class MentorSuggestionDto {
  @ApiProperty() mentorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() load!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'Higher is a better match' }) score!: number;
  @ApiProperty({ type: [String], example: ['intention', 'region', 'major'] }) matches!: string[];
}

export class MentorSuggestionsDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty({ type: [MentorSuggestionDto] }) suggestions!: MentorSuggestionDto[];
}
