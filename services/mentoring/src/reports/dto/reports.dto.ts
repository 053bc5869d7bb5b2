import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EMPLOYMENT_GROUPS } from '../reports.repository';

export class EmploymentQueryDto {
  @ApiProperty({ enum: EMPLOYMENT_GROUPS, description: 'Group graduates by graduation cohort, university, household county or intention' })
  @IsIn(EMPLOYMENT_GROUPS)
  by!: (typeof EMPLOYMENT_GROUPS)[number];

  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2099)
  cohort?: number;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class FormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class EmploymentLineDto {
  @ApiProperty({ description: 'The cohort, university code, county code or intention' }) group!: string;
  @ApiProperty() graduates!: number;
  @ApiProperty() withCase!: number;
  @ApiProperty({ description: 'A verified placement that still holds (employed, own business, further study, enlisted, civil service)' }) placed!: number;
  @ApiProperty({ description: 'placed ÷ graduates, 0…1 (4 decimals)' }) employmentRate!: number;
  @ApiProperty() openCases!: number;
  @ApiPropertyOptional({ description: 'Days from the case opening to the verified placement' }) avgDaysToPlacement?: number;
  @ApiPropertyOptional() medianDaysToPlacement?: number;
}

export class EmploymentReportDto {
  @ApiProperty({ enum: EMPLOYMENT_GROUPS }) by!: string;
  @ApiPropertyOptional() cohort?: number;
  @ApiProperty({ type: [EmploymentLineDto] }) lines!: EmploymentLineDto[];
  @ApiProperty({ type: EmploymentLineDto }) total!: EmploymentLineDto;
}

export class MentorLoadLineDto {
  @ApiProperty() mentorId!: string;
  @ApiPropertyOptional() userId?: string;
  @ApiProperty() name!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() capacity!: number;
  @ApiProperty() openCases!: number;
  @ApiProperty({ description: 'Open cases whose check-in is past due' }) overdue!: number;
  @ApiProperty({ description: 'Check-ins missed so far on the open cases' }) missed!: number;
}

export class MentorLoadReportDto {
  @ApiProperty({ type: [MentorLoadLineDto] }) mentors!: MentorLoadLineDto[];
}
