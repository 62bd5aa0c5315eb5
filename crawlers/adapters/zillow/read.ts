/**
 * Readers for Zillow's Next.js page data (`__NEXT_DATA__`).
 *
 * Directory pages (/professionals/…) hold result cards with a name, a review
 * average and a count text such as "(2531)". Agent profile pages (/profile/…)
 * hold the agent (`displayUser`) and a page of their reviews with sub-ratings
 * (local knowledge, process expertise, responsiveness, negotiation skills).
 * Both are found by shape rather than by a fixed path, because Zillow moves the
 * GraphQL-backed props around between releases.
 */
import { emptyReview, type ExtractedBusiness, type ExtractedProfile, type ExtractedReview } from '../../types';
import { asNumber, asString, get, htmlToText, isObject, walkObjects, type JsonObject } from '../embedded-json';
import { parseDate } from '../shared/dates';

function absolute(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}

/** "(2,531)" / "2531 reviews" → 2531. */
function countFromText(text: unknown): number | null {
  const digits = typeof text === 'string' ? /(\d[\d,.\s]*)/.exec(text)?.[1]?.replace(/[,.\s]/g, '') : undefined;
  return digits ? Number(digits) : null;
}

export function readDirectoryProfiles(root: unknown, pageUrl: string): ExtractedProfile[] {
  const out: ExtractedProfile[] = [];
  walkObjects(root, (card) => {
    const info = card.reviewInformation;
    const name = asString(card.cardTitle);
    if (!isObject(info) || !name) return false;
    const average = asNumber(info.reviewAverage) ?? asNumber(info.reviewAverageText);
    const count = countFromText(info.reviewCountText);
    out.push({
      name: htmlToText(name),
      aggregateRating: average !== null && average > 0 ? average : null,
      ratingScale: 5,
      reviewCount: count ?? (average === null ? 0 : null),
      profileUrl: absolute(asString(card.cardActionLink) ?? asString(card.profileLink), pageUrl),
      externalId: asString(card.encodedZuid) ?? asString(card.zuid),
    });
    return true;
  });
  return out;
}

const TEXT_KEYS = ['reviewComment', 'comment', 'reviewText', 'text', 'body'] as const;
const DATE_KEYS = ['createDate', 'reviewDate', 'createdDate', 'date', 'createdAt'] as const;

function firstKey(obj: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) if (obj[key] !== undefined && obj[key] !== null) return obj[key];
  return undefined;
}

function looksLikeReview(obj: JsonObject): boolean {
  const rating = asNumber(obj.rating);
  return rating !== null && rating >= 1 && rating <= 5 && firstKey(obj, TEXT_KEYS) !== undefined && firstKey(obj, DATE_KEYS) !== undefined;
}

/** "localKnowledge" / "LOCAL_KNOWLEDGE" / "Local knowledge" → "local knowledge". */
function subRatingName(raw: string): string {
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
}

function readSubRatings(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const name = asString(get(item, 'description')) ?? asString(get(item, 'name')) ?? asString(get(item, 'label')) ?? asString(get(item, 'ratingType'));
      const score = asNumber(get(item, 'score')) ?? asNumber(get(item, 'rating')) ?? asNumber(get(item, 'value'));
      if (name && score !== null && score > 0) out[subRatingName(name)] = score;
    }
  } else if (isObject(value)) {
    for (const [key, raw] of Object.entries(value)) {
      const score = asNumber(raw);
      if (score !== null && score > 0) out[subRatingName(key)] = score;
    }
  }
  return out;
}

function readReply(obj: JsonObject, crawledAt: Date): ExtractedReview['ownerResponse'] {
  const reply = firstKey(obj, ['reply', 'response', 'agentResponse', 'agentReply']);
  const text = isObject(reply) ? asString(firstKey(reply, ['text', 'comment', 'body', 'responseComment'])) : asString(reply);
  if (!text) return null;
  return { text: htmlToText(text), respondedAt: isObject(reply) ? parseDate(firstKey(reply, DATE_KEYS) ?? null, { crawledAt }) : null };
}

function mapReview(obj: JsonObject, crawledAt: Date): ExtractedReview {
  const review = emptyReview(5);
  const id = obj.reviewId ?? obj.id;
  review.externalId = typeof id === 'number' ? String(id) : asString(id);
  review.rating = asNumber(obj.rating);
  const text = asString(firstKey(obj, TEXT_KEYS));
  review.text = text ? htmlToText(text) : null;
  review.publishedAt = parseDate(firstKey(obj, DATE_KEYS) ?? null, { crawledAt });
  const reviewer = obj.reviewer ?? obj.author;
  review.authorName = asString(get(reviewer, 'screenName')) ?? asString(get(reviewer, 'name')) ?? asString(reviewer);
  review.subRatings = readSubRatings(obj.subRatings ?? obj.subRating);
  review.ownerResponse = readReply(obj, crawledAt);
  const work = asString(obj.workDescription);
  if (work) review.extra.workDescription = work;
  return review;
}

export interface ZillowProfileData {
  business: ExtractedBusiness | null;
  reviews: ExtractedReview[];
}

function addressOf(agent: JsonObject): string | null {
  const a = agent.businessAddress ?? agent.address;
  if (typeof a === 'string') return asString(a);
  if (!isObject(a)) return null;
  const parts = [a.address1, a.address2, a.city, [a.state, a.postalCode].filter(Boolean).join(' ')];
  const joined = parts.filter((p) => typeof p === 'string' && p.trim() !== '').join(', ');
  return joined || null;
}

/** The agent (business) and the reviews on an agent profile page. */
export function readProfilePage(root: unknown, crawledAt: Date): ZillowProfileData {
  let agent: JsonObject | null = null;
  const reviews: ExtractedReview[] = [];
  walkObjects(root, (obj) => {
    if (!agent && isObject(obj.ratings) && (asString(obj.name) || asString(obj.screenName))) {
      agent = obj;
      return false;
    }
    if (looksLikeReview(obj)) {
      reviews.push(mapReview(obj, crawledAt));
      return true;
    }
    return false;
  });
  const a = agent as JsonObject | null;
  const business: ExtractedBusiness | null = a
    ? {
        name: asString(a.name) ?? asString(a.screenName),
        aggregateRating: asNumber(get(a, 'ratings', 'average')),
        ratingScale: 5,
        reviewCount: asNumber(get(a, 'ratings', 'count')),
        starDistribution: null,
        address: addressOf(a),
        categories: [],
        externalId: asString(a.encodedZuid) ?? asString(a.zuid) ?? asString(a.screenName),
      }
    : null;
  return { business, reviews };
}
