/**
 * Microdata (itemscope/itemtype/itemprop) and RDFa Lite (vocab/typeof/property)
 * read into the same object shape as JSON-LD, so one interpreter
 * (schema.ts) serves all three syntaxes.
 *
 * Both follow the same walk: an item owns the properties below it up to the
 * next nested item; a property on an element that is itself an item has that
 * item as its value.
 */
import type { AnyNode } from 'domhandler';
import { elementText, type Cheerio, type CheerioAPI } from './dom';
import { localName, type SchemaNode } from './jsonld';

interface Dialect {
  /** Does this element start an item? */
  isItem(el: Cheerio<AnyNode>): boolean;
  types(el: Cheerio<AnyNode>): string[];
  id(el: Cheerio<AnyNode>): string | undefined;
  props(el: Cheerio<AnyNode>): string[];
  /** Elements (by id) that also belong to the item, for microdata's itemref. */
  refs(el: Cheerio<AnyNode>): string[];
}

const words = (v: string | undefined): string[] => (v ?? '').split(/\s+/).filter(Boolean);

const MICRODATA: Dialect = {
  isItem: (el) => el.attr('itemscope') !== undefined,
  types: (el) => words(el.attr('itemtype')).map(localName),
  id: (el) => el.attr('itemid'),
  props: (el) => words(el.attr('itemprop')).map(localName),
  refs: (el) => words(el.attr('itemref')),
};

const RDFA: Dialect = {
  isItem: (el) => el.attr('typeof') !== undefined,
  types: (el) => words(el.attr('typeof')).map(localName),
  id: (el) => el.attr('resource') ?? el.attr('about'),
  props: (el) => words(el.attr('property')).map(localName),
  refs: () => [],
};

/** The value of a property element that is not itself an item (HTML microdata rules, plus `content` anywhere). */
function plainValue($: CheerioAPI, el: Cheerio<AnyNode>): string {
  const tag = (el.prop('tagName') ?? '').toString().toLowerCase();
  const content = el.attr('content');
  if (content !== undefined) return content;
  if (['audio', 'embed', 'iframe', 'img', 'source', 'track', 'video'].includes(tag)) return el.attr('src') ?? '';
  if (['a', 'area', 'link'].includes(tag)) return el.attr('href') ?? el.text();
  if (tag === 'object') return el.attr('data') ?? '';
  if (tag === 'data' || tag === 'meter') return el.attr('value') ?? el.text();
  if (tag === 'time') return el.attr('datetime') ?? el.text();
  // Line breaks (<br>, paragraphs) matter in review bodies.
  return elementText($, el, true) ?? '';
}

function addProp(item: SchemaNode, name: string, value: unknown): void {
  const existing = item[name];
  if (existing === undefined) item[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else item[name] = [existing, value];
}

function readItem($: CheerioAPI, root: Cheerio<AnyNode>, dialect: Dialect, depth: number): SchemaNode {
  const item: SchemaNode = {};
  const types = dialect.types(root);
  if (types.length > 0) item['@type'] = types.length === 1 ? types[0] : types;
  const id = dialect.id(root);
  if (id) item['@id'] = id;
  // Depth guard: malformed pages can nest items absurdly deep.
  if (depth > 12) return item;

  const visit = (el: Cheerio<AnyNode>): void => {
    const props = dialect.props(el);
    const nested = dialect.isItem(el);
    if (props.length > 0) {
      const value = nested ? readItem($, el, dialect, depth + 1) : plainValue($, el);
      for (const p of props) addProp(item, p, value);
    }
    if (!nested) el.children().each((_, child) => visit($(child)));
  };
  root.children().each((_, child) => visit($(child)));
  for (const ref of dialect.refs(root)) {
    const target = $(`[id="${ref.replace(/"/g, '')}"]`).first();
    if (target.length > 0) visit(target);
  }
  return item;
}

function readTopLevel($: CheerioAPI, dialect: Dialect, selector: string): SchemaNode[] {
  const out: SchemaNode[] = [];
  $(selector).each((_, raw) => {
    const el = $(raw);
    // An item that is a property of an enclosing item is read as part of that item.
    const enclosed = dialect.props(el).length > 0 && el.parents().toArray().some((p) => dialect.isItem($(p)));
    if (!enclosed) out.push(readItem($, el, dialect, 0));
  });
  return out;
}

/** Top-level microdata items of the page. */
export function readMicrodata($: CheerioAPI): SchemaNode[] {
  return readTopLevel($, MICRODATA, '[itemscope]');
}

/** Top-level RDFa (Lite) items of the page. */
export function readRdfa($: CheerioAPI): SchemaNode[] {
  return readTopLevel($, RDFA, '[typeof]');
}
