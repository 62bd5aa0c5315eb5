/**
 * Small cheerio helpers the HTML adapters share: visible text with line
 * breaks kept, absolute URLs, and the generic "next page" link.
 */
import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { cleanText } from './text';

export type { Cheerio, CheerioAPI };
export type Node = AnyNode;

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'ul', 'ol', 'blockquote', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr']);

/** Parses a page; cheerio (htmlparser2) never throws on truncated or malformed markup. */
export function loadHtml(body: string): CheerioAPI {
  return cheerio.load(body);
}

/**
 * Visible text of an element. With `multiline`, <br> and block boundaries
 * become line breaks, so paragraphs of a review survive; otherwise one line.
 */
export function elementText($: CheerioAPI, el: Cheerio<AnyNode>, multiline = false): string | null {
  if (el.length === 0) return null;
  if (!multiline) return cleanText(el.first().text());
  const parts: string[] = [];
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') parts.push((node as unknown as { data: string }).data);
    else if (node.type === 'tag' || node.type === 'root') {
      const name = (node as unknown as { name?: string }).name?.toLowerCase() ?? '';
      if (name === 'script' || name === 'style') return;
      if (name === 'br') {
        parts.push('\n');
        return;
      }
      const block = BLOCK_TAGS.has(name);
      if (block) parts.push('\n');
      $(node)
        .contents()
        .each((_, child) => walk(child));
      if (block) parts.push('\n');
    }
  };
  el.first()
    .contents()
    .each((_, child) => walk(child));
  return cleanText(parts.join(''), { multiline: true });
}

/** Absolute http(s) URL for an href, or null for empty, fragment-only, javascript: and mailto: links. */
export function absoluteUrl(href: string | null | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value || value.startsWith('#') || /^(javascript|mailto|tel):/i.test(value)) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The page's own "next page" link: <link rel="next">, then <a rel="next"> (rel may
 * hold several tokens, e.g. "next page_num_2"). The fragment is dropped: it only
 * scrolls the page and would make the same page look new to the crawler.
 */
export function relNextUrl($: CheerioAPI, base: string): string | null {
  const candidates = [$('link[rel~="next"]').first().attr('href'), $('a[rel~="next"]').first().attr('href')];
  for (const href of candidates) {
    const url = absoluteUrl(href, base);
    if (url) return withoutHash(url);
  }
  return null;
}

export function withoutHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.toString();
}
