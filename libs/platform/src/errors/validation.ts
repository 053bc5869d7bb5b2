import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FORBIDDEN_CONTROL_CHARACTERS, isMultilineField, LINE_BREAKS_AND_TABS } from '../http/text';
import { DomainError, FieldError } from './domain-error';

/** Flattens class-validator's nested errors into `field.path: message` pairs. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

function invalidRequest(errors: FieldError[]): DomainError {
  return new DomainError('request.invalid', 'invalid', 'The request has invalid fields.', errors);
}

const EDGE_CHECKED: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);
const BUILT_IN_TYPES: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/** A request DTO: a class of our own, not a built-in type or an interface (which reads as Object). */
function isDtoClass(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && !BUILT_IN_TYPES.includes(metatype);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const join = (parent: string, key: string | number) => (parent ? `${parent}.${key}` : String(key));

/** Deeper than any DTO goes; a JSON body nested deeper (`[[[[…]]]]`) would overflow the stack of any walk. */
const MAX_DEPTH = 32;
const TOO_DEEP = 'is nested too deeply';

/**
 * What no field of any request may hold, checked on the value as it arrived (before conversion):
 * null (an optional field is left out, never null: class-validator's @IsOptional would let a null
 * through to a NOT NULL column) and control characters other than tab and line breaks.
 */
function rawProblems(value: unknown, path: string, problems: FieldError[], depth = 0): void {
  if (depth > MAX_DEPTH) {
    problems.push({ field: path, message: `${path} ${TOO_DEEP}` });
  } else if (value === null) {
    problems.push({ field: path, message: `${path} must not be null; leave it out instead` });
  } else if (typeof value === 'string') {
    if (FORBIDDEN_CONTROL_CHARACTERS.test(value)) {
      problems.push({ field: path, message: `${path} must not contain control characters (such as NUL)` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => rawProblems(item, join(path, index), problems, depth + 1));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (FORBIDDEN_CONTROL_CHARACTERS.test(key)) {
        problems.push({ field: path || 'body', message: 'field names must not contain control characters' });
        continue;
      }
      rawProblems(item, join(path, key), problems, depth + 1);
    }
  }
}

/**
 * What can only be judged once values have their DTO types: tabs and line breaks outside the
 * fields marked @MultilineText() (the owning class says which), and numbers beyond what a
 * PostgreSQL bigint or a JavaScript number holds exactly (a query's `after=99999999999999999999`).
 */
function convertedProblems(value: unknown, path: string, owner: unknown, property: string, problems: FieldError[]): void {
  if (typeof value === 'string') {
    if (LINE_BREAKS_AND_TABS.test(value) && !isMultilineField(owner, property)) {
      problems.push({ field: path, message: `${path} must be one line: no tabs or line breaks` });
    }
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      problems.push({ field: path, message: `${path} is out of range` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => convertedProblems(item, join(path, index), owner, property, problems));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      convertedProblems(item, join(path, key), value.constructor, key, problems);
    }
  }
}

/**
 * The global pipe, and the one edge every request crosses: unknown fields are refused (not
 * silently dropped), values are converted to the DTO's types, a body a route takes must be a JSON
 * object, no field holds null or a control character, and every failure becomes one 400 problem
 * listing each field. Routes without a @Body() take no body, so an empty one is fine there.
 */
export class EdgeValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidRequest(fieldErrorsOf(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!EDGE_CHECKED.has(metadata.type)) return super.transform(value, metadata);
    const takesDto = isDtoClass(metadata.metatype);
    if (metadata.type === 'body' && takesDto && !isPlainObject(value)) {
      throw invalidRequest([
        {
          field: 'body',
          message: value === undefined ? 'a JSON object body is required (send {} when no field applies)' : 'the body must be a JSON object',
        },
      ]);
    }
    // A whole-object parameter reports fields by their names; a single named one (@Query('x')) by its own.
    const root = takesDto ? '' : (metadata.data ?? metadata.type);
    const problems: FieldError[] = [];
    rawProblems(value, root, problems);
    // Converting such a value would overflow the stack: refuse it before it is walked again.
    if (problems.some((p) => p.message.endsWith(TOO_DEEP))) throw invalidRequest(problems);
    let converted: unknown;
    try {
      converted = await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof DomainError && problems.length > 0) throw invalidRequest([...problems, ...error.fieldErrors]);
      throw error;
    }
    if (problems.length > 0) throw invalidRequest(problems);
    convertedProblems(converted, root, undefined, root, problems);
    if (problems.length > 0) throw invalidRequest(problems);
    return converted;
  }
}

/** The global pipe (see EdgeValidationPipe). */
export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe();
}
