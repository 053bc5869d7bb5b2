/**
 * Keyset cursors for school lists: opaque to clients (so the key can change without breaking them),
 * but only the last code seen, so a page costs an index range scan however deep it is.
 */
const PREFIX = 'school:';

export function encodeSchoolCursor(lastCode: string): string {
  return Buffer.from(PREFIX + lastCode, 'utf8').toString('base64url');
}

/** The code to continue after, or undefined when the cursor is not one this service issued. */
export function decodeSchoolCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const code = text.slice(PREFIX.length);
  return /^\d{10}$/.test(code) ? code : undefined;
}
