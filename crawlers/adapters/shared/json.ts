/**
 * Reading embedded JSON (Next.js `__NEXT_DATA__` and similar) without trusting
 * its shape: sites change these blobs without notice, so every access is
 * checked and a missing branch is `undefined`, never an exception.
 */
import type { CheerioAPI } from './dom';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows object keys and array indexes; undefined as soon as one step is missing. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface ScriptJson {
  /** The parsed value; undefined when the script is absent or broken. */
  value: unknown;
  /** Set when the script exists but does not parse (e.g. a truncated page). */
  error: string | null;
}

/** Parses the JSON inside the first element matching `selector` (e.g. `script#__NEXT_DATA__`). */
export function readScriptJson($: CheerioAPI, selector: string): ScriptJson {
  const el = $(selector).first();
  if (el.length === 0) return { value: undefined, error: null };
  const raw = (el.html() ?? '').trim();
  if (raw === '') return { value: undefined, error: `${selector} is empty` };
  try {
    return { value: JSON.parse(raw), error: null };
  } catch (err) {
    return { value: undefined, error: `${selector} is not valid JSON (${err instanceof Error ? err.message.slice(0, 100) : 'parse error'})` };
  }
}
