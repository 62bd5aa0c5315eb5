/**
 * Text clean-up shared by the adapters. Review text is user content: we only
 * normalise whitespace and invisible characters, never rewrite words, and we
 * keep emoji (including ZWJ sequences) because they carry sentiment.
 */
import { decodeHTML } from 'entities';

export interface CleanTextOptions {
  /**
   * Decode HTML entities. Needed for strings taken from JSON (JSON-LD on many
   * sites carries "&#039;" and "&amp;"); off for text cheerio already decoded,
   * so a literal "&amp;" typed by a reviewer survives.
   */
  decodeEntities?: boolean;
  /** Keep line breaks (at most one blank line in a row); otherwise everything becomes one line. */
  multiline?: boolean;
}

// Zero-width space, BOM, soft hyphen and C0/C1 controls other than \t \n \r.
// The zero-width joiner (U+200D) is deliberately absent: emoji sequences need it.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u200B\uFEFF\u00AD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Trimmed, whitespace-collapsed text, or null when nothing visible is left. */
export function cleanText(value: unknown, options: CleanTextOptions = {}): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let text = String(value);
  if (options.decodeEntities ?? false) text = decodeHTML(text);
  text = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '');
  if (options.multiline) {
    text = text
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n');
  } else {
    text = text.replace(/\s+/g, ' ');
  }
  text = text.trim();
  return text === '' ? null : text;
}

/** Strips a leading label such as "by " or "Reviewed in " (case-insensitive), if present. */
export function stripPrefix(text: string, prefix: RegExp): string {
  return text.replace(prefix, '').trim();
}

/** ISO 639-1 code from a language tag ("en-US" → "en", "nb_NO" → "nb"); null when it does not look like one. */
export function languageCode(tag: unknown): string | null {
  if (typeof tag !== 'string') return null;
  const match = /^([a-z]{2,3})(?:[-_][a-z0-9]+)*$/i.exec(tag.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}
