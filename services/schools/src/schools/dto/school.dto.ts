import { ApiProperty } from '@nestjs/swagger';
import { SCHOOL_KINDS, SchoolKind } from '@eduaid/contracts';

export class SchoolDto {
  @ApiProperty({ description: '10 digits: county code and a number within the county', example: '4201210007' })
  code!: string;

  @ApiProperty({ example: '青石小学' })
  name!: string;

  @ApiProperty({ enum: SCHOOL_KINDS })
  kind!: SchoolKind;

  @ApiProperty({ description: 'Township (9 digits) or village (12 digits) the school stands in', example: '420121001' })
  jurisdictionCode!: string;

  @ApiProperty({ description: 'County of the jurisdiction', example: '420121' })
  countyCode!: string;

  @ApiProperty({ description: 'Takes boarders (寄宿制)' })
  boarding!: boolean;
}

export class SchoolPageDto {
  @ApiProperty({ type: [SchoolDto], description: 'In code order' })
  items!: SchoolDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor!: string | null;
}
