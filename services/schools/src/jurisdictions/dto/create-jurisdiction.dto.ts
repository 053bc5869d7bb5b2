import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { JURISDICTION_LEVELS, JurisdictionLevel } from '@eduaid/contracts';
import { DIVISION_CODE_MESSAGE, DIVISION_CODE_PATTERN } from './jurisdiction-params.dto';

export class CreateJurisdictionDto {
  @ApiProperty({ description: 'Division code; its length must fit the level and it must start with the parent’s code', example: '420121001' })
  @Matches(DIVISION_CODE_PATTERN, { message: DIVISION_CODE_MESSAGE })
  code!: string;

  @ApiProperty({ enum: JURISDICTION_LEVELS })
  @IsIn(JURISDICTION_LEVELS)
  level!: JurisdictionLevel;

  @ApiProperty({ example: '青石镇', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ description: 'The division one level up; omitted only for the province', example: '420121' })
  @IsOptional()
  @Matches(DIVISION_CODE_PATTERN, { message: DIVISION_CODE_MESSAGE })
  parentCode?: string;

  @ApiPropertyOptional({ description: 'Registered poor (counties and villages only)', default: false })
  @IsOptional()
  @IsBoolean()
  registeredPoor?: boolean;
}

export class UpdateJurisdictionDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ description: 'Registered poor (counties and villages only)' })
  @IsOptional()
  @IsBoolean()
  registeredPoor?: boolean;
}

export const BULK_JURISDICTIONS_MAX = 20000;

export class BulkJurisdictionsDto {
  @ApiProperty({ type: [CreateJurisdictionDto], description: `Up to ${BULK_JURISDICTIONS_MAX} nodes in any order; parents may come in the same load` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_JURISDICTIONS_MAX)
  @ValidateNested({ each: true })
  @Type(() => CreateJurisdictionDto)
  items!: CreateJurisdictionDto[];
}
