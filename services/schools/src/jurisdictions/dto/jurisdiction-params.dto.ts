import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export const DIVISION_CODE_PATTERN = /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/;
export const DIVISION_CODE_MESSAGE = '$property must be a division code of 2, 4, 6, 9 or 12 digits';

export class JurisdictionParamsDto {
  @ApiProperty({ description: 'Division code', example: '420121' })
  @Matches(DIVISION_CODE_PATTERN, { message: DIVISION_CODE_MESSAGE })
  code!: string;
}
