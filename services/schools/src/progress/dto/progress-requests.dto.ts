import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TRAINING_PROGRAMMES, TrainingProgramme } from '../plan-targets';
import { RENOVATION_STATUSES, RenovationStatus } from '../progress-report';

export class ReportFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Or send Accept: text/csv' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CountyParamsDto {
  @ApiProperty({ example: '420121' })
  @Matches(/^\d{6}$/, { message: '$property must be a county code of 6 digits' })
  countyCode!: string;
}

export class SchoolCodeParamsDto {
  @ApiProperty({ example: '4201210007' })
  @Matches(/^\d{10}$/, { message: '$property must be a school code of 10 digits' })
  schoolCode!: string;
}

export class RecordRenovationDto {
  @ApiProperty({ minimum: 1, maximum: 20, description: 'The plan’s batch number (1 = first)' })
  @IsInt()
  @Min(1)
  @Max(20)
  batch!: number;

  @ApiProperty({ enum: RENOVATION_STATUSES })
  @IsIn(RENOVATION_STATUSES)
  status!: RenovationStatus;
}

export class RecordYearDto {
  @ApiProperty({ minimum: 2000, maximum: 2100, example: 2017 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class RecordTrainingDto {
  @ApiProperty({ example: '420121' })
  @Matches(/^\d{6}$/, { message: '$property must be a county code of 6 digits' })
  countyCode!: string;

  @ApiProperty({ minimum: 2000, maximum: 2100, example: 2017 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ enum: TRAINING_PROGRAMMES })
  @IsIn(TRAINING_PROGRAMMES)
  programme!: TrainingProgramme;

  @ApiProperty({ minimum: 0, maximum: 10000000, description: 'Person-times in that county, year and programme (replaces the figure)' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  personTimes!: number;
}

export class RecordedDto {
  @ApiProperty({ description: 'What was recorded', example: 'renovation 4201210007' })
  recorded!: string;
}
