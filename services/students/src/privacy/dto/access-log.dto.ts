import { IsOptionalId, PageLimit } from '@eduaid/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AccessLogQueryDto {
  @IsOptionalId()
  studentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorUserId?: string;

  @ApiPropertyOptional({ enum: ['reveal', 'lookup'] })
  @IsOptional()
  @IsIn(['reveal', 'lookup'])
  kind?: 'reveal' | 'lookup';

  @ApiPropertyOptional({ description: 'Cursor from the previous page (newest first)', minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be a cursor returned by the previous page' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER, { message: 'after must be a cursor returned by the previous page' })
  after?: number;

  @PageLimit(500, 100)
  limit?: number;
}

export class AccessLogEntryDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: ['reveal', 'lookup'], description: 'reveal: the full number was shown; lookup: a number was searched for' })
  kind!: string;

  @ApiProperty()
  actorUserId!: string;

  @ApiProperty({ type: [String] })
  actorRoles!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent for a lookup that found nobody' })
  studentId?: string;

  @ApiProperty({ example: 'national_id' })
  field!: string;

  @ApiProperty()
  reason!: string;

  @ApiPropertyOptional()
  requestId?: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] })
  items!: AccessLogEntryDto[];

  @ApiPropertyOptional()
  nextCursor?: number;
}
