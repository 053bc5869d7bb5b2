import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { STAGES } from '@eduaid/contracts';

/**
 * The query filters that place a student's record (division, school, stage), validated and documented
 * the same way on every list that offers them (students, applications, campaign results); each list
 * says in its own words what the place is.
 */

/** `divisionCode`: a division code prefix, province (2 digits) to village (12). */
export function DivisionCodeFilter(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example: '420121' }),
    IsOptional(),
    Matches(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, { message: 'divisionCode must be a 2, 4, 6, 9 or 12-digit division code' }),
  );
}

/** `schoolCode`: one school, by its 10-digit code. */
export function SchoolCodeFilter(description: string, example = '4201210001'): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description, example }), IsOptional(), Matches(/^\d{10}$/, { message: 'schoolCode must be a 10-digit school code' }));
}

/** `stage`: one of the school stages. */
export function StageFilter(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ enum: STAGES }), IsOptional(), IsIn(STAGES));
}
