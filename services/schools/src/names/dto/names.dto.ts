import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';

/** `?codes=420102,4201020042`: division codes (2, 4, 6, 9 or 12 digits) and school codes (10 digits). */
export class NamesQueryDto {
  @ApiProperty({ type: String, description: 'Division or school codes, comma-separated (1 to 200)', example: '420102,4201020042' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : value))
  @IsArray()
  @ArrayMinSize(1, { message: 'codes must name at least one code' })
  @ArrayMaxSize(200, { message: 'codes may name at most 200 codes' })
  @Matches(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{10}|\d{12})$/, { each: true, message: 'codes must be division codes (2, 4, 6, 9 or 12 digits) or school codes (10 digits)' })
  codes!: string[];
}

export class NameDto {
  @ApiProperty({ example: '420102' }) code!: string;
  @ApiProperty({ example: '江岸区' }) name!: string;
  @ApiProperty({ enum: ['province', 'prefecture', 'county', 'township', 'village', 'school'] }) level!: string;
}

export class NamesDto {
  @ApiProperty({ type: [NameDto], description: 'The codes found within your jurisdiction or above it; others are left out' })
  items!: NameDto[];
}
