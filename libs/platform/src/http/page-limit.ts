import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/**
 * The `limit` query field of a paged list: an optional whole number from 1 to `max`, documented
 * with its default. One decorator, so every list validates and documents its page size the same way.
 */
export function PageLimit(max: number, defaultValue: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: max, default: defaultValue }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/**
 * The `after` query field of a list paged by id: the id (a UUID) of the previous page's last row,
 * as the previous page gave it. One decorator, so those lists validate and document it the same way.
 */
export function PageAfterId(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: 'Cursor from the previous page' }),
    IsOptional(),
    IsUUID('all', { message: 'after must be a cursor returned by the previous page' }),
  );
}
