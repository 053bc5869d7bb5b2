import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ description: 'Position in the chain' })
  seq!: number;

  @ApiProperty({ format: 'uuid' })
  entryId!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ description: 'User id, or `system` / `workflow:<id>`' })
  actor!: string;

  @ApiProperty({ example: 'task.decided' })
  action!: string;

  @ApiPropertyOptional()
  subjectType?: string;

  @ApiPropertyOptional()
  subjectId?: string;

  @ApiPropertyOptional({ description: 'State before the change' })
  before?: unknown;

  @ApiPropertyOptional({ description: 'State after the change' })
  after?: unknown;

  @ApiPropertyOptional()
  reason?: string;

  @ApiPropertyOptional({ description: 'The division (or school) code the entry is placed by, if any' })
  divisionCode?: string;

  @ApiPropertyOptional()
  requestId?: string;

  @ApiProperty({ description: 'SHA-256 over the previous hash and this entry’s canonical JSON' })
  hash!: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next (older) page' })
  nextCursor?: string;
}

export class AuditVerificationDto {
  @ApiProperty({ description: 'true when every entry links to the one before and matches its hash' })
  intact!: boolean;

  @ApiProperty()
  entriesChecked!: number;

  @ApiPropertyOptional({ description: 'Hash of the last entry, when intact (keep it elsewhere to detect a truncated tail)' })
  lastHash?: string;

  @ApiPropertyOptional({ description: 'Position of the first entry that was altered' })
  firstAlteredSeq?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  firstAlteredEntryId?: string;

  @ApiPropertyOptional()
  problem?: string;
}
