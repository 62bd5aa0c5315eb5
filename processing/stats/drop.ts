import { normalCdf } from './distributions';

/**
 * "Is this entity's recent rating below its own baseline by more than chance?"
 *
 * One-sided two-sample z test on means: z = (recentMean − baselineMean) / se with
 * se = sd·√(1/recentN + 1/baselineN), so the same dip is less significant when it
 * rests on fewer recent reviews. Two guards make it fit star ratings:
 *  - minRecentN (default 3): star ratings are far from normal, and with one or
 *    two reviews the normal approximation says a single 1★ at a 4.5★ location is
 *    "p < 0.001" while real 1★ reviews arrive ~5–10 % of the time anyway. Single
 *    bad reviews are the low-star alert's job, not this one's.
 *  - minSd (default 0.75): a baseline of nearly all 5★ has a tiny sd, which would
 *    make one 4★ look like a collapse.
 * alpha defaults to 0.01 because the test runs for every person and location on
 * every alert cycle; 0.05 would flag about one in twenty healthy entities.
 * The baseline should be a window that does not include the recent one.
 */
export interface DropInput {
  baselineMean: number;
  baselineSd: number;
  baselineN: number;
  recentSum: number;
  recentN: number;
  alpha?: number;
  minRecentN?: number;
  minSd?: number;
}

export interface DropResult {
  drop: boolean;
  /** null when there is nothing to test (no recent reviews or no baseline). */
  z: number | null;
  /** One-sided p = Φ(z); small when the recent mean is well below the baseline. */
  p: number | null;
  recentMean: number | null;
  /** Why drop is false regardless of z, if that is the case. */
  reason?: 'no-recent' | 'no-baseline' | 'too-few-recent';
}

export function isSignificantDrop(input: DropInput): DropResult {
  const { baselineMean, baselineSd, baselineN, recentSum, recentN } = input;
  const alpha = input.alpha ?? 0.01;
  const minRecentN = input.minRecentN ?? 3;
  const minSd = input.minSd ?? 0.75;
  if (!(recentN > 0)) return { drop: false, z: null, p: null, recentMean: null, reason: 'no-recent' };
  const recentMean = recentSum / recentN;
  if (!(baselineN > 0) || !Number.isFinite(baselineMean)) {
    return { drop: false, z: null, p: null, recentMean, reason: 'no-baseline' };
  }
  const sd = Math.max(Number.isFinite(baselineSd) ? baselineSd : 0, minSd);
  const se = sd * Math.sqrt(1 / recentN + 1 / baselineN);
  const z = (recentMean - baselineMean) / se;
  const p = normalCdf(z);
  if (recentN < minRecentN) return { drop: false, z, p, recentMean, reason: 'too-few-recent' };
  return { drop: p < alpha, z, p, recentMean };
}
