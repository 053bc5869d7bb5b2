import type { RecordPlace } from '@eduaid/contracts';

/** Where a row that copies the graduate's place (a case, a compensation) sits, for assertInScope. */
export function placeOfRow(row: { village_code: string; university_code: string }): RecordPlace {
  return { divisionCode: row.village_code.trim(), schoolCode: row.university_code };
}

/** A keyset page as the API answers it: the items, and the last one's key as nextCursor when the page is full. */
export function keysetPageOf<T>(items: T[], limit: number, key: (item: T) => string): { items: T[]; nextCursor?: string } {
  return { items, ...(items.length === limit ? { nextCursor: key(items[items.length - 1]) } : {}) };
}
