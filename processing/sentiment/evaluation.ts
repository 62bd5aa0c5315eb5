/**
 * Quality measurements against the labelled sets in ../shared/fixtures. Pure
 * functions over file contents, so the accuracy tests and evaluate.ts print the
 * same figures. The data itself is never copied into the repository.
 */
import { decodeHTML } from 'entities';
import type { CompiledThemeLexicon } from '../themes/compile';
import { detectThemes } from '../themes/detect';
import { analyseText } from './analyse';
import { scoreSentiment } from './score';

export interface LabelledSentence {
  text: string;
  positive: boolean;
}

/** UCI "Sentiment Labelled Sentences" format: `text<TAB>0|1` per line. */
export function parseLabelledLines(content: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const line of content.split(/\r?\n/)) {
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(tab + 1).trim();
    if (label !== '0' && label !== '1') continue;
    out.push({ text: line.slice(0, tab).trim(), positive: label === '1' });
  }
  return out;
}

export interface BinaryReport {
  n: number;
  /** Decision: score > 0 → positive; score ≤ 0 (including exactly 0) → negative. */
  accuracy: number;
  /** Sentences that scored exactly 0 (no opinion word found). */
  zero: number;
  /** Accuracy on the sentences that scored non-zero. */
  accuracyNonZero: number;
  truePositive: number;
  trueNegative: number;
  falsePositive: number;
  falseNegative: number;
}

export function evaluateBinary(rows: readonly LabelledSentence[]): BinaryReport {
  let tp = 0, tn = 0, fp = 0, fn = 0, zero = 0, zeroCorrect = 0;
  for (const row of rows) {
    const score = scoreSentiment(row.text).score;
    const predicted = score > 0;
    if (score === 0) {
      zero++;
      if (!row.positive) zeroCorrect++;
    }
    if (predicted && row.positive) tp++;
    else if (!predicted && !row.positive) tn++;
    else if (predicted) fp++;
    else fn++;
  }
  const n = rows.length;
  const nonZero = n - zero;
  return {
    n,
    accuracy: n === 0 ? 0 : (tp + tn) / n,
    zero,
    accuracyNonZero: nonZero === 0 ? 0 : (tp + tn - zeroCorrect) / nonZero,
    truePositive: tp,
    trueNegative: tn,
    falsePositive: fp,
    falseNegative: fn,
  };
}

export interface AspectSentence {
  text: string;
  /** Category → gold polarity (positive, negative, neutral, conflict). */
  categories: Map<string, string>;
}

const SENTENCE_RE = /<sentence\b[^>]*>([\s\S]*?)<\/sentence>/g;
const TEXT_RE = /<text>([\s\S]*?)<\/text>/;
const CATEGORY_RE = /<aspectCategory\b[^>]*?category="([^"]*)"[^>]*?polarity="([^"]*)"/g;

/** SemEval-2014 Task 4 XML (sentences with aspectCategories). */
export function parseSemevalCategories(xml: string): AspectSentence[] {
  const out: AspectSentence[] = [];
  for (const m of xml.matchAll(SENTENCE_RE)) {
    const body = m[1]!;
    const text = TEXT_RE.exec(body)?.[1];
    if (text === undefined) continue;
    const categories = new Map<string, string>();
    for (const c of body.matchAll(CATEGORY_RE)) categories.set(c[1]!, c[2]!);
    out.push({ text: decodeHTML(text), categories });
  }
  return out;
}

export interface ThemeScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Detected and gold positive/negative: share where the sign of our polarity matched. */
  polarityAccuracy: number;
  polarityN: number;
  /** Of those, how many had polarity exactly 0 (counted as wrong). */
  polarityZero: number;
}

export interface ThemeReport {
  perTheme: Record<string, ThemeScore>;
  macroF1: number;
  /** All detected themes pooled. */
  polarityAccuracy: number;
  polarityN: number;
}

export const SEMEVAL_CATEGORIES = ['food', 'service', 'price', 'ambience'] as const;

export function evaluateThemes(rows: readonly AspectSentence[], lexicon: CompiledThemeLexicon): ThemeReport {
  const counts = Object.fromEntries(
    SEMEVAL_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0, polOk: 0, polN: 0, polZero: 0 }]),
  );
  for (const row of rows) {
    const found = new Map(detectThemes(analyseText(row.text), lexicon).map((t) => [t.theme, t.polarity]));
    for (const cat of SEMEVAL_CATEGORIES) {
      const c = counts[cat]!;
      const gold = row.categories.get(cat);
      const predicted = found.get(cat);
      if (gold !== undefined && predicted !== undefined) {
        c.tp++;
        if (gold === 'positive' || gold === 'negative') {
          c.polN++;
          if (predicted === 0) c.polZero++;
          else if ((predicted > 0) === (gold === 'positive')) c.polOk++;
        }
      } else if (gold !== undefined) c.fn++;
      else if (predicted !== undefined) c.fp++;
    }
  }
  const perTheme: Record<string, ThemeScore> = {};
  let f1Sum = 0, polOk = 0, polN = 0;
  for (const cat of SEMEVAL_CATEGORIES) {
    const c = counts[cat]!;
    const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
    const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perTheme[cat] = {
      precision, recall, f1, support: c.tp + c.fn,
      polarityAccuracy: c.polN === 0 ? 0 : c.polOk / c.polN, polarityN: c.polN, polarityZero: c.polZero,
    };
    f1Sum += f1;
    polOk += c.polOk;
    polN += c.polN;
  }
  return { perTheme, macroF1: f1Sum / SEMEVAL_CATEGORIES.length, polarityAccuracy: polN === 0 ? 0 : polOk / polN, polarityN: polN };
}

/**
 * SemEval sentences whose categories all carry one polarity (positive or
 * negative): a second, independent check of the sentence scorer, used as the
 * development set while the yelp file stayed a held-out test.
 */
export function semevalSentencePolarity(rows: readonly AspectSentence[]): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const row of rows) {
    const pols = new Set(row.categories.values());
    if (pols.size !== 1) continue;
    const only = [...pols][0];
    if (only === 'positive' || only === 'negative') out.push({ text: row.text, positive: only === 'positive' });
  }
  return out;
}
