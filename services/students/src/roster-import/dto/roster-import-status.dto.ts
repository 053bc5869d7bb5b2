import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class RosterImportStatusDto {
  @ApiProperty({ format: 'uuid' })
  importId!: string;

  @ApiProperty({ example: 'roster-import:0b7c…' })
  workflowId!: string;

  @ApiProperty()
  fileName!: string;

  @ApiProperty({ enum: ['uploaded', 'running', 'completed', 'failed'] })
  status!: string;

  @ApiProperty({ description: 'Size of the file in bytes' })
  sizeBytes!: number;

  @ApiProperty({ description: 'Bytes of the file worked through so far' })
  bytesDone!: number;

  @ApiProperty({ description: 'Share of the file worked through, 0 to 1' })
  fractionDone!: number;

  @ApiProperty({ description: 'Rows read so far (blank lines are not rows)' })
  rowsRead!: number;

  @ApiProperty()
  rowsAccepted!: number;

  @ApiProperty({ description: 'Rows rejected; each has at least one entry in the error report' })
  rowsRejected!: number;

  @ApiPropertyOptional({ description: 'Why the whole import failed (a bad header, say)' })
  failure?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;
}

export class RosterRowErrorDto {
  @ApiProperty({ description: 'Line number in the file (the header is line 1)' })
  row!: number;

  @ApiProperty({ example: 'national_id' })
  field!: string;

  @ApiProperty({ example: 'national ID has a wrong check digit (GB 11643)' })
  reason!: string;
}

export class RosterErrorPageDto {
  @ApiProperty({ type: [RosterRowErrorDto] })
  items!: RosterRowErrorDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page' })
  nextCursor?: string;
}

export class RosterErrorQueryDto {
  @ApiPropertyOptional({ description: 'Cursor from the previous page (json only)' })
  @IsOptional()
  @Matches(/^\d{1,9}:[a-z_]{1,40}$/, { message: 'after must be a cursor returned by the previous page' })
  after?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv streams the whole report' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
