import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min, NotEquals } from 'class-validator';

export class LoadSyntheticProvinceDto {
  @ApiProperty({ description: 'Share of the plan’s scale, in (0, 1]; 1 = about 7k jurisdictions and 4.8k schools', example: 0.01, exclusiveMinimum: true, minimum: 0, maximum: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @NotEquals(0, { message: 'fraction must be greater than 0' })
  @Max(1)
  fraction!: number;
}

export class LoadCountDto {
  @ApiProperty({ description: 'Rows the generator made' })
  generated!: number;

  @ApiProperty({ description: 'Rows that were new (the rest were there already)' })
  inserted!: number;
}

export class SyntheticProvinceLoadDto {
  @ApiProperty()
  fraction!: number;

  @ApiProperty({ type: LoadCountDto })
  jurisdictions!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  schools!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  pairings!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  renovations!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  kindergartensBuilt!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  teachingPointsLinked!: LoadCountDto;

  @ApiProperty({ type: LoadCountDto })
  teacherTraining!: LoadCountDto;

  @ApiProperty({ description: 'How long the load took' })
  elapsedMs!: number;
}
