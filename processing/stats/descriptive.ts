import { median as ssMedian, quantile } from 'simple-statistics';

/** Only finite numbers count; null/undefined/NaN are missing values, not zeros. */
function finite(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Median of the finite values, null when there are none. */
export function median(values: readonly (number | null | undefined)[]): number | null {
  const xs = finite(values);
  return xs.length ? ssMedian(xs) : null;
}

/**
 * p-th percentile (0–100) of the finite values, null when there are none.
 * simple-statistics' quantile interpolates linearly between order statistics
 * (the same as R's default, type 7), e.g. the 25th percentile of 1,2,3,4 is 1.75.
 */
export function percentile(values: readonly (number | null | undefined)[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in 0–100, got ${p}`);
  const xs = finite(values);
  return xs.length ? quantile(xs, p / 100) : null;
}
