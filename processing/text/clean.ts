/**
 * Review text as a person would read it: markup, entities, mojibake and odd
 * whitespace removed, emoji and line breaks kept. Scoring and storage both start
 * from this form; nothing here is lossy beyond presentation.
 */
import { decodeHTML } from 'entities';
import { repairMojibake } from './mojibake';

/** Tags whose contents are never review text. */
const INVISIBLE_BLOCK_RE = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;
/** Tags that separate lines of text when rendered; they become a newline. */
const BREAK_TAG_RE = /<\/?(?:br|p|div|li|ul|ol|tr|h[1-6]|blockquote|section|article|header|footer|table)\b[^<>]*>/gi;
/**
 * Only known HTML tag names are stripped, so "I <3 this" or "price < $20 > expected"
 * survive as text.
 */
const INLINE_TAG_RE =
  /<\/?(?:a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr|td|th|tbody|thead|dl|dt|dd|hr|meta|link|button|svg|path|figure|figcaption|picture|source|input|label|form|nav|main|aside)\b[^<>]*>/gi;
/** Bulletin-board markup some review widgets keep ("[b]great[/b]"). */
const BBCODE_RE = /\[\/?(?:b|i|u|s|quote|url|img|size|color|center)(?:=[^\]]*)?\]/gi;
/** An entity that survived one decode: the source was encoded twice ("&amp;#39;"). */
const ENTITY_LEFT_RE = /&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});/i;
/** "Read more" links captured with the text by list-page scrapers. */
const READ_MORE_RE = /\s*(?:…|\.\.\.)?\s*(?:read|show|see) (?:more|less)$/i;
const MORE_TAIL_RE = /(?:more|less)$/i;

/** Invisible characters that only get in the way (zero-width space, BOM, word joiner, soft hyphen). ZWJ stays: emoji need it. */
const INVISIBLE_RE = /[\u200B\uFEFF\u2060\u00AD]/g;
/** Control characters other than tab and newline. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const ODD_SPACE_RE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;
const LINE_SEP_RE = /\r\n?|[\u2028\u2029\u0085]/g;

function stripMarkup(text: string): string {
  if (!text.includes('<')) return text;
  return text
    .replace(INVISIBLE_BLOCK_RE, ' ')
    .replace(COMMENT_RE, ' ')
    .replace(BREAK_TAG_RE, '\n')
    .replace(INLINE_TAG_RE, '');
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = decodeHTML(text);
  if (ENTITY_LEFT_RE.test(out)) out = decodeHTML(out);
  return out;
}

/**
 * Decodes HTML entities, strips tags and BB-code, repairs mojibake, applies NFC
 * and tidies whitespace (single spaces, at most one blank line). Returns null
 * for null or for text that is empty once cleaned. Long text is kept whole:
 * use `truncateForScoring` where a bounded size matters.
 */
export function cleanReviewText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = stripMarkup(raw);
  const decoded = decodeEntities(text);
  // Markup that was itself entity-encoded ("&lt;br&gt;") only shows up after decoding.
  text = decoded === text ? decoded : stripMarkup(decoded);
  if (text.includes('[')) text = text.replace(BBCODE_RE, '');
  text = repairMojibake(text)
    // CONTROL_RE covers U+0085, so line separators are unified first.
    .replace(LINE_SEP_RE, '\n')
    .replace(INVISIBLE_RE, '')
    .replace(CONTROL_RE, '')
    .normalize('NFC')
    .replace(ODD_SPACE_RE, ' ')
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // Only the tail can hold the link text; testing it alone keeps the anchored regex from rescanning the whole review.
  if (MORE_TAIL_RE.test(text.slice(-6))) text = text.replace(READ_MORE_RE, '').trimEnd();
  return text === '' ? null : text;
}

export interface TruncatedText {
  text: string;
  /** True when `text` is shorter than the input. */
  truncated: boolean;
  /** Length of the input in UTF-16 code units. */
  originalLength: number;
}

/** Scoring looks at this much text; a review is rarely over 2,000 characters. */
export const DEFAULT_SCORING_CHARS = 5000;

/**
 * Bounds the text the scorers see (a 1 MB "review" is a crawler bug, not an
 * opinion worth 200 µs). The full text is stored elsewhere unchanged; this only
 * cuts, at the last sentence end (or else word break) before `maxChars`, and says so.
 */
export function truncateForScoring(text: string, maxChars: number = DEFAULT_SCORING_CHARS): TruncatedText {
  const originalLength = text.length;
  if (originalLength <= maxChars) return { text, truncated: false, originalLength };
  const head = text.slice(0, maxChars);
  let cut = -1;
  for (let i = head.length - 1; i >= maxChars * 0.5; i--) {
    const ch = head[i];
    if ((ch === '.' || ch === '!' || ch === '?' || ch === '\n') && (i + 1 >= head.length || /\s/.test(head[i + 1]!))) {
      cut = i + 1;
      break;
    }
  }
  if (cut < 0) cut = head.lastIndexOf(' ') > maxChars * 0.5 ? head.lastIndexOf(' ') : maxChars;
  // Never split a surrogate pair (an emoji) in half.
  const last = head.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return { text: head.slice(0, cut).trimEnd(), truncated: true, originalLength };
}
