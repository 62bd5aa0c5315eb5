/**
 * Mapping of the documented `accounts.locations.reviews.list` response
 * (My Business API v4) to the extraction types.
 */
import { emptyExtraction, emptyReview, type ExtractedDate, type ExtractedReview, type PageExtraction } from '../../types';
import { asNumber, asString, get, isObject } from '../embedded-json';

const STARS: Record<string, number> = { ONE: 1, TWO: 2, THREE: 3, FOUR: 4, FIVE: 5 };

function timestamp(v: unknown): ExtractedDate | null {
  const raw = asString(v);
  if (!raw) return null;
  // RFC 3339 with up to nanoseconds: Date keeps milliseconds, which is all we store.
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : { iso: d.toISOString(), precision: 'exact' };
}

/**
 * Google adds machine translations to review and reply comments in one string:
 *   "(Translated by Google) <translation>\n\n(Original)\n<original>"  or
 *   "<original>\n\n(Translated by Google)\n<translation>".
 * Returns the author's own text and the translation separately.
 */
export function splitGoogleTranslation(comment: string): { text: string; translatedText: string | null } {
  const translatedMarker = '(Translated by Google)';
  const originalMarker = '(Original)';
  const t = comment.indexOf(translatedMarker);
  const o = comment.indexOf(originalMarker);
  if (t >= 0 && o > t) {
    const translated = comment.slice(t + translatedMarker.length, o).trim();
    const original = comment.slice(o + originalMarker.length).trim();
    return { text: original, translatedText: translated || null };
  }
  if (t > 0) {
    const original = comment.slice(0, t).trim();
    const translated = comment.slice(t + translatedMarker.length).trim();
    if (original) return { text: original, translatedText: translated || null };
  }
  return { text: comment.trim(), translatedText: null };
}

/** One element of `reviews[]`. */
export function mapGbpReview(json: unknown): ExtractedReview {
  const review = emptyReview(5);
  if (!isObject(json)) return review;
  review.externalId = asString(json.reviewId) ?? asString(json.name)?.split('/').pop() ?? null;
  review.rating = STARS[asString(json.starRating) ?? ''] ?? null;
  const comment = asString(json.comment);
  if (comment) {
    const { text, translatedText } = splitGoogleTranslation(comment);
    review.text = text || null;
    review.translatedText = translatedText;
  }
  const reviewer = json.reviewer;
  const anonymous = get(reviewer, 'isAnonymous') === true;
  review.authorName = anonymous ? null : asString(get(reviewer, 'displayName'));
  review.publishedAt = timestamp(json.createTime);
  const replyComment = asString(get(json, 'reviewReply', 'comment'));
  if (replyComment) {
    review.ownerResponse = {
      text: splitGoogleTranslation(replyComment).text,
      respondedAt: timestamp(get(json, 'reviewReply', 'updateTime')),
    };
  }
  const name = asString(json.name);
  if (name) review.extra.resourceName = name;
  const updated = timestamp(json.updateTime);
  if (updated && updated.iso !== review.publishedAt?.iso) review.extra.updatedAt = updated.iso;
  if (anonymous) review.extra.anonymous = true;
  return review;
}

export interface GbpPageOptions {
  /** The request URL; used for `url` and to build `nextPageUrl` from nextPageToken. */
  url?: string;
  /** "accounts/{a}/locations/{l}", when known; otherwise taken from the review names. */
  locationName?: string;
}

function withPageToken(url: string | undefined, token: string | null): string | null {
  if (!url || !token) return null;
  try {
    const next = new URL(url);
    next.searchParams.set('pageToken', token);
    return next.toString();
  } catch {
    return null;
  }
}

/** A whole `reviews.list` response body (parsed). */
export function mapGbpReviewsPage(json: unknown, opts: GbpPageOptions = {}): PageExtraction {
  const out = emptyExtraction('google-business', opts.url ?? '');
  const list = get(json, 'reviews');
  const items = Array.isArray(list) ? list : [];
  out.reviews = items.map(mapGbpReview);
  const firstName = asString(get(items[0], 'name'));
  const location = opts.locationName ?? (firstName ? firstName.replace(/\/reviews\/[^/]+$/, '') : null);
  out.business = {
    name: null,
    aggregateRating: asNumber(get(json, 'averageRating')),
    ratingScale: 5,
    reviewCount: asNumber(get(json, 'totalReviewCount')),
    starDistribution: null,
    address: null,
    categories: [],
    externalId: location,
  };
  out.nextPageUrl = withPageToken(opts.url, asString(get(json, 'nextPageToken')));
  out.reviews.forEach((review, i) => {
    if (review.rating === null) out.warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no star rating (STAR_RATING_UNSPECIFIED)`);
  });
  return out;
}
