import { DomainError } from '@eduaid/platform';
import { decodeCursor, encodeCursor } from './cursor';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  const key = [7, '2026-11-30T08:00:00.000Z', '0b7c6e2f-3b1d-4e5f-9a8b-1c2d3e4f5a6b'];

  it('gives back the sort key it encoded', () => {
    expect(decodeCursor(encodeCursor(key), ['int', 'timestamptz', 'uuid'])).toEqual(key);
  });

  it.each([
    ['a cursor of the wrong types (the probe’s ["x","y"])', 'WyJ4IiwieSJd'],
    ['the wrong number of values', cursorOf(key.slice(1, 2))],
    ['a number where a timestamp belongs', cursorOf([7, 1, key[2]])],
    ['a priority beyond an int column', cursorOf([2 ** 40, key[1], key[2]])],
    ['a date that is no date', cursorOf([7, '2026-13-45T99:00:00.000Z', key[2]])],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['not an array', cursorOf({ a: 1 })],
    ['not base64url', 'a+b/c='],
  ])('answers 400 naming the cursor for %s', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, ['int', 'timestamptz', 'uuid']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).fieldErrors).toEqual([{ field: 'cursor', message: expect.stringContaining('cursor is not one this API gave out') }]);
  });

  it('takes text only without control characters', () => {
    expect(decodeCursor(cursorOf(['user-1']), ['text'])).toEqual(['user-1']);
    expect(() => decodeCursor(cursorOf(['user\u0000']), ['text'])).toThrow(DomainError);
  });
});
