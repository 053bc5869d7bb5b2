import { DomainError } from '../errors/domain-error';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('the cursor was accepted');
}

describe('keyset cursors', () => {
  const key = [7, '2026-11-30T08:00:00.000Z', '0b7c6e2f-3b1d-4e5f-9a8b-1c2d3e4f5a6b'];

  it('gives back the sort key it encoded, without showing it in clear', () => {
    const cursor = encodeKeysetCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('0b7c6e2f');
    expect(decodeKeysetCursor(cursor, ['int', 'timestamptz', 'uuid'])).toEqual(key);
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
  ])('answers 400 request.invalid naming the cursor for %s', (_what, cursor) => {
    const error = refusal(() => decodeKeysetCursor(cursor, ['int', 'timestamptz', 'uuid']));
    expect(error.code).toBe('request.invalid');
    expect(error.kind).toBe('invalid');
    expect(error.fieldErrors).toEqual([{ field: 'cursor', message: expect.stringContaining('cursor is not one this API gave out') }]);
  });

  it('takes text only without control characters', () => {
    expect(decodeKeysetCursor(cursorOf(['user-1']), ['text'])).toEqual(['user-1']);
    expect(() => decodeKeysetCursor(cursorOf(['user\u0000']), ['text'])).toThrow(DomainError);
    expect(() => decodeKeysetCursor(cursorOf(['x'.repeat(201)]), ['text'])).toThrow(DomainError);
  });

  it('takes a bigint key as a string of digits only', () => {
    expect(decodeKeysetCursor(encodeKeysetCursor(['123456789012345678']), ['bigint'])).toEqual(['123456789012345678']);
    for (const bad of [12, '-1', '1234567890123456789', '12a', '']) {
      expect(() => decodeKeysetCursor(cursorOf([bad]), ['bigint'])).toThrow(DomainError);
    }
  });

  it('takes a code only of the form its pattern gives', () => {
    const code = /^\d{10}$/;
    expect(decodeKeysetCursor(encodeKeysetCursor(['4201210007']), [code])).toEqual(['4201210007']);
    for (const bad of ['42; DROP', '420121000', 4201210007, '4201210007\n']) {
      expect(() => decodeKeysetCursor(cursorOf([bad]), [code])).toThrow(DomainError);
    }
  });

  it('answers with the feature’s own problem when it names one', () => {
    const error = refusal(() =>
      decodeKeysetCursor('bm90LWEtY3Vyc29y', [/^\d{10}$/], { invalid: (e) => new DomainError('school.invalid', 'invalid', 'The school does not fit the registry.', [e]) }),
    );
    expect(error.code).toBe('school.invalid');
    expect(error.fieldErrors).toEqual([{ field: 'cursor', message: expect.stringContaining('pass nextCursor unchanged') }]);
  });
});
