import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class RosterImportParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  importId!: string;
}
