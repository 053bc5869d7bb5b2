import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MENTOR_KINDS } from '@eduaid/contracts';
import { IsId, PageLimit, PersonName, PageAfterId } from '@eduaid/platform';

const REGION = /^(\d{2}|\d{4}|\d{6})$/;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateMentorDto {
  @ApiPropertyOptional({ description: "The mentor's casework user (role mentor), so they see their caseload", example: 'demo-mentor', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'userId must be a user id (letters, digits, . _ : -)' })
  userId?: string;

  @ApiProperty({ example: '王老师' })
  @PersonName()
  name!: string;

  @ApiProperty({ enum: MENTOR_KINDS })
  @IsIn(MENTOR_KINDS)
  kind!: (typeof MENTOR_KINDS)[number];

  @ApiProperty({ minimum: 1, maximum: 200, description: 'Graduates at once' })
  @IsInt()
  @Min(1)
  @Max(200)
  capacity!: number;

  @ApiProperty({ type: [String], example: ['job', '计算机科学与技术'], description: 'Intentions and majors the mentor knows' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  expertise!: string[];

  @ApiProperty({ example: '420102', description: 'Where the mentor works: 2-, 4- or 6-digit division code' })
  @Matches(REGION, { message: 'regionCode must be a 2, 4 or 6-digit division code' })
  regionCode!: string;
}

export class UpdateMentorDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  capacity?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  expertise?: string[];

  @ApiPropertyOptional({ example: '420102' })
  @IsOptional()
  @Matches(REGION, { message: 'regionCode must be a 2, 4 or 6-digit division code' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'false: the mentor leaves (their graduates need reassigning; see GET /graduates/:id/mentor-suggestions)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class MentorParamsDto {
  @IsId()
  mentorId!: string;
}

export class MentorQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  active?: boolean;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class MentorDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional() userId?: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: MENTOR_KINDS }) kind!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ description: 'Graduates assigned now' }) load!: number;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty() regionCode!: string;
  @ApiProperty() active!: boolean;
}

export class MentorPageDto {
  @ApiProperty({ type: [MentorDto] }) items!: MentorDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

