import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class UploadRosterQueryDto {
  @ApiProperty({ description: 'Name of the file, for people to recognise the import', example: 'county-420121-2024.csv' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fileName!: string;

  @ApiPropertyOptional({ enum: ['auto', 'utf-8', 'gbk'], default: 'auto', description: 'Text encoding; auto detects UTF-8 or GBK' })
  @IsOptional()
  @IsIn(['auto', 'utf-8', 'gbk'])
  encoding?: 'auto' | 'utf-8' | 'gbk';

  @ApiPropertyOptional({ minimum: 100, maximum: 50000, default: 10000, description: 'Lines per chunk (one transaction each); a tuning knob' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(50000)
  chunkRows?: number;
}
