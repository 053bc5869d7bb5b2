import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class StartWiringCheckDto {
  @ApiProperty({ description: 'Who asks for the check (an operator’s name or a monitoring job)', example: 'ops-oncall' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  requestedBy!: string;
}
