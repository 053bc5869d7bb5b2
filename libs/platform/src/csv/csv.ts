/**
 * CSV as RFC 4180 has it: a field holding a comma, quote, CR or LF is quoted and its quotes doubled;
 * lines end with CRLF. A field starting with = + - @ is prefixed with ' so that a spreadsheet opening
 * the report does not run it as a formula (names come from user input).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
