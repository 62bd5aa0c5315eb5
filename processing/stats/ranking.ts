/**
 * Ranking by shrunk rating with a minimum review count. Entities under the
 * minimum are returned apart, never ranked: even shrunk, a 2-review average is
 * mostly prior, and a league-table position would suggest a precision it lacks.
 */

export interface Rankable {
  n: number;
  shrunk: number;
}

export interface RankOptions {
  minCount: number;
  /** Round shrunk values to this many decimals before comparing, so values shown alike tie. Default: exact. */
  tieDecimals?: number;
}

export interface RankResult<T> {
  ranked: Array<T & { rank: number }>;
  notEnoughReviews: T[];
}

/** Standard competition ranking ("1, 2, 2, 4"), best (highest shrunk) first. */
export function rankWithMinimum<T extends Rankable>(items: readonly T[], opts: RankOptions): RankResult<T> {
  if (!(opts.minCount >= 0)) throw new RangeError('rankWithMinimum: minCount must be ≥ 0');
  const key = (v: number): number => (opts.tieDecimals == null ? v : Number(v.toFixed(opts.tieDecimals)));
  const eligible: T[] = [];
  const notEnoughReviews: T[] = [];
  for (const item of items) {
    if (item.n >= opts.minCount && Number.isFinite(item.shrunk)) eligible.push(item);
    else notEnoughReviews.push(item);
  }
  // Within a tie, more reviews first (the better-supported value), then input order (sort is stable).
  const sorted = [...eligible].sort((a, b) => key(b.shrunk) - key(a.shrunk) || b.n - a.n);
  const ranked: Array<T & { rank: number }> = [];
  sorted.forEach((item, i) => {
    const prev = ranked[i - 1];
    const rank = prev && key(prev.shrunk) === key(item.shrunk) ? prev.rank : i + 1;
    ranked.push({ ...item, rank });
  });
  return { ranked, notEnoughReviews };
}
