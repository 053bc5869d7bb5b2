import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class CoverageQueryDto {
  @ApiProperty({ example: '2024-2025', description: 'Academic year whose enrolments count' })
  @Matches(/^\d{4}-\d{4}$/, { message: "academicYear must look like '2024-2025'" })
  academicYear!: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class CountyCoverageDto {
  @ApiProperty({ example: '420121' })
  countyCode!: string;

  @ApiProperty({ description: 'School-age students of registered-poor households living in the county' })
  registered!: number;

  @ApiProperty({ description: 'Of those, enrolled in the academic year' })
  enrolled!: number;

  @ApiProperty({ description: 'Of those, with aid approved for the academic year (payments planned or paid)' })
  withApprovedAid!: number;

  @ApiProperty({ description: 'enrolled / registered, 0 to 1' })
  enrolmentRate!: number;
}

export class CoverageReportDto {
  @ApiProperty()
  academicYear!: string;

  @ApiProperty({ type: [CountyCoverageDto] })
  counties!: CountyCoverageDto[];

  @ApiProperty({ type: CountyCoverageDto, description: 'All counties in your jurisdiction together (countyCode is your scope code)' })
  total!: CountyCoverageDto;
}
