import { IsOptionalId, PageLimit } from '@eduaid/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class AccessLogQueryDto {
  @IsOptionalId()
  studentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorUserId?: string;

  @ApiPropertyOptional({ description: 'Cursor from the previous page (newest first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'after must be a cursor returned by the previous page' })
  @Min(1)
  after?: number;

  @PageLimit(500, 100)
  limit?: number;
}

export class AccessLogEntryDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  actorUserId!: string;

  @ApiProperty({ type: [String] })
  actorRoles!: string[];

  @ApiProperty({ format: 'uuid' })
  studentId!: string;

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
