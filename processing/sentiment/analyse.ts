/**
 * The rule engine: turns one sentence into weighted sentiment hits. Kept apart
 * from the public API so the theme detector can reuse the hits (and their
 * token positions) without scoring the text twice.
 */
import { segment, tokenize, type Segment, type Token } from '../text/tokenize';
import { defaultSentimentLexicon, type SentimentLexicon } from './lexicon';
import { RULES } from './rules';
import { SentenceScorer } from './sentence-scorer';

export { RULES } from './rules';

export interface Hit {
  /** Index of the first token of the word or phrase. */
  pos: number;
  /** Value after negation, degree, capitals and clause weight. */
  value: number;
  /** The same before clause weighting (what theme polarity uses: clauses are handled by distance there). */
  base: number;
  clause: number;
}

export interface SentenceAnalysis {
  text: string;
  tokens: Token[];
  hits: Hit[];
  /** Clause index of every token (clauses split at contrasts, concessions and semicolons). */
  clauseOf: number[];
  /** Unweighted sum of hit values per clause, for mixed-opinion detection. */
  clauseSums: number[];
  /** Sentence score before normalisation: weighted hits plus exclamation emphasis. */
  raw: number;
  /** Opens with "But"/"However": shifts weight from the previous sentence. */
  leadingContrast: boolean;
}

export function normalise(raw: number, alpha: number = RULES.alpha): number {
  return raw === 0 ? 0 : raw / Math.sqrt(raw * raw + alpha);
}

/** Share of words in capitals from which capitals stop meaning emphasis. */
const SHOUTING_SHARE = 0.6;

/** Most words in capitals: the writer has caps lock on, capitals carry no emphasis. */
export function isShouting(tokens: readonly Token[]): boolean {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (t.kind !== 'word' || t.norm.length < 2) continue;
    words++;
    if (t.caps) caps++;
  }
  return words > 0 && caps / words >= SHOUTING_SHARE;
}

export function analyseSentence(
  text: string,
  lex: SentimentLexicon = defaultSentimentLexicon,
  tokens: Token[] = tokenize(text),
  capsEmphasis: boolean = !isShouting(tokens),
): SentenceAnalysis {
  return new SentenceScorer(lex, tokens, capsEmphasis).run(text);
}

export interface TextAnalysis {
  sentences: SentenceAnalysis[];
  /** Per-sentence weight in the review total ("But …" sentences count more than the one before). */
  weights: number[];
  raw: number;
}

/** `parts`: segment(text), when the caller has it already. */
export function analyseText(text: string, lex: SentimentLexicon = defaultSentimentLexicon, parts: readonly Segment[] = segment(text)): TextAnalysis {
  // Shouting is judged on the whole review: one all-caps sentence in normal text is emphasis.
  let words = 0;
  let caps = 0;
  for (const p of parts) for (const t of p.tokens) if (t.kind === 'word' && t.norm.length >= 2) {
    words++;
    if (t.caps) caps++;
  }
  const capsEmphasis = !(words > 0 && caps / words >= SHOUTING_SHARE);
  const sentences: SentenceAnalysis[] = [];
  const weights: number[] = [];
  for (const p of parts) {
    sentences.push(new SentenceScorer(lex, p.tokens, capsEmphasis).run(p.text));
    weights.push(1);
  }
  let prev = -1;
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k]!;
    if (s.raw === 0) continue;
    if (s.leadingContrast && prev >= 0) {
      weights[prev]! *= RULES.beforeContrast;
      weights[k]! *= RULES.afterContrast;
    }
    prev = k;
  }
  let raw = 0;
  for (let k = 0; k < sentences.length; k++) raw += weights[k]! * sentences[k]!.raw;
  return { sentences, weights, raw };
}
