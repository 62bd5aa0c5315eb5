/**
 * JSON-LD blocks of a page, as plain schema.org-shaped objects.
 *
 * Pages often carry several blocks, some of them broken (a CMS that leaves a
 * trailing comma, raw newlines inside strings, an HTML comment wrapper). A
 * broken block is repaired when the fix is unambiguous, otherwise skipped with
 * a warning: one bad block must not hide the good ones.
 */
import { decodeHTML } from 'entities';
import type { CheerioAPI } from './dom';

/** A schema.org object from JSON-LD, microdata or RDFa (microdata/RDFa are mapped to the same shape). */
export type SchemaNode = Record<string, unknown>;

export interface JsonLdResult {
  /** Top-level nodes, with arrays and `@graph` flattened, in page order. */
  nodes: SchemaNode[];
  warnings: string[];
  /** How many blocks the page had (parsed or not). */
  blocks: number;
}

export function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one block's text, trying the safe repairs in turn. Throws the first
 * parse error if none helps; `repaired` says whether a repair was needed.
 */
export function parseJsonLdText(raw: string): { value: unknown; repaired: boolean } {
  const text = raw
    .trim()
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|\/\*\s*<!\[CDATA\[\s*\*\/)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\/\*\s*\]\]>\s*\*\/)$/, '')
    .trim();
  let firstError: unknown;
  const attempts: (() => string)[] = [
    () => text,
    // Raw control characters are invalid inside JSON strings and harmless as spaces outside them.
    // eslint-disable-next-line no-control-regex
    () => text.replace(/[\u0000-\u001F]+/g, ' ').replace(/,(\s*[}\]])/g, '$1'),
    // Some templates HTML-escape the whole block.
    () => decodeHTML(text).replace(/,(\s*[}\]])/g, '$1'),
  ];
  for (const [i, attempt] of attempts.entries()) {
    try {
      return { value: JSON.parse(attempt()), repaired: i > 0 };
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

function flatten(value: unknown, out: SchemaNode[]): void {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, out);
    return;
  }
  if (!isNode(value)) return;
  const graph = value['@graph'];
  if (graph !== undefined) {
    flatten(graph, out);
    // A block may carry both @graph and its own properties; keep them unless it is only a wrapper.
    const own = Object.keys(value).filter((k) => k !== '@graph' && k !== '@context');
    if (own.length > 0) out.push(value);
    return;
  }
  out.push(value);
}

/** Every `<script type="application/ld+json">` block of the page. */
export function readJsonLd($: CheerioAPI): JsonLdResult {
  const nodes: SchemaNode[] = [];
  const warnings: string[] = [];
  const scripts = $('script').filter((_, el) => ($(el).attr('type') ?? '').toLowerCase().includes('ld+json'));
  scripts.each((i, el) => {
    const raw = $(el).html() ?? '';
    if (raw.trim() === '') return;
    try {
      const parsed = parseJsonLdText(raw);
      if (parsed.repaired) warnings.push(`JSON-LD block ${i + 1} was malformed (e.g. a trailing comma) and was read after repair`);
      flatten(parsed.value, nodes);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      warnings.push(`JSON-LD block ${i + 1} is not valid JSON and was skipped (${reason.slice(0, 120)})`);
    }
  });
  return { nodes, warnings, blocks: scripts.length };
}

/** "http://schema.org/Review", "schema:Review", "Review" → "Review". */
export function localName(type: string): string {
  const trimmed = type.trim();
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#'), trimmed.lastIndexOf(':'));
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}

/** The local type names of a node (`@type` may be a string or an array). */
export function typesOf(node: SchemaNode): string[] {
  const t = node['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map(localName);
}

export function hasType(node: SchemaNode, ...names: string[]): boolean {
  return typesOf(node).some((t) => names.includes(t));
}
