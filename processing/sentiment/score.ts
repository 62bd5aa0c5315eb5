/**
 * Public sentiment API: a score in [−1, 1], a label, per-sentence scores and
 * hit counts for one review. Rules live in analyse.ts, words in lexicon-*.ts.
 */
import { truncateForScoring, DEFAULT_SCORING_CHARS } from '../text/clean';
import { analyseText, normalise, type TextAnalysis } from './analyse';
import { defaultSentimentLexicon, type SentimentLexicon } from './lexicon';

export type SentimentLabel = 'positive' | 'negative' | 'neutral' | 'mixed';

export interface SentenceScore {
  text: string;
  /** −1…1, the sentence on its own. */
  score: number;
}

export interface SentimentResult {
  /** −1…1: the weighted sum of all hits, squashed by x/√(x²+15). */
  score: number;
  label: SentimentLabel;
  sentences: SentenceScore[];
  /** Number of words/phrases/emoji that counted positive, after negation. */
  positives: number;
  negatives: number;
  /** Present (true) when only the first `maxChars` characters were scored. */
  truncated?: true;
}

export interface ScoreOptions {
  lexicon?: SentimentLexicon;
  /** Longer text is cut at a sentence end before scoring (default 5,000 characters). */
  maxChars?: number;
}

export const LABEL_RULES = {
  /** |score| below this (and not mixed) is neutral. */
  neutralBand: 0.1,
  /** A clause at least this strong (normalised) counts as a clear opinion for mixed detection. */
  strongClause: 0.45,
  /** Mixed when the weaker side's strong-clause mass is at least this share of the stronger side's. */
  mixedBalance: 0.33,
} as const;

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Mixed = clear praise and clear complaint in the same review, each in its own
 * clause, neither swamping the other ("Food was amazing. Service was terrible.").
 * A single aside ("parking was tight") in a glowing review stays positive.
 */
function isMixed(analysis: TextAnalysis): boolean {
  let pos = 0;
  let neg = 0;
  for (const s of analysis.sentences) {
    for (const sum of s.clauseSums) {
      if (Math.abs(normalise(sum)) < LABEL_RULES.strongClause) continue;
      if (sum > 0) pos += sum;
      else neg -= sum;
    }
  }
  return pos > 0 && neg > 0 && Math.min(pos, neg) / Math.max(pos, neg) >= LABEL_RULES.mixedBalance;
}

export function labelFor(score: number, mixed: boolean): SentimentLabel {
  if (mixed) return 'mixed';
  if (score >= LABEL_RULES.neutralBand) return 'positive';
  if (score <= -LABEL_RULES.neutralBand) return 'negative';
  return 'neutral';
}

/** Builds the public result from an analysis (shared with scoreLine, which also needs the hits). */
export function resultFromAnalysis(analysis: TextAnalysis, truncated = false): SentimentResult {
  let positives = 0;
  let negatives = 0;
  for (const s of analysis.sentences) {
    for (const h of s.hits) {
      if (h.value > 0) positives++;
      else if (h.value < 0) negatives++;
    }
  }
  const score = round(normalise(analysis.raw));
  const result: SentimentResult = {
    score,
    label: labelFor(score, isMixed(analysis)),
    sentences: analysis.sentences.map((s) => ({ text: s.text, score: round(normalise(s.raw)) })),
    positives,
    negatives,
  };
  if (truncated) result.truncated = true;
  return result;
}

/** Scores a review's text. Clean it first (processing/text/clean.ts); empty text is neutral 0. */
export function scoreSentiment(text: string, options: ScoreOptions = {}): SentimentResult {
  const { text: bounded, truncated } = truncateForScoring(text, options.maxChars ?? DEFAULT_SCORING_CHARS);
  return resultFromAnalysis(analyseText(bounded, options.lexicon ?? defaultSentimentLexicon), truncated);
}
