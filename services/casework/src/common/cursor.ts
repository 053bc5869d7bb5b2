import { DomainError } from '@eduaid/platform';

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, valid: (values: unknown[]) => boolean): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && valid(values)) return values;
  } catch {
    // falls through to the 400 below
  }
  throw new DomainError('request.invalid', 'invalid', 'The request has invalid fields.', [{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
}
