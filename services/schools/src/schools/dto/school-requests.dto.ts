import { PageLimit } from '@eduaid/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { SCHOOL_KINDS, SchoolKind } from '@eduaid/contracts';

const SCHOOL_CODE = /^\d{10}$/;
const PLACE_CODE = /^(\d{9}|\d{12})$/;

/** Query strings carry text: only the words true and false are booleans. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SchoolParamsDto {
  @ApiProperty({ example: '4201210007' })
  @Matches(SCHOOL_CODE, { message: '$property must be a school code of 10 digits' })
  code!: string;
}

export class ListSchoolsQueryDto {
  @ApiPropertyOptional({ description: 'Only schools of this county (6 digits)', example: '420121' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '$property must be a county code of 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'Only schools whose jurisdiction code starts with this (2 to 12 digits)', example: '420121001' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: '$property must be 2 to 12 digits' })
  jurisdictionPrefix?: string;

  @ApiPropertyOptional({ enum: SCHOOL_KINDS })
  @IsOptional()
  @IsIn(SCHOOL_KINDS)
  kind?: SchoolKind;

  @ApiPropertyOptional({ description: 'true or false' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  boarding?: boolean;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class CreateSchoolDto {
  @ApiProperty({ description: '10 digits starting with the county code of its jurisdiction', example: '4201210007' })
  @Matches(SCHOOL_CODE, { message: '$property must be a school code of 10 digits' })
  code!: string;

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: SCHOOL_KINDS })
  @IsIn(SCHOOL_KINDS)
  kind!: SchoolKind;

  @ApiProperty({ description: 'A registered township (9 digits) or village (12 digits)', example: '420121001' })
  @Matches(PLACE_CODE, { message: '$property must be a township (9 digits) or village (12 digits) code' })
  jurisdictionCode!: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  boarding?: boolean;
}

export class UpdateSchoolDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: SCHOOL_KINDS })
  @IsOptional()
  @IsIn(SCHOOL_KINDS)
  kind?: SchoolKind;

  @ApiPropertyOptional({ description: 'Another township or village of the same county' })
  @IsOptional()
  @Matches(PLACE_CODE, { message: '$property must be a township (9 digits) or village (12 digits) code' })
  jurisdictionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  boarding?: boolean;
}
