import type { TrendPointBody, TrendSeries, TrendsBody } from './api-types';

/**
 * Small pure helpers over the API's trend series (the API already fills every
 * period of the range, so all series of one answer share the x axis).
 */
export const ALL = '*';

/** The entity's own series for one source ('*' = all sources). */
export function entitySeries(t: TrendsBody, source = ALL): TrendSeries | undefined {
  return t.series.find((s) => s.role === 'entity' && s.source === source);
}

export function sourcesOf(t: TrendsBody): string[] {
  return t.series.filter((s) => s.role === 'entity' && s.source !== ALL && s.source !== '*+removed').map((s) => s.source);
}

export const values = (points: TrendPointBody[], key: keyof TrendPointBody): (number | null)[] =>
  points.map((p) => {
    const v = p[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });

export interface Totals {
  reviews: number;
  rated: number;
  /** Rating over the range: mean of all rated reviews (not a mean of monthly means). */
  rating: number | null;
  responded: number;
  responseRate: number | null;
}

export function totals(points: TrendPointBody[]): Totals {
  let reviews = 0;
  let rated = 0;
  let ratingSum = 0;
  let responded = 0;
  for (const p of points) {
    reviews += p.review_count ?? 0;
    responded += p.responded_count ?? 0;
    if (p.rating_avg != null && p.rated_count) {
      rated += p.rated_count;
      ratingSum += p.rating_avg * p.rated_count;
    }
  }
  return { reviews, rated, rating: rated ? ratingSum / rated : null, responded, responseRate: reviews ? responded / reviews : null };
}

/** The last point with reviews, and the one before it in the series (null when absent). */
export function lastTwo(points: TrendPointBody[]): { current: TrendPointBody | null; previous: TrendPointBody | null } {
  for (let i = points.length - 1; i >= 0; i--) if ((points[i]!.review_count ?? 0) > 0) return { current: points[i]!, previous: points[i - 1] ?? null };
  return { current: null, previous: null };
}

export const delta = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : a - b;

/** Colours with at least 4.5:1 contrast on white, distinguishable for the common colour-vision deficiencies. */
export const PALETTE = ['#0b5cad', '#b34700', '#1d7a3a', '#7a3ea1', '#a3123a', '#00707a', '#5c5c00', '#444444'];
