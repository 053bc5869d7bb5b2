import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
