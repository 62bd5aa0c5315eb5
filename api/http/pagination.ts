import { AppError } from '../../core/errors';

/**
 * Cursor pagination. A cursor is the sort key of the last row returned,
 * base64url-encoded JSON: opaque to callers, cheap to check, and stable under
 * inserts (keyset, not offset). A cursor that does not decode to the shape the
 * endpoint expects is a 400 naming `query.cursor`.
 */
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

export type CursorValue = string | number | boolean | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify({ v: 1, k: values }), 'utf8').toString('base64url');
}

const badCursor = () =>
  new AppError('VALIDATION_FAILED', 'Invalid query parameter "cursor": pass back the next_cursor of a previous page unchanged.', {
    param: 'query.cursor',
  });

/** Decodes a cursor whose key has `types.length` parts of the given types ('string' | 'number' | 'string?' ...). */
export function decodeCursor(cursor: string | undefined, types: readonly string[]): CursorValue[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const k = (parsed as { k?: unknown })?.k;
  if (!Array.isArray(k) || k.length !== types.length) throw badCursor();
  k.forEach((value, i) => {
    const type = types[i]!;
    const nullable = type.endsWith('?');
    if (value === null && nullable) return;
    const base = nullable ? type.slice(0, -1) : type;
    if (typeof value !== base || (base === 'number' && !Number.isFinite(value))) throw badCursor();
  });
  return k as CursorValue[];
}

/** Splits a limit+1 fetch into the page and the cursor of its last row (null when there is no more). */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => CursorValue[]): { items: T[]; next_cursor: string | null } {
  if (rows.length <= limit) return { items: rows, next_cursor: null };
  const items = rows.slice(0, limit);
  return { items, next_cursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}
