import { applyDecorators } from '@nestjs/common';
import { IsDateString, Matches } from 'class-validator';

/**
 * A calendar date as `YYYY-MM-DD` between 1900 and 2099. ISO 8601 alone also allows week dates
 * (2025-W01-1), ordinal dates (2025-001) and the year 0000, which a PostgreSQL `date` refuses:
 * those would reach the database and fail there.
 */
export function CalendarDate(): PropertyDecorator {
  const message = '$property must be a date like 2025-06-30';
  return applyDecorators(
    Matches(/^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message }),
    IsDateString({ strict: true }, { message }),
  );
}
