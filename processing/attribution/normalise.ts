/**
 * Name normalisation and the single-pass tokenizer. Names and review words go
 * through the same folding so that "José", "JOSE" and "jose" meet in one Map key.
 */

const ASCII_LOWER_WORD = /^[a-z]+$/;
const MARKS = /\p{M}/gu;
// Apostrophes, quotes and joiners vanish inside a token: O'Brien → obrien, Mary-Jane → maryjane.
const JOINERS = /['’‘`´ʼ\-‐.]/g;

const POSSESSIVE = /['’ʼ]s$/;

/** Fold one word: lowercase, accents removed, possessive "'s" and apostrophes/hyphens dropped. */
export function foldToken(raw: string): string {
  const lower = raw.toLowerCase().replace(POSSESSIVE, '');
  // Most review words are plain ASCII; skipping Unicode normalisation for them is the main saving.
  if (ASCII_LOWER_WORD.test(lower)) return lower;
  return lower.normalize('NFKD').replace(MARKS, '').replace(JOINERS, '');
}

const NAME_WORD = /[\p{L}\p{M}]+(?:['’‘`ʼ\-‐][\p{L}\p{M}]+)*/gu;

/**
 * Normalised form of a name or matched phrase: folded words joined by single
 * spaces, quotes and punctuation gone. 'Adrian "AyyDee" Cortes' → 'adrian ayydee cortes'.
 * This is also the key remembered rules are stored under.
 */
export function normaliseName(s: string): string {
  const out: string[] = [];
  for (const m of s.matchAll(NAME_WORD)) {
    const t = foldToken(m[0]);
    if (t) out.push(t);
  }
  return out.join(' ');
}

export interface Token {
  /** Folded form, the Map key. */
  norm: string;
  /** As written. */
  raw: string;
  start: number;
  end: number;
  /** First letter is uppercase. */
  cap: boolean;
  /** First word of the text or of a sentence (after . ! ? or a line break). */
  sentenceStart: boolean;
  /** Immediately followed by "." (for initials: "Mike R."). */
  dotAfter: boolean;
}

export interface Tokenized {
  tokens: Token[];
  /**
   * Whether capitalisation means anything in this text: false for ALL CAPS or
   * all-lowercase writing (where "i" and sentence starts are not capitalised either).
   */
  casingInformative: boolean;
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** One regex pass over the text; sentence starts are read from the gaps between words. */
export function tokenize(text: string): Tokenized {
  const tokens: Token[] = [];
  let prevEnd = 0;
  let capitalisedNonI = 0;
  let lowercaseWords = 0;
  let allCapsWords = 0;
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(text); m !== null; m = NAME_WORD.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    let sentenceStart = tokens.length === 0;
    for (let i = prevEnd; i < start && !sentenceStart; i++) {
      const c = text.charCodeAt(i);
      // . ! ? \n
      if (c === 46 || c === 33 || c === 63 || c === 10) sentenceStart = true;
    }
    const first = raw[0] ?? '';
    const cap = isUpper(first);
    if (cap) {
      if (raw.length > 1 && raw === raw.toUpperCase()) allCapsWords++;
      else if (raw !== 'I') capitalisedNonI++;
    } else lowercaseWords++;
    tokens.push({ norm: foldToken(raw), raw, start, end, cap, sentenceStart, dotAfter: text.charCodeAt(end) === 46 });
    prevEnd = end;
  }
  const casingInformative = capitalisedNonI > 0 && lowercaseWords > 0 && allCapsWords < lowercaseWords;
  return { tokens, casingInformative };
}
