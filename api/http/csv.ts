import type { Context } from 'hono';

/**
 * CSV output (RFC 4180): fields with a comma, quote or line break are quoted
 * and quotes doubled. Text that a spreadsheet would run as a formula (starting
 * with = + - @ or a tab/CR) gets a leading apostrophe, since review text is
 * written by strangers. Numbers are written as numbers.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Nested values (rare in flat exports) go out as JSON rather than "[object Object]".
  let text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [columns.map((c) => cell(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell((row as Record<string, unknown>)[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A CSV download; the next page's cursor, when there is one, travels in X-Next-Cursor. */
export function csvResponse(
  c: Context,
  filename: string,
  columns: readonly string[],
  rows: readonly object[],
  nextCursor?: string | null,
): Response {
  const safeName = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  const headers: Record<string, string> = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${safeName}"`,
  };
  if (nextCursor) headers['X-Next-Cursor'] = nextCursor;
  return c.body(toCsv(columns, rows), 200, headers);
}
