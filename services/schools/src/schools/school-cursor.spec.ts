import { decodeSchoolCursor, encodeSchoolCursor } from './school-cursor';

describe('school list cursors', () => {
  it('round-trips the last code of a page', () => {
    const cursor = encodeSchoolCursor('4201210007');
    expect(cursor).not.toContain('4201210007');
    expect(decodeSchoolCursor(cursor)).toBe('4201210007');
  });

  it('refuses cursors it did not issue', () => {
    expect(decodeSchoolCursor('4201210007')).toBeUndefined();
    expect(decodeSchoolCursor('not a cursor!')).toBeUndefined();
    expect(decodeSchoolCursor(Buffer.from('school:42; DROP').toString('base64url'))).toBeUndefined();
  });
});
