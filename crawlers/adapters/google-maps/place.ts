/**
 * The place ("business") block of Google Maps data: the array found at index 6
 * of the place payload inside APP_INITIALIZATION_STATE (and of the
 * /maps/preview/place RPC). Known positions, each read defensively:
 *   [4][7] rating, [4][8] review count, [10] feature id "0x…:0x…", [11] name,
 *   [13] categories, [18] "Name, address", [39] address, [2] address lines,
 *   [52][3] / [175][3] per-star counts (1★..5★), [78] place id "ChIJ…".
 */
import type { ExtractedBusiness, ExtractedReview } from '../../types';
import { at, arr, firstOf, num, str, walkArrays, type Path } from './arrays';
import { parseGoogleReviews, type GoogleReviewOptions } from './reviews';

export interface GooglePlace {
  business: ExtractedBusiness;
  /** Google's feature id ("0x…:0x…"), which the review RPC is keyed on. */
  featureId: string | null;
  /** The few reviews Google embeds with the place (its "most relevant" ones). */
  reviews: ExtractedReview[];
}

const FEATURE_ID = /^0x[0-9a-f]+:0x[0-9a-f]+$/i;

function isPlaceArray(node: unknown[]): boolean {
  if (str(node[11]) === null) return false;
  const hasRating = num(at(node, 4, 7)) !== null && num(at(node, 4, 8)) !== null;
  const hasFeatureId = typeof node[10] === 'string' && FEATURE_ID.test(node[10]);
  return hasRating || hasFeatureId;
}

/** Locates the place array: index 6 of the payload when it is there, else the first array of that shape. */
export function findPlaceArray(json: unknown): unknown[] | null {
  const direct = arr(at(json, 6));
  if (direct && isPlaceArray(direct)) return direct;
  let found: unknown[] | null = null;
  walkArrays(json, (node) => {
    if (found) return true;
    if (isPlaceArray(node)) {
      found = node;
      return true;
    }
    return false;
  });
  return found;
}

function isCountList(v: unknown, total: number | null): v is number[] {
  if (!Array.isArray(v) || v.length !== 5) return false;
  if (!v.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return false;
  const sum = (v as number[]).reduce((a, b) => a + b, 0);
  // Google's total can run a little ahead of the histogram; accept a small gap.
  return total === null || (sum <= total && sum >= total * 0.9);
}

function starDistribution(place: unknown[], total: number | null): Record<string, number> | null {
  const knownPaths: Path[] = [[52, 3], [175, 3]];
  for (const path of knownPaths) {
    const v = at(place, ...path);
    if (isCountList(v, total)) return toDistribution(v);
  }
  return null;
}

function toDistribution(counts: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  counts.forEach((count, i) => (out[String(i + 1)] = count));
  return out;
}

function address(place: unknown[]): string | null {
  const lines = arr(place[2])?.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return str(place[39]) ?? (lines && lines.length > 0 ? lines.join(', ') : null) ?? str(place[18]);
}

/**
 * Reads the business facts (and the embedded reviews) from Google Maps place
 * data. Returns null when no place array is found.
 */
export function parseGooglePlace(json: unknown, opts: GoogleReviewOptions = {}): GooglePlace | null {
  const place = findPlaceArray(json);
  if (!place) return null;
  const reviewCount = num(at(place, 4, 8));
  const categories = (arr(place[13]) ?? []).filter((c): c is string => typeof c === 'string');
  const featureId = typeof place[10] === 'string' && FEATURE_ID.test(place[10]) ? place[10] : null;
  const business: ExtractedBusiness = {
    name: str(place[11]),
    aggregateRating: num(at(place, 4, 7)),
    ratingScale: 5,
    reviewCount: reviewCount === null ? null : Math.round(reviewCount),
    starDistribution: starDistribution(place, reviewCount),
    address: address(place),
    categories,
    externalId: firstOf(place, [[78], [227, 0, 4]], (v) => (typeof v === 'string' && v.startsWith('ChIJ') ? v : null)) ?? featureId,
  };
  return { business, featureId, reviews: parseGoogleReviews(place, opts) };
}
