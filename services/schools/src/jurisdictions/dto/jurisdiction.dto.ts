import { ApiProperty } from '@nestjs/swagger';
import { JURISDICTION_LEVELS, JurisdictionLevel } from '@eduaid/contracts';

export class JurisdictionDto {
  @ApiProperty({ description: 'Administrative division code: 2, 4, 6, 9 or 12 digits by level', example: '420121' })
  code!: string;

  @ApiProperty({ enum: JURISDICTION_LEVELS })
  level!: JurisdictionLevel;

  @ApiProperty({ example: '青石县' })
  name!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Code of the enclosing division; null for the province', example: '4201' })
  parentCode!: string | null;

  @ApiProperty({ description: 'Registered poor county (贫困县) or village (贫困村)' })
  registeredPoor!: boolean;
}

export class JurisdictionWithAncestorsDto extends JurisdictionDto {
  @ApiProperty({ type: [JurisdictionDto], description: 'Enclosing divisions, province first' })
  ancestors!: JurisdictionDto[];
}

export class JurisdictionListDto {
  @ApiProperty({ type: [JurisdictionDto], description: 'In code order' })
  items!: JurisdictionDto[];
}

export class BulkLoadResultDto {
  @ApiProperty({ description: 'Rows received' })
  received!: number;

  @ApiProperty({ description: 'Rows that were new and were stored' })
  inserted!: number;

  @ApiProperty({ description: 'Rows whose code was already registered (left unchanged)' })
  alreadyPresent!: number;
}
