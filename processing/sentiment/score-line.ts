/**
 * What `repwatch sentiment` prints for one input line. Pure: the CLI reads
 * lines, calls scoreLine and prints JSON.stringify of the result.
 */
import { cleanReviewText, truncateForScoring } from '../text/clean';
import type { CompiledThemeLexicon } from '../themes/compile';
import { detectThemes } from '../themes/detect';
import { loadThemeLexicon } from '../themes/load';
import { analyseText } from './analyse';
import { resultFromAnalysis, type SentenceScore, type SentimentLabel } from './score';

export interface ScoredLine {
  /** The line after cleaning (entities decoded, markup stripped, whitespace tidied). */
  text: string;
  score: number;
  label: SentimentLabel;
  sentences: SentenceScore[];
  themes: { theme: string; polarity: number }[];
  /** Present when the text was longer than the scoring limit and only its start was scored. */
  truncated?: true;
}

/**
 * Scores one line of text. `lexicon` is a compiled theme lexicon, the name or
 * path of one ("restaurant", "sales-service", "./my-themes.yaml"), or null for
 * no theme detection.
 */
export function scoreLine(text: string, lexicon: CompiledThemeLexicon | string | null = 'sales-service'): ScoredLine {
  const cleaned = cleanReviewText(text);
  if (cleaned === null) return { text: '', score: 0, label: 'neutral', sentences: [], themes: [] };
  const bounded = truncateForScoring(cleaned);
  const analysis = analyseText(bounded.text);
  const result = resultFromAnalysis(analysis, bounded.truncated);
  const lex = typeof lexicon === 'string' ? loadThemeLexicon(lexicon) : lexicon;
  const themes = lex === null ? [] : detectThemes(analysis, lex).map((t) => ({ theme: t.theme, polarity: t.polarity }));
  const line: ScoredLine = { text: cleaned, score: result.score, label: result.label, sentences: result.sentences, themes };
  if (result.truncated) line.truncated = true;
  return line;
}
