/**
 * One number per review from its star rating and its text, with the parts kept
 * visible: dashboards show why a 5-star review with a furious text scores lower
 * than its stars, and the blend can be audited or re-weighted later.
 */

export interface BlendWeights {
  /** Weight of the star rating (default 0.6: the reviewer's own verdict). */
  rating: number;
  /** Weight of the text score (default 0.4: catches "5 stars but …"). */
  text: number;
}

export const DEFAULT_BLEND_WEIGHTS: Readonly<BlendWeights> = { rating: 0.6, text: 0.4 };

export interface BlendPart {
  /** The input on the −1…1 scale, or null when absent or unusable. */
  value: number | null;
  /** Weight actually applied (renormalised over the parts present; 0 when absent). */
  weight: number;
  /** value × weight: the part's share of the score. */
  contribution: number;
}

export interface RatingTextBlend {
  /** −1…1, or null when neither part is available. */
  score: number | null;
  rating: BlendPart;
  text: BlendPart;
  /** Both present and more than 1.0 apart on the −1…1 scale (a 5★ review with a clearly negative text). */
  disagreement: boolean;
  formula: string;
}

export interface BlendOptions {
  /**
   * A text score of exactly 0 means no opinion word was found, which is no
   * evidence of a neutral opinion; by default such text is left out of the blend.
   */
  ignoreNeutralText?: boolean;
}

const FORMULA =
  'score = (wr·r + wt·t) / (wr + wt), r = 2·stars01 − 1, t = text score; a missing part (or a text score of exactly 0) gets weight 0';

function usable(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function blendPart(value: number | null, w: number, total: number): BlendPart {
  const weight = total > 0 ? w / total : 0;
  return { value, weight, contribution: value === null ? 0 : value * weight };
}

/**
 * Blends a rating on 0…1 (1★ = 0, 5★ = 1; see processing/normalize/rating.ts)
 * with a text score on −1…1. The rating is mapped to −1…1 first so both parts
 * share a scale; weights are renormalised over the parts present.
 */
export function combineRatingAndText(
  stars01: number | null,
  textScore: number | null,
  weights: BlendWeights = DEFAULT_BLEND_WEIGHTS,
  options: BlendOptions = {},
): RatingTextBlend {
  if (!(weights.rating >= 0 && weights.text >= 0)) throw new RangeError('blend weights must be non-negative numbers');
  const r = usable(stars01) ? 2 * clamp(stars01, 0, 1) - 1 : null;
  const ignoreZero = options.ignoreNeutralText ?? true;
  const t = usable(textScore) && !(ignoreZero && textScore === 0) ? clamp(textScore, -1, 1) : null;
  const wr = r === null ? 0 : weights.rating;
  const wt = t === null ? 0 : weights.text;
  const total = wr + wt;
  const rating = blendPart(r, wr, total);
  const text = blendPart(t, wt, total);
  const score = total > 0 ? rating.contribution + text.contribution : null;
  return {
    score: score === null ? null : Math.round(score * 10_000) / 10_000,
    rating,
    text,
    disagreement: r !== null && t !== null && Math.abs(r - t) > 1,
    formula: FORMULA,
  };
}
