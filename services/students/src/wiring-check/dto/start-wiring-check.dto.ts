import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StartWiringCheckDto {
  @ApiPropertyOptional({ description: 'Why the check is run, kept with it', example: 'after deploy 2026-11-29' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}
