/**
 * Sentence splitting and tokenising in one left-to-right scan, shared by the
 * sentiment scorer and the theme detector so a theme mention and a sentiment
 * word index the same token array. Hand-written over char codes because the
 * regex equivalent (Unicode classes, lookbehind) cost several times more and
 * scoring budgets are in microseconds; regexes only run for non-ASCII characters.
 */

export type TokenKind = 'word' | 'emoji' | 'punct';

export interface Token {
  /** Lowercased, curly apostrophes straightened; emoji without variation selectors or skin tones. */
  norm: string;
  kind: TokenKind;
  /** Written in capitals ("NEVER", "AMAZING"): two or more characters, no lowercase letter. */
  caps: boolean;
}

export interface Segment {
  /** The sentence as written (trimmed). */
  text: string;
  tokens: Token[];
}

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'etc', 'approx', 'apt', 'ave', 'blvd', 'dept', 'mt', 'ft', 'inc',
  'ltd', 'corp', 'prof', 'rd',
]);

const WORDISH_RE = /[\p{L}\p{N}\p{M}]/u;
const LOWER_RE = /\p{Ll}/u;
const UPPER_RE = /\p{Lu}/u;
const PICTOGRAPHIC_RE = /\p{Extended_Pictographic}/u;
const EMOTICON_RE = /[:;=][-'^o]?[()[\]dDpPoO3/\\|*]+(?![\p{L}\p{N}])/uy;
const EMOJI_EXTRA_RE = /\uFE0F|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu;

/** Punctuation tokens are shared, immutable objects: no allocation per comma. */
const punct = (norm: string): Token => Object.freeze({ norm, kind: 'punct' as const, caps: false });
const EXCLAMATION = punct('!');
const QUESTION = punct('?');
const PUNCT_TOKENS = new Map<number, Token>([
  [44, punct(',')], [59, punct(';')], [58, punct(':')], [36, punct('$')], [0x20ac, punct('€')], [0xa3, punct('£')],
]);
const punctToken = (c: number): Token | undefined => PUNCT_TOKENS.get(c);

/** . ! ? … and their CJK full-width forms. */
function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x2026 || c === 0x3002 || c === 0xff01 || c === 0xff1f;
}

/** Closing quotes and brackets that may follow a sentence end. */
function isCloser(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93;
}

function isWordChar(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c < 0xc0 || (c >= 0xd800 && c <= 0xdfff)) return false;
  return WORDISH_RE.test(text[i]!);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000;
}

/** Length of the emoji starting at i (0 when there is none), with modifiers and ZWJ parts. */
function emojiLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const len = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  if (!PICTOGRAPHIC_RE.test(text.slice(i, i + len))) return 0;
  let j = i + len;
  for (;;) {
    const d = text.charCodeAt(j);
    if (d === 0xfe0f) j++;
    else if (d === 0xd83c && text.charCodeAt(j + 1) >= 0xdffb && text.charCodeAt(j + 1) <= 0xdfff) j += 2;
    else if (d === 0x200d) {
      const k = j + 1;
      const n = text.charCodeAt(k) >= 0xd800 && text.charCodeAt(k) <= 0xdbff ? 2 : 1;
      if (!PICTOGRAPHIC_RE.test(text.slice(k, k + n))) break;
      j = k + n;
    } else break;
  }
  return j - i;
}

/** End of a URL: the next whitespace, minus trailing punctuation that belongs to the sentence ("see x.org, then"). */
function skipUrl(text: string, i: number): number {
  const start = i;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  while (i > start && ',.!?;:)'.includes(text[i - 1]!)) i--;
  return i;
}

/**
 * Scans text into sentences of tokens. With `split` false everything is one segment.
 * Sentence ends: a run of . ! ? … followed by whitespace (or the end), and every
 * line break. Not ends: "4.5", "Mr. Lee", "e.g.", an initial ("J. Smith"), a full
 * stop before a lowercase word. A fragment with no word or emoji ("!!!") joins the
 * sentence before it.
 */
export function segment(text: string, split = true): Segment[] {
  const st: ScanState = { text, out: [], tokens: [], sentStart: 0, hasContent: false };
  const n = text.length;
  let tokens = st.tokens;
  let prevWord = '';
  let prevWordRaw = '';
  let prevWordStart = -1;
  let i = 0;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      i++; // the commonest character first
    } else if (c === 10) {
      if (split) tokens = closeSegment(st, i);
      i++;
    } else if (isWordChar(text, i)) {
      const start = i;
      let j = i + 1;
      for (;;) {
        while (j < n && isWordChar(text, j)) j++;
        const a = text.charCodeAt(j);
        if ((a === 39 || a === 0x2019) && j + 1 < n && isWordChar(text, j + 1)) j += 2;
        else break;
      }
      const raw = text.slice(start, j);
      const lower = raw.toLowerCase();
      if (((lower === 'http' || lower === 'https') && text.startsWith('://', j)) || (lower === 'www' && text[j] === '.')) {
        i = skipUrl(text, j);
        continue;
      }
      const norm = lower.includes('’') ? lower.replace(/’/g, "'") : lower;
      const caps = raw.length >= 2 && raw !== lower && (c < 0x80 ? raw.toUpperCase() === raw : !LOWER_RE.test(raw) && UPPER_RE.test(raw));
      tokens.push({ norm, kind: 'word', caps });
      st.hasContent = true;
      prevWord = norm;
      prevWordRaw = raw;
      prevWordStart = start;
      i = j;
    } else if (isSentenceEnd(c)) {
      let j = i;
      let dotsOnly = true;
      for (let p = c; j < n && isSentenceEnd(p); p = text.charCodeAt(++j)) {
        if (p === 33 || p === 0xff01) tokens.push(EXCLAMATION);
        else if (p === 63 || p === 0xff1f) tokens.push(QUESTION);
        if (p !== 46) dotsOnly = false;
      }
      const runLength = j - i;
      while (j < n && isCloser(text.charCodeAt(j))) j++;
      i = j;
      if (!split || (j < n && !isSpace(text.charCodeAt(j)))) continue;
      if (dotsOnly && runLength === 1 && isAbbreviation(text, j, prevWord, prevWordRaw, prevWordStart)) continue;
      tokens = closeSegment(st, j);
    } else if (c === 58 || c === 59 || c === 61 || c === 60 || c === 40) {
      // : ; = < ( may open an emoticon (":)", ";-(", "<3", "(:"), but not after a digit ("12:30").
      const before = text.charCodeAt(i - 1);
      const glued = before >= 48 && before <= 57;
      EMOTICON_RE.lastIndex = i;
      const m = glued ? null : c === 60 || c === 40 ? null : EMOTICON_RE.exec(text);
      if (m) {
        tokens.push({ norm: m[0].toLowerCase(), kind: 'emoji', caps: false });
        st.hasContent = true;
        i += m[0].length;
      } else if (!glued && c === 60 && text[i + 1] === '3' && !isWordChar(text, i + 2)) {
        tokens.push({ norm: '<3', kind: 'emoji', caps: false });
        st.hasContent = true;
        i += 2;
      } else if (!glued && c === 40 && text[i + 1] === ':' && !isWordChar(text, i + 2)) {
        tokens.push({ norm: '(:', kind: 'emoji', caps: false });
        st.hasContent = true;
        i += 2;
      } else {
        const t = punctToken(c);
        if (t !== undefined) tokens.push(t);
        i++;
      }
    } else if (c === 44 || c === 36 || c === 0xa3 || c === 0x20ac) {
      tokens.push(punctToken(c)!);
      i++;
    } else if (c >= 0x2000) {
      const len = emojiLength(text, i);
      if (len > 0) {
        const raw = text.slice(i, i + len);
        const base = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        tokens.push({ norm: len > base ? raw.replace(EMOJI_EXTRA_RE, '') : raw, kind: 'emoji', caps: false });
        st.hasContent = true;
        i += len;
      } else i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    } else i++;
  }
  closeSegment(st, n);
  return st.out;
}

interface ScanState {
  text: string;
  out: Segment[];
  tokens: Token[];
  sentStart: number;
  hasContent: boolean;
}

/** Ends the current sentence at `end`; returns the fresh token array for the next one. */
function closeSegment(st: ScanState, end: number): Token[] {
  const piece = st.text.slice(st.sentStart, end).trim();
  st.sentStart = end;
  if (piece === '' && st.tokens.length === 0) return st.tokens;
  const last = st.out[st.out.length - 1];
  if (!st.hasContent && last !== undefined) {
    last.text += piece;
    for (const t of st.tokens) last.tokens.push(t);
  } else st.out.push({ text: piece, tokens: st.tokens });
  st.tokens = [];
  st.hasContent = false;
  return st.tokens;
}

/** Whether the single full stop that ends at `after` belongs to an abbreviation rather than ending a sentence. */
function isAbbreviation(text: string, after: number, word: string, raw: string, wordStart: number): boolean {
  // The stop must directly follow the word ("Dr." not "Dr .").
  if (wordStart < 0 || wordStart + raw.length + 1 !== after) return false;
  if (ABBREVIATIONS.has(word)) return true;
  // "e.g." / "i.e.": a one-letter word right after another full stop.
  if (word.length === 1 && text[wordStart - 1] === '.') return true;
  // An initial ("J. Smith"), but "… and so did I." ends a sentence.
  if (raw.length === 1 && raw !== 'I' && UPPER_RE.test(raw)) return true;
  // "approx. ten": a lowercase word follows.
  let k = after;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  return k < text.length && LOWER_RE.test(text[k]!);
}

/** All tokens of the text, ignoring sentence boundaries. */
export function tokenize(text: string): Token[] {
  return segment(text, false)[0]?.tokens ?? [];
}

/** The sentences of the text, trimmed. */
export function splitSentences(text: string): string[] {
  return segment(text).map((s) => s.text);
}
