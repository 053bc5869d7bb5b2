/**
 * Money in eduaid is integer fen (1 CNY = 100 fen), never floating point: aid amounts are summed,
 * split over semesters and reconciled against the bank, and every fen must add up.
 */
export type Fen = number;

export const FEN_PER_YUAN = 100;

/** Whole yuan to fen. Policy standards are whole yuan; anything else is a data error. */
export function yuanToFen(yuan: number): Fen {
  if (!Number.isSafeInteger(yuan)) {
    throw new RangeError(`an amount in yuan must be a whole number, got ${yuan}`);
  }
  return yuan * FEN_PER_YUAN;
}

/** Fen as a display string in yuan with two decimals, e.g. 125000 → "1250.00". */
export function formatFen(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / FEN_PER_YUAN)}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`;
}

/**
 * Splits an amount into `parts` integer shares that add up exactly; the first shares take the
 * remainder fen, so 1001 fen over two semesters is [501, 500].
 */
export function splitFen(total: Fen, parts: number): Fen[] {
  assertFen(total);
  if (!Number.isSafeInteger(parts) || parts < 1) {
    throw new RangeError(`cannot split into ${parts} parts`);
  }
  const base = Math.trunc(total / parts);
  const remainder = total - base * parts;
  const step = remainder < 0 ? -1 : 1;
  return Array.from({ length: parts }, (_, i) => base + (i < Math.abs(remainder) ? step : 0));
}

export function assertFen(value: number): asserts value is Fen {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`an amount in fen must be a whole number, got ${value}`);
  }
}
