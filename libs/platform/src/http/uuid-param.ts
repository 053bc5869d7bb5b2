import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/**
 * eduaid's one rule for ids that are UUIDs (path parameters, filters, body references): any
 * RFC 9562 UUID — versions 1 to 8 with the RFC variant, or the nil and max UUIDs — in any case.
 * PostgreSQL makes v4 ids today, but ids from elsewhere (v7 from a newer client, v1 from an old
 * system) are as good, and every route must take or refuse the same strings. The pattern is
 * published in the OpenAPI document too, so clients and fuzzers know the rule.
 */
export const UUID_PATTERN =
  '^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$';

/** The same rule, inside a larger id (e.g. `aid-application:<uuid>:<year>`). */
export const UUID_SOURCE = UUID_PATTERN.slice(1, -1);

/** A required UUID field or path parameter, validated and documented by the one rule. */
export function IsId(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ format: 'uuid', pattern: UUID_PATTERN, ...(description ? { description } : {}) }),
    IsUUID('all', { message: ({ property }) => `${property} must be a UUID` }),
  );
}

/** An optional UUID field or query parameter (a filter), by the same rule. */
export function IsOptionalId(description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ format: 'uuid', pattern: UUID_PATTERN, ...(description ? { description } : {}) }),
    IsOptional(),
    IsUUID('all', { message: ({ property }) => `${property} must be a UUID` }),
  );
}
