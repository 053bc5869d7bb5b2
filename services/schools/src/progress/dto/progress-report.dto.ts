import { ApiProperty } from '@nestjs/swagger';
import { PLAN_PROGRAMMES, PlanProgramme } from '../plan-targets';

export class BatchProgressDto {
  @ApiProperty({ description: 'The plan’s batch number, 1 = first' })
  sequence!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'null: the plan gives no year for this batch' })
  year!: number | null;

  @ApiProperty({ description: 'The plan’s (province-wide) figure for this batch' })
  planned!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Done in scope; null when the batch has no year and actuals are kept by year' })
  actual!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Renovation only: in progress' })
  inProgress!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Renovation only: scheduled, not started' })
  notStarted!: number | null;
}

export class ProgrammeProgressDto {
  @ApiProperty({ enum: PLAN_PROGRAMMES })
  programme!: PlanProgramme;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: 'person-times' })
  unit!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The plan’s overall figure' })
  target!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The plan’s words qualifying the figure' })
  targetNote!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  targetYear!: number | null;

  @ApiProperty({ type: [BatchProgressDto] })
  batches!: BatchProgressDto[];

  @ApiProperty({ description: 'Sum of the plan’s batches' })
  plannedTotal!: number;

  @ApiProperty({ description: 'Everything done in scope' })
  actualTotal!: number;

  @ApiProperty({ description: 'Part of actualTotal not matched to a dated batch' })
  actualUnmatched!: number;
}

export class ProgressScopeDto {
  @ApiProperty({ enum: ['province', 'county'] })
  level!: 'province' | 'county';

  @ApiProperty({ example: '420121' })
  code!: string;

  @ApiProperty()
  name!: string;
}

export class ProgressReportDto {
  @ApiProperty({ description: 'Version of the plan figures used' })
  planVersion!: string;

  @ApiProperty({ type: ProgressScopeDto })
  scope!: ProgressScopeDto;

  @ApiProperty({ enum: ['province-wide'], description: 'The plan’s figures are for the whole province' })
  planFiguresAre!: 'province-wide';

  @ApiProperty({ type: [ProgrammeProgressDto] })
  programmes!: ProgrammeProgressDto[];
}
