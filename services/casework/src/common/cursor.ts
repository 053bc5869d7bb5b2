import { DomainError, FORBIDDEN_CONTROL_CHARACTERS } from '@eduaid/platform';

/**
 * The PostgreSQL type of each value of a keyset cursor, in sort order. A cursor is opaque to
 * clients, so anything may come back in it: each value is checked against its type here, before it
 * reaches a query (`["x","y"]` where a timestamp and a UUID belong is a 400, not a cast error).
 */
export type CursorValueType = 'timestamptz' | 'uuid' | 'int' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Date#toISOString writes, which is all encodeCursor is given. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const INT4_MAX = 2 ** 31 - 1;

const FITS: Record<CursorValueType, (value: unknown) => boolean> = {
  timestamptz: (v) => typeof v === 'string' && ISO_TIMESTAMP.test(v) && Number.isFinite(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT4_MAX,
  text: (v) => typeof v === 'string' && v.length <= 200 && !FORBIDDEN_CONTROL_CHARACTERS.test(v),
};

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The sort key a cursor holds, or a 400 naming `cursor` when it is not one of the given shape. */
export function decodeCursor(cursor: string, shape: readonly CursorValueType[]): unknown[] {
  if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      if (Array.isArray(values) && values.length === shape.length && shape.every((type, i) => FITS[type](values[i]))) return values;
    } catch {
      // falls through to the 400 below
    }
  }
  throw new DomainError('request.invalid', 'invalid', 'The request has invalid fields.', [
    { field: 'cursor', message: 'cursor is not one this API gave out; pass nextCursor unchanged' },
  ]);
}
