/**
 * Builds the scorer's lookup structures once, at module load: one Map for single
 * tokens and one PatternIndex for multi-word expressions. AFINN-165 (from the
 * `sentiment` package's data) is the base; our review vocabulary and rules win.
 */
import { createRequire } from 'node:module';
import { PatternIndex } from '../text/patterns';
import { NEGATED_VALUES, NEUTRALISED, WORD_VALUES } from './lexicon-words';
import {
  CONCESSIONS, CONTRASTS, EMOJI, MODIFIERS, NEGATORS, NOT_CONTRASTS, NOT_NEGATIONS, PHRASES, TOO,
} from './lexicon-rules';

export type LexEntry =
  | { kind: 'sentiment'; value: number; negated?: number }
  | { kind: 'negator' }
  | { kind: 'modifier'; factor: number; alone: number }
  | { kind: 'too' }
  | { kind: 'contrast' }
  | { kind: 'concession' }
  | { kind: 'skip' };

export interface SentimentLexicon {
  words: ReadonlyMap<string, LexEntry>;
  phrases: PatternIndex<LexEntry>;
  /** Memo of fallback lookups (words not in `words`), null for "no entry"; cleared when large. */
  derived: Map<string, LexEntry | null>;
}

/** AFINN-165 as shipped by `sentiment` (word → −5…+5). JSON, so loaded with require. */
function loadAfinn(): Record<string, number> {
  const require = createRequire(import.meta.url);
  return require('sentiment/languages/en/labels.json') as Record<string, number>;
}

/** AFINN multi-word entries that our own rules already cover differently. */
const AFINN_PHRASES_SKIPPED = new Set(['kind of', 'some kind', 'not good', 'not working', 'no fun', 'dont like']);

const isPhrase = (s: string): boolean => /[\s|_-]/.test(s);

export function buildSentimentLexicon(afinn: Record<string, number> = loadAfinn()): SentimentLexicon {
  const words = new Map<string, LexEntry>();
  const phrases = new PatternIndex<LexEntry>();

  // Lowest precedence first; later sets overwrite.
  for (const [word, value] of Object.entries(afinn)) {
    if (isPhrase(word)) {
      if (!AFINN_PHRASES_SKIPPED.has(word)) phrases.add(word, { kind: 'sentiment', value });
    } else words.set(word, { kind: 'sentiment', value });
  }
  for (const word of NEUTRALISED) words.set(word, { kind: 'sentiment', value: 0 });
  for (const [word, value] of Object.entries(WORD_VALUES)) words.set(word, { kind: 'sentiment', value });
  for (const [word, negated] of Object.entries(NEGATED_VALUES)) {
    const current = words.get(word);
    const value = current?.kind === 'sentiment' ? current.value : 0;
    words.set(word, { kind: 'sentiment', value, negated });
  }
  for (const [emoji, value] of Object.entries(EMOJI)) words.set(emoji, { kind: 'sentiment', value });

  const put = (pattern: string, entry: LexEntry): void => {
    if (isPhrase(pattern)) phrases.add(pattern, entry);
    else words.set(pattern, entry);
  };
  for (const [word, m] of Object.entries(MODIFIERS)) put(word, { kind: 'modifier', factor: m.factor, alone: m.alone ?? 0 });
  for (const word of TOO) put(word, { kind: 'too' });
  for (const word of CONTRASTS) put(word, { kind: 'contrast' });
  for (const word of CONCESSIONS) put(word, { kind: 'concession' });
  for (const word of NEGATORS) put(word, { kind: 'negator' });
  for (const pattern of [...NOT_NEGATIONS, ...NOT_CONTRASTS]) phrases.add(pattern, { kind: 'skip' });
  for (const [pattern, value, negated] of PHRASES) {
    phrases.add(pattern, value === 0 && negated === undefined ? { kind: 'skip' } : { kind: 'sentiment', value, negated });
  }
  return { words, phrases, derived: new Map() };
}

/** The default lexicon, compiled once per process. */
export const defaultSentimentLexicon: SentimentLexicon = buildSentimentLexicon();

const NEGATOR: LexEntry = { kind: 'negator' };

/** "soooo": the same character three times in a row (a plain loop; the regex showed up in profiles). */
function hasTripleLetter(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2) && c > 57) return true;
  }
  return false;
}

/**
 * Looks a single token up, with fallbacks for the forms a lexicon never lists:
 * any "…n't" contraction negates; elongations ("soooo goooood") collapse; adverbs
 * and plurals fall back to their base word ("horribly" → horrible, "rude" from "rudes").
 */
export function lookupWord(lex: SentimentLexicon, word: string): LexEntry | undefined {
  const direct = lex.words.get(word);
  if (direct !== undefined) return direct;
  const memo = lex.derived.get(word);
  if (memo !== undefined) return memo ?? undefined;
  const found = lookupFallback(lex, word);
  // Bounded: review vocabulary is small, but a flood of unique tokens must not grow memory.
  if (lex.derived.size >= DERIVED_MEMO_LIMIT) lex.derived.clear();
  lex.derived.set(word, found ?? null);
  return found;
}

const DERIVED_MEMO_LIMIT = 50_000;

function lookupFallback(lex: SentimentLexicon, word: string): LexEntry | undefined {
  const len = word.length;
  if (len > 3 && word.endsWith("n't")) return NEGATOR;
  if (len > 3 && hasTripleLetter(word)) {
    const two = word.replace(/(\p{L})\1+/gu, '$1$1');
    const one = word.replace(/(\p{L})\1+/gu, '$1');
    return lex.words.get(two) ?? lex.words.get(one) ?? lookupDerived(lex, two) ?? lookupDerived(lex, one);
  }
  return lookupDerived(lex, word);
}

function sentimentOnly(entry: LexEntry | undefined): LexEntry | undefined {
  return entry?.kind === 'sentiment' && entry.value !== 0 ? entry : undefined;
}

function lookupDerived(lex: SentimentLexicon, word: string): LexEntry | undefined {
  const len = word.length;
  if (len < 5) return undefined;
  const w = lex.words;
  if (word.endsWith('ly')) {
    return (
      sentimentOnly(w.get(word.slice(0, -2))) ??
      (word.endsWith('ily') ? sentimentOnly(w.get(word.slice(0, -3) + 'y')) : undefined) ??
      (word.endsWith('bly') ? sentimentOnly(w.get(word.slice(0, -1) + 'e')) : undefined)
    );
  }
  if (word.endsWith('s') && !word.endsWith('ss')) return sentimentOnly(w.get(word.slice(0, -1)));
  return undefined;
}
