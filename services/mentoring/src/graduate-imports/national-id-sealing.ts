import { SEALED_NATIONAL_ID_PREFIX } from '@eduaid/contracts';

/**
 * Anything in an upload that looks like a national ID: 18 characters (17 digits and a digit or X)
 * or the old 15 digits, standing alone. Matched on the file's bytes read as Latin-1, so UTF-8 and GBK
 * files alike are left byte for byte as they were around it: ASCII digits are never part of a UTF-8
 * or GBK multi-byte character (their continuation bytes are ≥ 0x80, GBK's trail bytes ≥ 0x40).
 */
const NATIONAL_ID_LIKE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/**
 * Replaces every national ID in the file by `~nid1.<last 4>.<sealed>` (sealed for the students
 * service), wherever it stands: the national_id column, or a note a university added. Answers the
 * file unchanged (and seals nothing) when it holds none.
 */
export function sealNationalIds(file: Buffer, seal: (nationalId: string) => string): { file: Buffer; sealed: number } {
  const text = file.toString('latin1');
  let sealed = 0;
  const replaced = text.replace(NATIONAL_ID_LIKE, (id) => {
    sealed += 1;
    const upper = id.toUpperCase();
    return `${SEALED_NATIONAL_ID_PREFIX}${upper.slice(-4)}.${seal(upper)}`;
  });
  return sealed === 0 ? { file, sealed } : { file: Buffer.from(replaced, 'latin1'), sealed };
}

export function holdsNationalIds(file: Buffer): boolean {
  NATIONAL_ID_LIKE.lastIndex = 0;
  return NATIONAL_ID_LIKE.test(file.toString('latin1'));
}
