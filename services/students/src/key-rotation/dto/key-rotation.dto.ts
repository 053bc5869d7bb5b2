import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class StartKeyRotationDto {
  @ApiPropertyOptional({ minimum: 10, maximum: 10000, default: 2000, description: 'Rows per batch (one transaction each)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10000)
  batchSize?: number;
}

export class KeyVersionCountDto {
  @ApiProperty()
  keyVersion!: number;

  @ApiProperty()
  rows!: number;
}

export class KeyRotationStatusDto {
  @ApiProperty({ description: 'The key new values are written with' })
  currentVersion!: number;

  @ApiProperty({ example: 'key-rotation:students:v2' })
  workflowId!: string;

  @ApiProperty({ enum: ['not-started', 'running', 'completed', 'failed'] })
  state!: string;

  @ApiProperty({ type: [KeyVersionCountDto], description: 'National IDs per key version right now' })
  rowsByKeyVersion!: KeyVersionCountDto[];
}
