import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { SUBJECT_TYPES, SubjectType } from '@eduaid/contracts';

export class TimelineParamsDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES)
  subjectType!: SubjectType;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  subjectId!: string;
}

export class TimelineEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['audit', 'workflow'] }) source!: 'audit' | 'workflow';
  @ApiProperty({ description: 'Audit action or workflow history event type', example: 'task.decided' }) what!: string;
  @ApiPropertyOptional() actor?: string;
  @ApiPropertyOptional() workflowId?: string;
  @ApiPropertyOptional({ description: 'Workflow history event id' }) eventId?: number;
  @ApiPropertyOptional() detail?: unknown;
}

export class TimelineDto {
  @ApiProperty({ enum: SUBJECT_TYPES }) subjectType!: SubjectType;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ type: [TimelineEntryDto] }) entries!: TimelineEntryDto[];
}
