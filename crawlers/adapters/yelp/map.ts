/**
 * Mapping Yelp's embedded JSON to the extraction types.
 *
 * Yelp has changed its page data several times; the review objects keep a
 * recognisable core (id, rating 1-5, text, a date, a user) under varying key
 * names. `mapYelpReview` reads the known spellings of each field:
 *  - 2020 hypernova props: comment.text, localizedDate "12/9/2020", user.markupDisplayName
 *  - later apollo state:   text.full, createdAt.utcDateTime, author {__ref} resolved by the caller
 */
import { emptyReview, type ExtractedBusiness, type ExtractedOwnerResponse, type ExtractedReview } from '../../types';
import { asNumber, asString, get, htmlToText, isObject, type JsonObject } from '../embedded-json';
import { parseDate } from '../shared/dates';

export type Resolve = (v: unknown) => unknown;
const identity: Resolve = (v) => v;

function isRating(v: unknown): v is number {
  return typeof v === 'number' && v >= 1 && v <= 5;
}

function reviewText(obj: JsonObject): { text: string | null; language: string | null } {
  const raw = get(obj, 'comment', 'text') ?? get(obj, 'text', 'full') ?? get(obj, 'text', 'text') ?? obj.text;
  const text = typeof raw === 'string' ? htmlToText(raw) : '';
  const language = asString(get(obj, 'comment', 'language')) ?? asString(get(obj, 'text', 'language')) ?? asString(obj.language);
  return { text: text === '' ? null : text, language };
}

/** True for objects shaped like a Yelp review (used when the page layout is unknown). */
export function looksLikeYelpReview(obj: JsonObject): boolean {
  const id = asString(obj.id) ?? asString(obj.encid);
  const hasText = typeof get(obj, 'comment', 'text') === 'string' || typeof get(obj, 'text', 'full') === 'string';
  const hasDate = obj.localizedDate !== undefined || obj.createdAt !== undefined;
  return id !== null && isRating(obj.rating) && hasText && hasDate;
}

/** Yelp's localizedDate is US-style "12/9/2020"; apollo data has ISO timestamps. */
function dateOf(obj: JsonObject, crawledAt: Date) {
  return parseDate(get(obj, 'createdAt', 'utcDateTime') ?? obj.createdAt ?? obj.localizedDate ?? obj.date ?? null, { crawledAt });
}

function ownerResponse(obj: JsonObject, resolve: Resolve, crawledAt: Date): ExtractedOwnerResponse | null {
  const replies = resolve(obj.businessOwnerReplies ?? obj.businessOwnerReply ?? obj.ownerReply);
  const first = resolve(Array.isArray(replies) ? replies[0] : replies);
  if (!isObject(first)) return null;
  const { text } = reviewText(first);
  return text ? { text, respondedAt: dateOf(first, crawledAt) } : null;
}

function authorName(obj: JsonObject, resolve: Resolve): string | null {
  const user = resolve(obj.user ?? obj.author);
  const name =
    asString(get(user, 'markupDisplayName')) ?? asString(get(user, 'displayName')) ?? asString(get(user, 'altText')) ?? asString(get(user, 'name'));
  return name ? htmlToText(name) : null;
}

export function mapYelpReview(obj: JsonObject, businessAlias: string | null, crawledAt: Date, resolve: Resolve = identity): ExtractedReview {
  const review = emptyReview(5);
  review.externalId = asString(obj.id) ?? asString(obj.encid);
  review.rating = isRating(obj.rating) ? obj.rating : null;
  const { text, language } = reviewText(obj);
  review.text = text;
  review.language = language;
  review.authorName = authorName(obj, resolve);
  review.publishedAt = dateOf(obj, crawledAt);
  review.ownerResponse = ownerResponse(obj, resolve, crawledAt);
  const alias = businessAlias ?? asString(get(obj, 'business', 'alias'));
  // Yelp's review permalink is the business page with ?hrid=<review id>.
  if (alias && review.externalId) review.url = `https://www.yelp.com/biz/${alias}?hrid=${encodeURIComponent(review.externalId)}`;
  const userId = asString(obj.userId) ?? asString(get(resolve(obj.user ?? obj.author), 'id'));
  if (userId) review.extra.userId = userId;
  const location = asString(get(obj, 'user', 'displayLocation'));
  if (location) review.extra.authorLocation = location;
  const feedback = get(obj, 'feedback', 'counts');
  if (isObject(feedback)) review.extra.feedback = feedback;
  if (obj.isUpdated === true) review.extra.updated = true;
  const previous = obj.previousReviews;
  if (Array.isArray(previous) && previous.length > 0) review.extra.previousReviewCount = previous.length;
  return review;
}

function distribution(histogram: unknown): Record<string, number> | null {
  const rows = get(histogram, 'histogramData');
  if (!Array.isArray(rows)) return null;
  const out: Record<string, number> = {};
  for (const row of rows) {
    const star = /^(\d)/.exec(asString(get(row, 'label')) ?? '')?.[1];
    const count = asNumber(get(row, 'count'));
    if (star && count !== null) out[star] = count;
  }
  return Object.keys(out).length === 5 ? out : null;
}

/** Yelp displays half-star steps; the histogram mean rounded that way is what the page shows. */
function ratingFromDistribution(dist: Record<string, number> | null): number | null {
  if (!dist) return null;
  let total = 0;
  let sum = 0;
  for (const [star, count] of Object.entries(dist)) {
    total += count;
    sum += Number(star) * count;
  }
  return total > 0 ? Math.round((sum / total) * 2) / 2 : null;
}

/**
 * Business facts from the 2020 `bizDetailsPageProps`. `displayedRating` is the
 * star value from elsewhere on the page (the analytics config carries it).
 */
export function mapYelpBusiness(props: JsonObject, displayedRating: number | null): { business: ExtractedBusiness; ratingFromHistogram: boolean } {
  const dist = distribution(get(props, 'ratingDetailsProps', 'ratingHistogram'));
  const lines = get(props, 'mapBoxProps', 'addressProps', 'addressLines');
  const address =
    asString(get(props, 'bizContactInfoProps', 'businessAddress')) ??
    (Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string').join(', ') : null);
  const name = asString(props.businessName);
  const fallbackRating = displayedRating === null ? ratingFromDistribution(dist) : null;
  return {
    business: {
      name: name ? htmlToText(name) : null,
      aggregateRating: displayedRating ?? fallbackRating,
      ratingScale: 5,
      reviewCount:
        asNumber(get(props, 'ratingDetailsProps', 'numReviews')) ??
        asNumber(get(props, 'reviewFeedQueryProps', 'pagination', 'totalResults')),
      starDistribution: dist,
      // Address lines come joined with <br> (sometimes entity-encoded); show them comma-separated.
      address: address ? htmlToText(address).replace(/\s*\n\s*/g, ', ') : null,
      categories: [],
      externalId: asString(props.businessId),
    },
    ratingFromHistogram: fallbackRating !== null,
  };
}
