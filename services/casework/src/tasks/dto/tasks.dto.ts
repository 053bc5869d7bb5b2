import { IsId, MultilineText, PageLimit } from '@eduaid/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DECISIONS, Decision, ROLES, Role, SCOPE_LEVELS, ScopeLevel, SUBJECT_TYPES, SubjectType, TASK_STATUSES, TaskStatus } from '@eduaid/contracts';

export const INBOX_VIEWS = ['mine', 'group', 'all'] as const;
export const INBOX_SORTS = ['dueAt', 'priority', 'createdAt'] as const;
export const DUE_FILTERS = ['overdue', 'due-soon'] as const;

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: INBOX_VIEWS, default: 'mine', description: 'mine: assigned or escalated to me; group: open tasks I could take (my roles, my level, not excluded by four eyes); all: every task in my jurisdiction (supervisors). Every view shows only task kinds that belong to my roles.' })
  @IsOptional()
  @IsIn(INBOX_VIEWS)
  view?: (typeof INBOX_VIEWS)[number];

  @ApiPropertyOptional({ example: 'county-approval' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: DUE_FILTERS, description: 'overdue: past its due time; due-soon: due within a day' })
  @IsOptional()
  @IsIn(DUE_FILTERS)
  due?: (typeof DUE_FILTERS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks in this division (within your jurisdiction)', example: '420102' })
  @IsOptional()
  @Matches(/^\d{2,12}$/, { message: 'divisionCode must be a division code (digits)' })
  divisionCode?: string;

  @ApiPropertyOptional({ enum: SUBJECT_TYPES })
  @IsOptional()
  @IsIn(SUBJECT_TYPES)
  subjectType?: SubjectType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subjectId?: string;

  @ApiPropertyOptional({ enum: INBOX_SORTS, default: 'dueAt', description: 'dueAt and priority ascending; createdAt newest first' })
  @IsOptional()
  @IsIn(INBOX_SORTS)
  sort?: (typeof INBOX_SORTS)[number];

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters and sort)' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @PageLimit(100, 20)
  limit?: number;
}

export class TaskParamsDto {
  @IsId()
  taskId!: string;
}

export class ReassignDto {
  @ApiProperty({ description: 'Who takes the task over' })
  @Matches(/^[A-Za-z0-9._:@-]{1,100}$/, { message: 'assigneeId is not a user id' })
  assigneeId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class DecideDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS)
  decision!: Decision;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Free text; may run over several lines' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  comment?: string;

  @ApiPropertyOptional({ description: 'The step you saw; refused when the task has moved on' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  step?: string;
}

export class TaskSubjectDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  type!: SubjectType;

  @ApiProperty()
  id!: string;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: TaskSubjectDto }) subject!: TaskSubjectDto;
  @ApiProperty() step!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty({ enum: ROLES }) candidateRole!: Role;
  @ApiProperty() divisionCode!: string;
  @ApiPropertyOptional() schoolCode?: string;
  @ApiPropertyOptional({ enum: SCOPE_LEVELS, description: 'The level the step is held at: only someone scoped at this level, covering the task, may claim or decide it' })
  level?: ScopeLevel;
  @ApiPropertyOptional({ description: 'Whether you could claim or decide it (your role, level, and four eyes as far as the task records it)' })
  canAct?: boolean;
  @ApiPropertyOptional() assigneeId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) claimedAt?: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) escalatedAt?: string;
  @ApiPropertyOptional() escalatedTo?: string;
  @ApiProperty() remindersSent!: number;
  @ApiProperty({ description: 'What the decider needs to see', type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiPropertyOptional() submittedBy?: string;
  @ApiPropertyOptional({ enum: DECISIONS }) decision?: string;
  @ApiPropertyOptional() decisionComment?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional({ format: 'date-time' }) decidedAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class TaskCountsDto {
  @ApiProperty({ description: 'Assigned or escalated to me' }) mine!: number;
  @ApiProperty({ description: 'Open tasks for my roles in my jurisdiction' }) group!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ description: 'Due within a day' }) dueSoon!: number;
  @ApiProperty({ description: 'Escalated, in my jurisdiction' }) escalated!: number;
  @ApiProperty() unseenNotifications!: number;
}

export class WorkloadQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class WorkloadEntryDto {
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty() scopeCode!: string;
  @ApiProperty({ description: 'Tasks they hold now' }) holding!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() escalated!: number;
  @ApiPropertyOptional({ format: 'date-time' }) nextDue?: string;
}

export class WorkloadPageDto {
  @ApiProperty({ type: [WorkloadEntryDto] }) items!: WorkloadEntryDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class DecisionResultDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty() step!: string;
  @ApiProperty({ enum: DECISIONS }) decision!: Decision;
  @ApiProperty() decidedBy!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ description: 'The workflow accepted the decision' }) accepted!: boolean;
}
