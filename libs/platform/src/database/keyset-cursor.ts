import { DomainError, FieldError } from '../errors/domain-error';
import { FORBIDDEN_CONTROL_CHARACTERS } from '../http/text';

/**
 * The type of each value of a keyset cursor, in sort order. A cursor is opaque to clients, so
 * anything may come back in it: each value is checked against its type here, before it reaches a
 * query (`["x","y"]` where a timestamp and a UUID belong is a 400, not a cast error).
 *
 * - `timestamptz`: an ISO timestamp as Date#toISOString writes it;
 * - `uuid`; `int`: a JSON integer within PostgreSQL's int4;
 * - `bigint`: a string of 1–18 digits (a bigint/bigserial key; JSON numbers would lose precision);
 * - `text`: up to 200 characters without control characters;
 * - a RegExp: text that matches it whole (a code of a known form, say `/^\d{10}$/`).
 */
export type KeysetValueType = 'timestamptz' | 'uuid' | 'int' | 'bigint' | 'text' | RegExp;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Date#toISOString writes, which is all a cursor is given. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const INT4_MAX = 2 ** 31 - 1;
const BIGINT = /^\d{1,18}$/;

const FITS: Record<Exclude<KeysetValueType, RegExp>, (value: unknown) => boolean> = {
  timestamptz: (v) => typeof v === 'string' && ISO_TIMESTAMP.test(v) && Number.isFinite(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT4_MAX,
  bigint: (v) => typeof v === 'string' && BIGINT.test(v),
  text: (v) => typeof v === 'string' && v.length <= 200 && !FORBIDDEN_CONTROL_CHARACTERS.test(v),
};

function fits(type: KeysetValueType, value: unknown): boolean {
  if (type instanceof RegExp) return typeof value === 'string' && value.length <= 200 && type.test(value) && !FORBIDDEN_CONTROL_CHARACTERS.test(value);
  return FITS[type](value);
}

/** The field error every list answers for a cursor it did not give out. */
export const BAD_CURSOR: FieldError = { field: 'cursor', message: 'cursor is not one this API gave out; pass nextCursor unchanged' };

export interface KeysetCursorOptions {
  /**
   * The problem a bad cursor is answered with (a 400 naming `cursor`); by default the generic
   * `request.invalid`. A feature whose other field errors carry its own code passes its own here.
   */
  invalid?: (error: FieldError) => DomainError;
}

const requestInvalid = (error: FieldError) => new DomainError('request.invalid', 'invalid', 'The request has invalid fields.', [error]);

/** A keyset cursor: the sort key of a page's last row as JSON, base64url, opaque to clients. */
export function encodeKeysetCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The sort key a cursor holds, or a 400 naming `cursor` when it is not one of the given shape. */
export function decodeKeysetCursor(cursor: string, shape: readonly KeysetValueType[], options: KeysetCursorOptions = {}): unknown[] {
  if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      if (Array.isArray(values) && values.length === shape.length && shape.every((type, i) => fits(type, values[i]))) return values;
    } catch {
      // falls through to the 400 below
    }
  }
  throw (options.invalid ?? requestInvalid)(BAD_CURSOR);
}
