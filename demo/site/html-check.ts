import { parse } from 'parse5';

/**
 * A strict-enough HTML check for the demo's own pages (used by tests). parse5
 * reports tokenizer errors only, so tag nesting is checked here as well:
 * every non-void element closed in order, no block element inside <p>,
 * unique ids, a doctype. Real review sites fail this; the demo must not.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCK_IN_P = new Set(['div', 'p', 'ul', 'ol', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'form', 'header', 'footer', 'main', 'nav', 'article', 'section']);
const RAW_TEXT = new Set(['script', 'style']);

export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  parse(html, { onParseError: (e) => problems.push(`${e.code} at line ${e.startLine}`) });
  if (!/^<!DOCTYPE html>/i.test(html)) problems.push('no doctype');

  const stack: string[] = [];
  const ids = new Set<string>();
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    const [, closing, rawName, attrs] = m;
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) {
        problems.push(`</${name}> closes <${open ?? 'nothing'}> at offset ${m.index}`);
        break;
      }
      continue;
    }
    const id = /\sid="([^"]*)"/.exec(attrs ?? '')?.[1];
    if (id !== undefined) {
      if (ids.has(id)) problems.push(`duplicate id "${id}"`);
      ids.add(id);
    }
    if (BLOCK_IN_P.has(name) && stack.includes('p')) problems.push(`<${name}> inside <p> at offset ${m.index}`);
    if (VOID.has(name)) continue;
    if (RAW_TEXT.has(name)) {
      // Skip to the end tag: script and style bodies are not markup.
      const end = html.toLowerCase().indexOf(`</${name}>`, tag.lastIndex);
      if (end < 0) {
        problems.push(`<${name}> never closed`);
        break;
      }
      tag.lastIndex = end + name.length + 3;
      continue;
    }
    stack.push(name);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}
