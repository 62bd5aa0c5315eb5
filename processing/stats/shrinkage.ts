import { zForLevel } from './distributions';

/**
 * Bayesian shrinkage of average star ratings (normal–normal model).
 *
 * Model: an entity's ratings scatter around its true mean θ with variance σ²
 * (the pooled within-entity variance); true means scatter around the parent's
 * mean μ₀ (person → location, location → company) with variance τ². The
 * posterior of θ after n reviews summing to S is then approximately normal with
 *   mean     (S + k·μ₀) / (n + k)      where k = σ² / τ² ("prior strength")
 *   variance σ² / (n + k)
 * so k reads as "k pseudo-reviews at the parent's mean". We chose this over a
 * Beta/Dirichlet model because it needs only the sum and count we already store,
 * and its k is exactly what the method-of-moments estimate below produces, so
 * the interval and the amount of shrinkage come from one consistent model. The
 * interval is clamped to the 1–5 scale; with n = 0 it is the prior's own spread.
 */

export const RATING_MIN = 1;
export const RATING_MAX = 5;

/**
 * Typical variance of single star ratings around an entity's own mean. Online
 * ratings are J-shaped (mostly 5★ with a tail of 1★): e.g. 75/10/3/3/9 % of
 * 5/4/3/2/1★ gives a variance of ≈1.56. Used when no pooled estimate exists.
 */
export const DEFAULT_WITHIN_VARIANCE = 1.5;

/** "Ten pseudo-reviews at the parent's mean": τ ≈ 0.39★ with σ² = 1.5. */
export const DEFAULT_PRIOR_STRENGTH = 10;

/**
 * Estimated prior strengths are clamped: below 2 a single review would almost
 * fully define a salesperson; above 50 a person with 100 reviews would still be
 * pulled a third of the way to the location's mean, which hides real differences
 * when the estimate is inflated by noise.
 */
export const PRIOR_STRENGTH_MIN = 2;
export const PRIOR_STRENGTH_MAX = 50;

/** Below these amounts of data the method of moments is too noisy; use the default. */
export const MIN_GROUPS_FOR_ESTIMATE = 4;
export const MIN_REVIEWS_FOR_ESTIMATE = 40;

export interface ShrinkInput {
  /** Sum of star ratings (1–5 each). */
  sum: number;
  /** Number of ratings. */
  n: number;
  /** Parent's mean rating (1–5). */
  priorMean: number;
  /** k, in pseudo-reviews (≥ 0). */
  priorStrength: number;
  /** σ², pooled within-entity rating variance; defaults to DEFAULT_WITHIN_VARIANCE. */
  withinVariance?: number;
  /** Credible level of the interval, default 0.95. */
  level?: number;
}

export interface ShrunkRating {
  /** Plain average, null when n = 0. */
  raw: number | null;
  shrunk: number;
  /** Credible interval bounds, within 1–5. */
  low: number;
  high: number;
  n: number;
  priorMean: number;
  priorStrength: number;
}

function clampRating(v: number): number {
  return Math.min(RATING_MAX, Math.max(RATING_MIN, v));
}

export function shrinkRating(input: ShrinkInput): ShrunkRating {
  const { sum, n, priorMean, priorStrength } = input;
  const sigma2 = input.withinVariance ?? DEFAULT_WITHIN_VARIANCE;
  const level = input.level ?? 0.95;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`shrinkRating: n must be a non-negative integer, got ${n}`);
  if (!Number.isFinite(sum) || sum < n * RATING_MIN - 1e-9 || sum > n * RATING_MAX + 1e-9) {
    throw new RangeError(`shrinkRating: sum ${sum} is impossible for ${n} ratings on a 1–5 scale`);
  }
  if (!(priorMean >= RATING_MIN && priorMean <= RATING_MAX)) throw new RangeError(`shrinkRating: priorMean must be in 1–5, got ${priorMean}`);
  if (!(priorStrength >= 0) || !Number.isFinite(priorStrength)) throw new RangeError(`shrinkRating: priorStrength must be ≥ 0, got ${priorStrength}`);
  if (!(sigma2 > 0) || !Number.isFinite(sigma2)) throw new RangeError(`shrinkRating: withinVariance must be > 0, got ${sigma2}`);

  const raw = n > 0 ? sum / n : null;
  const weight = n + priorStrength;
  if (weight === 0) {
    // No reviews and no prior: we know nothing, so the interval is the whole scale.
    return { raw, shrunk: priorMean, low: RATING_MIN, high: RATING_MAX, n, priorMean, priorStrength };
  }
  const shrunk = (sum + priorStrength * priorMean) / weight;
  const half = zForLevel(level) * Math.sqrt(sigma2 / weight);
  return {
    raw,
    shrunk,
    low: clampRating(shrunk - half),
    high: clampRating(shrunk + half),
    n,
    priorMean,
    priorStrength,
  };
}

export interface GroupStat {
  /** Number of ratings of this entity. */
  n: number;
  /** Its mean rating. */
  mean: number;
  /** Its sample variance (n − 1 denominator), when known; needs n ≥ 2 to count. */
  variance?: number | null;
}

export interface PriorStrengthEstimate {
  priorStrength: number;
  /** σ² to pass to shrinkRating as withinVariance. */
  withinVariance: number;
  /** τ² estimate (may be ≤ 0 → no detectable differences); null when defaulted. */
  betweenVariance: number | null;
  groups: number;
  reviews: number;
  method: 'moments' | 'default';
  /** Why the estimate was clamped or defaulted, if it was. */
  note?: string;
}

/**
 * Empirical-Bayes prior strength by the method of moments (one-way random-effects
 * ANOVA): τ² = (MSB − MSW) / n₀ with n₀ = (N − Σnᵢ²/N) / (g − 1), then k = σ²/τ².
 * `groups` are the children of one parent (e.g. the people of a company); groups
 * with n = 0 are ignored.
 */
export function estimatePriorStrength(
  groups: readonly GroupStat[],
  opts: { defaultStrength?: number; defaultWithinVariance?: number } = {},
): PriorStrengthEstimate {
  const defaultStrength = opts.defaultStrength ?? DEFAULT_PRIOR_STRENGTH;
  const used = groups.filter((g) => g.n > 0 && Number.isFinite(g.mean));
  const g = used.length;
  const N = used.reduce((s, x) => s + x.n, 0);

  // Pooled within variance from the groups that report one.
  let ssWithin = 0;
  let dfWithin = 0;
  for (const x of used) {
    if (x.n >= 2 && x.variance != null && Number.isFinite(x.variance) && x.variance >= 0) {
      ssWithin += (x.n - 1) * x.variance;
      dfWithin += x.n - 1;
    }
  }
  const fallbackSigma2 = opts.defaultWithinVariance ?? DEFAULT_WITHIN_VARIANCE;
  // A pooled variance of exactly 0 (every review identical) would make k = 0; fall back.
  const withinVariance = dfWithin > 0 && ssWithin > 0 ? ssWithin / dfWithin : fallbackSigma2;

  if (g < MIN_GROUPS_FOR_ESTIMATE || N < MIN_REVIEWS_FOR_ESTIMATE) {
    return {
      priorStrength: defaultStrength,
      withinVariance,
      betweenVariance: null,
      groups: g,
      reviews: N,
      method: 'default',
      note: `needs ≥ ${MIN_GROUPS_FOR_ESTIMATE} groups and ≥ ${MIN_REVIEWS_FOR_ESTIMATE} reviews`,
    };
  }

  const grand = used.reduce((s, x) => s + x.n * x.mean, 0) / N;
  const ssBetween = used.reduce((s, x) => s + x.n * (x.mean - grand) ** 2, 0);
  const msBetween = ssBetween / (g - 1);
  const n0 = (N - used.reduce((s, x) => s + x.n * x.n, 0) / N) / (g - 1);
  const tau2 = (msBetween - withinVariance) / n0;

  if (!(tau2 > 0)) {
    return {
      priorStrength: PRIOR_STRENGTH_MAX,
      withinVariance,
      betweenVariance: tau2,
      groups: g,
      reviews: N,
      method: 'moments',
      note: 'no detectable between-group differences; clamped to the maximum',
    };
  }
  const k = withinVariance / tau2;
  const clamped = Math.min(PRIOR_STRENGTH_MAX, Math.max(PRIOR_STRENGTH_MIN, k));
  return {
    priorStrength: clamped,
    withinVariance,
    betweenVariance: tau2,
    groups: g,
    reviews: N,
    method: 'moments',
    ...(clamped !== k ? { note: `estimate ${k.toFixed(2)} clamped to [${PRIOR_STRENGTH_MIN}, ${PRIOR_STRENGTH_MAX}]` } : {}),
  };
}
