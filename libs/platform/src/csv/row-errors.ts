import { csvField } from './csv';

/**
 * The row-error report of an uploaded CSV file (a roster, a graduates list): one refused field a
 * line, in file order, paged by the key (row, field) with the cursor `row:field`.
 */
export interface RowError {
  /** Line number in the file (the header is line 1). */
  row: number;
  field: string;
  reason: string;
}

/** Where a page of row errors starts: after the cursor's (row, field), or from the first error. */
export function rowErrorsAfter(cursor: string | undefined): { row: number; field: string } {
  return cursor ? { row: Number(cursor.split(':')[0]), field: cursor.split(':')[1] } : { row: 0, field: '' };
}

/**
 * A page of row errors from the errors read after the cursor, one more than `size` asked for: at most
 * `size` items, and nextCursor (`row:field` of the last) when there are more.
 */
export function rowErrorsPage(read: readonly RowError[], size: number): { items: RowError[]; nextCursor?: string } {
  const items = read.slice(0, size);
  const last = items[items.length - 1];
  return { items, nextCursor: read.length > size && last ? `${last.row}:${last.field}` : undefined };
}

/** The whole report as CSV (row,field,reason), read page by page so memory stays flat; `newline` ends each line. */
export async function* rowErrorsCsv(
  page: (after: string | undefined) => Promise<{ items: RowError[]; nextCursor?: string }>,
  newline: '\n' | '\r\n',
): AsyncGenerator<string> {
  yield `row,field,reason${newline}`;
  let after: string | undefined;
  do {
    const { items, nextCursor } = await page(after);
    yield items.map((e) => `${e.row},${csvField(e.field)},${csvField(e.reason)}${newline}`).join('');
    after = nextCursor;
  } while (after);
}
