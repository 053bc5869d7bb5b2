import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsId } from '@eduaid/platform';

export class UploadGraduatesQueryDto {
  @ApiProperty({ description: 'Name of the file, for people to recognise the import', example: 'hubei-university-2027-graduates.csv' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fileName!: string;

  @ApiPropertyOptional({ enum: ['auto', 'utf-8', 'gbk'], default: 'auto', description: 'Text encoding; auto detects UTF-8 or GBK' })
  @IsOptional()
  @IsIn(['auto', 'utf-8', 'gbk'])
  encoding?: 'auto' | 'utf-8' | 'gbk';

  @ApiPropertyOptional({ minimum: 10, maximum: 2000, default: 500, description: 'Rows per chunk (one registry read and one transaction each); a tuning knob' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(2000)
  chunkRows?: number;
}

export class GraduateImportParamsDto {
  @IsId()
  importId!: string;
}

export class GraduateImportStatusDto {
  @ApiProperty({ format: 'uuid' })
  importId!: string;

  @ApiProperty({ example: 'graduate-import:0b7c…' })
  workflowId!: string;

  @ApiProperty()
  fileName!: string;

  @ApiProperty({ enum: ['uploaded', 'running', 'completed', 'failed'] })
  status!: string;

  @ApiProperty({ description: 'Size of the file in bytes' })
  sizeBytes!: number;

  @ApiPropertyOptional({ description: 'Chunks in the file (known once the header is read)' })
  chunksTotal?: number;

  @ApiProperty({ description: 'Chunks done so far' })
  chunksDone!: number;

  @ApiProperty({ description: 'Share of the chunks done, 0 to 1' })
  fractionDone!: number;

  @ApiProperty({ description: 'Rows read so far (blank lines are not rows)' })
  rowsRead!: number;

  @ApiProperty({ description: 'Rows linked to the registry (a student already registered counts, and is not registered twice)' })
  rowsAccepted!: number;

  @ApiProperty({ description: 'Rows rejected; each has at least one entry in the error report, and nothing of it was written' })
  rowsRejected!: number;

  @ApiPropertyOptional({ description: 'Why the whole import failed (a bad header, say)' })
  failure?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;
}

export class GraduateImportRowErrorDto {
  @ApiProperty({ description: 'Line number in the file (the header is line 1)' })
  row!: number;

  @ApiProperty({ example: 'student_id' })
  field!: string;

  @ApiProperty({ example: 'not-in-higher-education: Student … is not in higher vocational or undergraduate study (stage senior-high).' })
  reason!: string;
}

export class GraduateImportErrorPageDto {
  @ApiProperty({ type: [GraduateImportRowErrorDto] })
  items!: GraduateImportRowErrorDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page' })
  nextCursor?: string;
}

export class GraduateImportErrorQueryDto {
  @ApiPropertyOptional({ description: 'Cursor from the previous page (json only)' })
  @IsOptional()
  @Matches(/^\d{1,9}:[a-z_]{1,40}$/, { message: 'after must be a cursor returned by the previous page' })
  after?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv streams the whole report' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
