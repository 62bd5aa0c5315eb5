/**
 * Google Maps reviews from positional arrays.
 *
 * Two layouts exist side by side:
 *  - the current one, served by the review RPC (listugcposts) and embedded in
 *    place data: `[id, meta, content, reply, actions, ...]`, with microsecond
 *    timestamps in meta;
 *  - the legacy flat one still embedded in place data (author block first,
 *    text at 3, rating at 4, id at 10, millisecond timestamp at 27).
 * Reviews are found by shape anywhere in the tree, so the same parser reads a
 * full RPC response, a fragment of one, or the whole place array.
 */
import { emptyReview, type ExtractedDate, type ExtractedReview } from '../../types';
import { at, arr, firstOf, num, str, walkArrays } from './arrays';
import { parseDate } from '../shared/dates';

export interface GoogleReviewOptions {
  /** Needed only to resolve relative dates ("3 weeks ago") when no timestamp is present. */
  crawledAt?: Date;
}

function isRating(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
}

/** Google's review timestamps are microseconds since the epoch (16 digits). */
function fromMicros(v: unknown): ExtractedDate | null {
  const n = num(v);
  if (n === null || n < 9e14 || n > 5e15) return null;
  return { iso: new Date(Math.floor(n / 1000)).toISOString(), precision: 'exact' };
}

function fromMillis(v: unknown): ExtractedDate | null {
  const n = num(v);
  if (n === null || n < 9e11 || n > 5e12) return null;
  return { iso: new Date(n).toISOString(), precision: 'exact' };
}

/** "3 weeks ago" / "Edited 2 months ago", resolved against the crawl time (the adapter asks for hl=en). */
function relative(v: unknown, crawledAt: Date | undefined): ExtractedDate | null {
  const text = str(v)?.replace(/^edited\s+/i, '');
  return text && crawledAt ? parseDate(text, { crawledAt }) : null;
}

function isCurrentLayout(node: unknown[]): boolean {
  if (typeof node[0] !== 'string' || node[0].length < 10) return false;
  if (!Array.isArray(node[1]) || !Array.isArray(node[2])) return false;
  const hasStamp = fromMicros(at(node, 1, 2)) !== null;
  const hasPlace = typeof at(node, 1, 0) === 'string' && /^0x[0-9a-f]+:0x[0-9a-f]+$/i.test(at(node, 1, 0) as string);
  return (hasStamp || hasPlace) && (isRating(at(node, 2, 0, 0)) || hasStamp);
}

function isLegacyLayout(node: unknown[]): boolean {
  return (
    node.length >= 28 &&
    Array.isArray(node[0]) &&
    str(at(node, 0, 1)) !== null &&
    isRating(node[4]) &&
    typeof node[10] === 'string'
  );
}

/** Sub-ratings such as Food/Service/Atmosphere: `[ [key], label, ..., [score] at 11 ]`. Questions without a score are skipped. */
function readAspects(list: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const aspect of arr(list) ?? []) {
    const label = str(at(aspect, 1));
    const score = at(aspect, 11, 0);
    if (label && isRating(score)) out[label.toLowerCase()] = score;
  }
  return out;
}

function textOrNull(v: unknown): string | null {
  const s = str(v);
  return s ? s.trim() : null;
}

function mapCurrent(node: unknown[], opts: GoogleReviewOptions): ExtractedReview {
  const review = emptyReview(5);
  review.externalId = node[0] as string;
  const rating = at(node, 2, 0, 0);
  review.rating = isRating(rating) ? rating : null;
  review.authorName = firstOf(node, [[1, 4, 5, 0], [1, 4, 0, 4], [1, 4, 1, 1], [1, 4, 2, 1]], str);
  review.publishedAt = fromMicros(at(node, 1, 2)) ?? relative(at(node, 1, 6), opts.crawledAt);

  review.text = firstOf(node, [[2, 15, 0, 0], [2, 1, 0]], textOrNull);
  review.language = firstOf(node, [[2, 14, 0], [2, 1, 1]], str);
  const translated = textOrNull(at(node, 2, 15, 1, 0));
  if (translated && translated !== review.text) {
    review.translatedText = translated;
    review.translatedLanguage = str(at(node, 2, 14, 1));
  }
  review.subRatings = readAspects(at(node, 2, 6));

  // The reply block is present (with owner action links) even when there is no reply; only its text counts.
  const replyText = firstOf(node, [[3, 14, 0, 0]], textOrNull);
  if (replyText) {
    review.ownerResponse = {
      text: replyText,
      respondedAt: fromMicros(at(node, 3, 1)) ?? relative(at(node, 3, 3), opts.crawledAt),
    };
    const replyTranslated = textOrNull(at(node, 3, 14, 1, 0));
    if (replyTranslated && replyTranslated !== replyText) review.extra.ownerResponseTranslated = replyTranslated;
  }

  review.url = str(at(node, 4, 3, 0));
  const authorId = firstOf(node, [[1, 4, 5, 3], [1, 4, 0, 13], [1, 10]], str);
  if (authorId) review.extra.authorId = authorId;
  const updated = fromMicros(at(node, 1, 3));
  if (updated && review.publishedAt && updated.iso !== review.publishedAt.iso) review.extra.updatedAt = updated.iso;
  const relativeText = str(at(node, 1, 6));
  if (relativeText) review.extra.relativeDate = relativeText;
  const origin = str(at(node, 1, 13, 0));
  if (origin && origin !== 'Google') review.extra.origin = origin;
  return review;
}

function mapLegacy(node: unknown[], opts: GoogleReviewOptions): ExtractedReview {
  const review = emptyReview(5);
  review.externalId = node[10] as string;
  review.rating = node[4] as number;
  review.authorName = str(at(node, 0, 1));
  review.text = textOrNull(node[3]);
  review.language = str(node[32]);
  review.publishedAt = fromMillis(node[27]) ?? relative(node[1], opts.crawledAt);
  review.subRatings = readAspects(node[49]);
  review.url = str(node[18]);
  const authorId = str(node[6]);
  if (authorId) review.extra.authorId = authorId;
  const relativeText = str(node[1]);
  if (relativeText) review.extra.relativeDate = relativeText;
  return review;
}

/**
 * Every review found in `json` (an RPC response, a fragment, or place data), in
 * document order, de-duplicated by id. A review seen in both layouts keeps the
 * current-layout reading, which carries translations and owner replies.
 */
export function parseGoogleReviews(json: unknown, opts: GoogleReviewOptions = {}): ExtractedReview[] {
  const current: ExtractedReview[] = [];
  const legacy: ExtractedReview[] = [];
  walkArrays(json, (node) => {
    if (isCurrentLayout(node)) {
      current.push(mapCurrent(node, opts));
      return true;
    }
    if (isLegacyLayout(node)) {
      legacy.push(mapLegacy(node, opts));
      return true;
    }
    return false;
  });
  const seen = new Set<string>();
  const out: ExtractedReview[] = [];
  for (const review of [...current, ...legacy]) {
    const key = review.externalId ?? '';
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    out.push(review);
  }
  return out;
}
