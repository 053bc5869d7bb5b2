import { RowError, rowErrorsAfter, rowErrorsCsv, rowErrorsPage } from './row-errors';

const error = (row: number, field: string, reason = 'bad'): RowError => ({ row, field, reason });

describe('the row-error report of an uploaded file', () => {
  it('starts from the first error, or after the cursor’s row and field', () => {
    expect(rowErrorsAfter(undefined)).toEqual({ row: 0, field: '' });
    expect(rowErrorsAfter('12:student_id')).toEqual({ row: 12, field: 'student_id' });
  });

  it('answers a page and a cursor to the next only when more were read than fit', () => {
    expect(rowErrorsPage([error(2, 'a'), error(2, 'b'), error(3, 'a')], 2)).toEqual({ items: [error(2, 'a'), error(2, 'b')], nextCursor: '2:b' });
    expect(rowErrorsPage([error(2, 'a'), error(2, 'b')], 2)).toEqual({ items: [error(2, 'a'), error(2, 'b')], nextCursor: undefined });
    expect(rowErrorsPage([], 2)).toEqual({ items: [], nextCursor: undefined });
  });

  it('writes every page as CSV, quoting what needs it, with the line end asked for', async () => {
    const pages: Record<string, { items: RowError[]; nextCursor?: string }> = {
      start: { items: [error(2, 'name', 'empty, or "blank"')], nextCursor: '2:name' },
      '2:name': { items: [error(5, 'id')] },
    };
    const asked: (string | undefined)[] = [];
    const out: string[] = [];
    for await (const part of rowErrorsCsv(async (after) => (asked.push(after), pages[after ?? 'start']), '\r\n')) out.push(part);
    expect(asked).toEqual([undefined, '2:name']);
    expect(out.join('')).toBe('row,field,reason\r\n2,name,"empty, or ""blank"""\r\n5,id,bad\r\n');
  });
});
