import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';

export const WIRING_CHECK_STATES = ['running', 'passed', 'failed'] as const;
export type WiringCheckState = (typeof WIRING_CHECK_STATES)[number];

export class WiringCheckServiceDto {
  @ApiProperty({ enum: SERVICE_NAMES })
  service!: ServiceName;

  @ApiProperty({ description: 'The service’s worker ran the activity and its database took the write' })
  ok!: boolean;

  @ApiPropertyOptional({ description: 'Database schema the row was written to' })
  schema?: string;

  @ApiPropertyOptional({ description: 'When the service’s database recorded the row', format: 'date-time' })
  recordedAt?: string;

  @ApiPropertyOptional({ description: 'Why this service failed the check' })
  error?: string;
}

export class WiringCheckStatusDto {
  @ApiProperty({ format: 'uuid' })
  checkId!: string;

  @ApiProperty({ description: 'Temporal workflow id, for the Temporal UI', example: 'wiring-check:0b7c…' })
  workflowId!: string;

  @ApiProperty({ enum: WIRING_CHECK_STATES })
  state!: WiringCheckState;

  @ApiProperty({ type: [WiringCheckServiceDto], description: 'Per service, once the check has finished' })
  services!: WiringCheckServiceDto[];
}
