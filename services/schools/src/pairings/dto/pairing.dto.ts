import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class PairingDto {
  @ApiProperty({ description: 'The university’s school code', example: '4201220001' })
  universityCode!: string;

  @ApiProperty({ description: 'The registered-poor county it helps', example: '420121' })
  countyCode!: string;

  @ApiProperty({ example: 2016 })
  startYear!: number;
}

export class PairingListDto {
  @ApiProperty({ type: [PairingDto] })
  items!: PairingDto[];
}

export class CreatePairingDto {
  @ApiProperty({ description: 'School code of a university', example: '4201220001' })
  @Matches(/^\d{10}$/, { message: '$property must be a school code of 10 digits' })
  universityCode!: string;

  @ApiProperty({ description: 'A registered-poor county', example: '420121' })
  @Matches(/^\d{6}$/, { message: '$property must be a county code of 6 digits' })
  countyCode!: string;

  @ApiProperty({ minimum: 2000, maximum: 2100, example: 2016 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  startYear!: number;
}

export class ListPairingsQueryDto {
  @ApiPropertyOptional({ description: 'Only pairings with this county', example: '420121' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '$property must be a county code of 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'Only pairings of this university' })
  @IsOptional()
  @Matches(/^\d{10}$/, { message: '$property must be a school code of 10 digits' })
  universityCode?: string;

  @ApiPropertyOptional({ description: 'Pairings that had started by this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  activeIn?: number;
}
