import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Control characters (Unicode category Cc: C0, DEL and C1) other than tab, line feed and carriage
 * return. None of them belongs in any text eduaid keeps: PostgreSQL refuses NUL outright, and the
 * others corrupt logs, CSV reports and terminals. Refused at the edge, in every field of every route.
 */
export const FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Tab and line breaks: allowed only in a field marked @MultilineText(). */
export const LINE_BREAKS_AND_TABS = /[\t\n\r]/;

const MULTILINE_FIELDS = Symbol('eduaid:multiline-fields');

/**
 * Marks a DTO string field as free multi-line text (a comment, say), where tabs and line breaks
 * are kept. Every other string field is one line: the edge refuses a tab or line break in it.
 */
export function MultilineText(): PropertyDecorator {
  return (target, property) => {
    const own: Set<string | symbol> = Reflect.hasOwnMetadata(MULTILINE_FIELDS, target)
      ? Reflect.getOwnMetadata(MULTILINE_FIELDS, target)
      : new Set(Reflect.getMetadata(MULTILINE_FIELDS, target) ?? []);
    own.add(property);
    Reflect.defineMetadata(MULTILINE_FIELDS, own, target);
  };
}

/** Whether `property` of an instance of `type` is marked @MultilineText() (inherited marks count). */
export function isMultilineField(type: unknown, property: string): boolean {
  if (typeof type !== 'function' || !type.prototype) return false;
  const fields = Reflect.getMetadata(MULTILINE_FIELDS, type.prototype as object) as Set<string | symbol> | undefined;
  return fields?.has(property) ?? false;
}

/**
 * A person's name as people write it: letters of any script (with their combining marks), and
 * between words a space, the middle dot of transcribed names (阿卜杜·热合曼), a hyphen, an
 * apostrophe or a full stop. It starts with a letter, so a lone symbol or digit is not a name.
 */
export const PERSON_NAME_PATTERN = /^\p{L}\p{M}*(?:(?:[ ·'’\-]|\. ?)?\p{L}\p{M}*)*\.?$/u;

/** A required person's name of at most `maxLength` characters (see PERSON_NAME_PATTERN). */
export function PersonName(maxLength = 50): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(maxLength),
    Matches(PERSON_NAME_PATTERN, { message: '$property must be a name: letters, with single spaces, dots, hyphens or apostrophes between them' }),
  );
}
