/**
 * Ratings onto the common 1..5 scale. Sites use 5-star, 10-point and
 * percentage scales (and 0/1 "recommends" flags); the raw value and scale are
 * stored beside the normalised one, so this mapping can change later.
 */

/** Maps `raw` on `scale` onto 1..5; null for a missing or unusable rating. */
export function normaliseRating(raw: number | null | undefined, scale: number | null | undefined): number | null {
  if (raw === null || raw === undefined || !Number.isFinite(raw)) return null;
  const s = scale && Number.isFinite(scale) && scale > 0 ? scale : 5;
  if (s === 5) return clamp(raw);
  // A binary scale (thumbs up/down) has no "1 star": 0 → 1, 1 → 5.
  if (s === 1) return clamp(1 + 4 * raw);
  // Scales up to 10 start at 1 (1..10 maps 1 → 1 and 10 → 5); percentages start at 0.
  const min = s > 10 ? 0 : 1;
  return round(clamp(1 + ((raw - min) * 4) / (s - min)));
}

function clamp(v: number): number {
  return Math.min(5, Math.max(1, v));
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
