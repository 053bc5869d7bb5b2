import type { RosterEncoding } from '@eduaid/contracts';
import { FORBIDDEN_CONTROL_CHARACTERS } from '../http/text';

/**
 * Reading uploaded CSV files (rosters, graduate lists): encoding detection, splitting into lines by byte offset, and CSV fields.
 * Lines are split on the LF byte, which is safe in both UTF-8 and GBK (no multi-byte character of
 * either contains 0x0A), so a chunk can start at any line's byte offset and decode on its own.
 */

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function hasUtf8Bom(head: Buffer): boolean {
  return head.subarray(0, 3).equals(UTF8_BOM);
}

/** UTF-8 when the head is valid UTF-8 (a cut character at its very end is allowed), else GBK. */
export function detectEncoding(head: Buffer): RosterEncoding {
  if (hasUtf8Bom(head)) return 'utf-8';
  // Drop a possibly cut trailing sequence before the strict check.
  let end = head.length;
  for (let i = Math.max(0, head.length - 3); i < head.length; i++) {
    if ((head[i] & 0xc0) === 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/** Refuses (throws on) bytes that are not text: invalid sequences, and NUL or other control characters. */
export function decoderFor(encoding: RosterEncoding): { decode(input: Uint8Array): string } {
  const decoder = new TextDecoder(encoding, { fatal: true });
  return {
    decode(input: Uint8Array): string {
      const text = decoder.decode(input);
      // PostgreSQL refuses NUL: such a line is a row error here, not a chunk that fails on write.
      if (FORBIDDEN_CONTROL_CHARACTERS.test(text)) throw new TypeError('control characters in a line');
      return text;
    },
  };
}

/**
 * Splits one CSV line into fields (RFC 4180 quoting; a quoted field may hold commas and doubled
 * quotes). Returns undefined for an unterminated quote.
 */
export function parseCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    if (line[i] === '"') {
      let value = '';
      i += 1;
      while (true) {
        if (i >= n) return undefined;
        const ch = line[i];
        if (ch === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += ch;
        i += 1;
      }
      fields.push(value);
      if (i < n && line[i] !== ',') return undefined;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? n : comma;
      fields.push(line.slice(i, end).trim());
      i = end;
    }
    if (i >= n) return fields;
    i += 1; // the comma
    if (i === n) {
      fields.push('');
      return fields;
    }
  }
}

export interface RawLine {
  /** Byte offset just after this line's LF (or end of data). */
  endOffset: number;
  bytes: Buffer;
}

/**
 * Cuts complete lines out of `data` (which starts at a line boundary at absolute offset
 * `baseOffset`). Without `final`, a trailing line with no LF is left for the next read.
 */
export function splitLines(data: Buffer, baseOffset: number, maxLines: number, final: boolean): { lines: RawLine[]; consumed: number } {
  const lines: RawLine[] = [];
  let start = 0;
  while (lines.length < maxLines) {
    const lf = data.indexOf(0x0a, start);
    if (lf === -1) {
      if (final && start < data.length) {
        lines.push({ endOffset: baseOffset + data.length, bytes: stripCr(data.subarray(start)) });
        start = data.length;
      }
      break;
    }
    lines.push({ endOffset: baseOffset + lf + 1, bytes: stripCr(data.subarray(start, lf)) });
    start = lf + 1;
  }
  return { lines, consumed: start };
}

function stripCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

/** Maps header cells to canonical columns by their accepted names (case-insensitive); names missing and doubled ones. */
export function mapCsvHeader(
  cells: string[],
  aliases: Record<string, string[]>,
  required: string[],
): { columns: Record<string, number>; missing: string[]; duplicated: string[] } {
  const lookup = new Map<string, string>();
  for (const [canonical, names] of Object.entries(aliases)) {
    for (const alias of names) lookup.set(alias, canonical);
  }
  const columns: Record<string, number> = {};
  const duplicated: string[] = [];
  cells.forEach((cell, index) => {
    const canonical = lookup.get(cell.replace(/^\uFEFF/, '').trim().toLowerCase());
    if (!canonical) return;
    if (canonical in columns) duplicated.push(canonical);
    else columns[canonical] = index;
  });
  return { columns, missing: required.filter((c) => !(c in columns)), duplicated };
}

/**
 * The header line of an uploaded CSV file from the file's first bytes (`head`: the whole file, or
 * enough of its start to hold the header): its cells, and `end`, the offset of the header's line
 * feed in `head` (-1 when `head` holds none: the file is the header alone). A header that is not
 * valid text in the encoding, or has an unterminated quote, answers the reason, in words for the uploader.
 */
export function readCsvHeader(head: Buffer, encoding: RosterEncoding): { ok: true; cells: string[]; end: number } | { ok: false; reason: string } {
  const end = head.indexOf(0x0a);
  const headerBytes = head.subarray(hasUtf8Bom(head) ? 3 : 0, end === -1 ? head.length : end);
  let header: string;
  try {
    header = decoderFor(encoding).decode(headerBytes).replace(/\r$/, '');
  } catch {
    return { ok: false, reason: `the header line is not valid ${encoding}` };
  }
  const cells = parseCsvLine(header);
  if (!cells) return { ok: false, reason: 'the header line has an unterminated quote' };
  return { ok: true, cells, end };
}

/** Why a header mapped by mapCsvHeader cannot be read (columns missing or named twice), in words for the uploader; undefined when it can. */
export function csvHeaderProblem({ missing, duplicated }: { missing: string[]; duplicated: string[] }): string | undefined {
  if (missing.length > 0) return `the header lacks the columns: ${missing.join(', ')}`;
  if (duplicated.length > 0) return `the header names these columns twice: ${duplicated.join(', ')}`;
  return undefined;
}
