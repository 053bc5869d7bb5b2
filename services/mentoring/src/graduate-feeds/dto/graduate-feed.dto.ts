import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsId } from '@eduaid/platform';

export class StartGraduateFeedDto {
  @ApiPropertyOptional({ example: '2026-2027', pattern: '^\\d{4}-\\d{4}$', description: 'The academic year whose final-year students to feed; by default the one under way' })
  @IsOptional()
  @Matches(/^\d{4}-\d{4}$/, { message: 'academicYear must look like 2026-2027' })
  academicYear?: string;
}

export class GraduateFeedParamsDto {
  @IsId()
  feedId!: string;
}

export class GraduateFeedDto {
  @ApiProperty({ format: 'uuid' }) feedId!: string;
  @ApiProperty({ example: 'graduate-feed:0b7c…' }) workflowId!: string;
  @ApiProperty({ example: '2026-2027' }) academicYear!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) state!: string;
  @ApiProperty({ description: 'A user id, or schedule:<workflow id> when the Schedule started it' }) startedBy!: string;
  @ApiProperty({ description: 'Pages of final-year students done' }) batches!: number;
  @ApiProperty({ description: 'Final-year students read from the registry' }) studentsRead!: number;
  @ApiProperty({ description: 'Graduates added to the base' }) created!: number;
  @ApiProperty({ description: 'Graduates whose registry facts changed' }) updated!: number;
  @ApiPropertyOptional() failure?: string;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
}

export class GraduateFeedListDto {
  @ApiProperty({ type: [GraduateFeedDto], description: 'The latest feeds, newest first (at most 20)' }) items!: GraduateFeedDto[];
}
