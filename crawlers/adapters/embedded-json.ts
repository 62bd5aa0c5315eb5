/**
 * Finding the JSON that JS-rendered review sites embed in their HTML:
 * `<script type="application/json">` (Next.js `__NEXT_DATA__`, Yelp's
 * hypernova/apollo blobs, which wrap the JSON in `<!--…-->`), JSON-LD, and
 * `data-hypernova-props` attributes. Parsing is forgiving: a blob that does not
 * parse is skipped, never fatal, because pages carry many unrelated scripts.
 */
import * as cheerio from 'cheerio';
import { decodeHTML } from 'entities';

export interface JsonBlob {
  /** Where it came from: the script id, hypernova key, or "ld+json" / "attribute". */
  origin: string;
  value: unknown;
}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON that may be wrapped in an HTML comment or HTML-escaped (as in attributes). */
export function parseLooseJson(raw: string): unknown {
  const text = raw.trim().replace(/^<!--/, '').replace(/-->$/, '').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(decodeHTML(text));
    } catch {
      return undefined;
    }
  }
}

export function jsonBlobs(html: string): JsonBlob[] {
  const $ = cheerio.load(html);
  const out: JsonBlob[] = [];
  $('script').each((_, el) => {
    const node = $(el);
    const type = (node.attr('type') ?? '').toLowerCase();
    const id = node.attr('id') ?? '';
    if (!type.includes('json') && id !== '__NEXT_DATA__') return;
    const value = parseLooseJson(node.html() ?? '');
    if (value === undefined) return;
    const origin = type.includes('ld+json') ? 'ld+json' : id || node.attr('data-hypernova-key') || type;
    out.push({ origin, value });
  });
  $('[data-hypernova-props], [data-props]').each((_, el) => {
    const node = $(el);
    const value = parseLooseJson(node.attr('data-hypernova-props') ?? node.attr('data-props') ?? '');
    if (value !== undefined) out.push({ origin: 'attribute', value });
  });
  return out;
}

/** The parsed `__NEXT_DATA__` of a Next.js page, or undefined. */
export function nextData(html: string): unknown {
  const m = /<script[^>]*\bid=["']__NEXT_DATA__["'][^>]*>([\s\S]*?)<\/script>/i.exec(html);
  return m ? parseLooseJson(m[1] ?? '') : undefined;
}

/**
 * Depth-first walk over objects and arrays. `visit` returns true to claim an
 * object (its children are skipped). Bounded depth guards against hostile input.
 */
export function walkObjects(root: unknown, visit: (obj: JsonObject) => boolean, maxDepth = 40): void {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > maxDepth || typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], depth: depth + 1 });
      continue;
    }
    if (visit(node as JsonObject)) continue;
    const values = Object.values(node);
    for (let i = values.length - 1; i >= 0; i--) stack.push({ node: values[i], depth: depth + 1 });
  }
}

/** The first object (depth-first) for which `test` holds. */
export function findObject(root: unknown, test: (obj: JsonObject) => boolean): JsonObject | null {
  let found: JsonObject | null = null;
  walkObjects(root, (obj) => {
    if (found) return true;
    if (test(obj)) {
      found = obj;
      return true;
    }
    return false;
  });
  return found;
}

/** `get(obj, 'a', 'b', 0)`: safe nested read through objects and arrays. */
export function get(root: unknown, ...path: (string | number)[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
    else node = isObject(node) ? node[key] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

export function asString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/**
 * Text that went through HTML escaping once or twice (Yelp's blobs hold
 * `I&amp;#39;m` and `<br&gt;`): decode until stable, turn line breaks into
 * newlines, drop remaining tags.
 */
export function htmlToText(raw: string): string {
  let text = raw;
  for (let i = 0; i < 3; i++) {
    const next = decodeHTML(text);
    if (next === text) break;
    text = next;
  }
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
