import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class WiringCheckParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  checkId!: string;
}
