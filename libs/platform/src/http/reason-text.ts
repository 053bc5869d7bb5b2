import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';

/**
 * A free-text reason or comment that must say something: trimmed before it is checked (and stored
 * trimmed), so a run of spaces never passes for a reason.
 */
export function ReasonText(minLength: number, maxLength: number, what = 'reason'): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    MinLength(minLength, { message: `${what} must say why, in at least ${minLength} characters (spaces around it do not count)` }),
    MaxLength(maxLength),
  );
}
