import type { EntityKind, NewReview } from '../../db/types';
import { cleanReviewText, contentHash, normaliseRating, reviewFingerprint, type HashedContent } from '../../processing/normalize';
import type { ExtractedReview } from '../types';

/**
 * One extracted review turned into what gets stored: its key (the site's id or
 * a fingerprint), the normalised content that is hashed, and the full row.
 */
export interface ReviewOwner {
  sourceId: number;
  targetId: number;
  entityKind: EntityKind;
  organizationId: number;
  locationId: number | null;
  personId: number | null;
}

export interface PreparedReview {
  externalId: string;
  content: HashedContent;
  hash: string;
  row: NewReview;
}

/** The key a review is stored under: the site's own id, or a stable fingerprint. */
export function reviewKey(review: ExtractedReview): string {
  const id = review.externalId?.trim();
  return id ? id : reviewFingerprint(review);
}

export function prepareReview(review: ExtractedReview, owner: ReviewOwner, seenAt: Date): PreparedReview {
  const externalId = reviewKey(review);
  const content: HashedContent = {
    rating: normaliseRating(review.rating, review.ratingScale),
    title: cleanReviewText(review.title),
    text: cleanReviewText(review.text),
    ownerResponseText: cleanReviewText(review.ownerResponse?.text),
  };
  const hash = contentHash(content);
  const row: NewReview = {
    source_id: owner.sourceId,
    target_id: owner.targetId,
    external_id: externalId,
    entity_kind: owner.entityKind,
    organization_id: owner.organizationId,
    location_id: owner.locationId,
    person_id: owner.personId,
    rating_raw: review.rating,
    rating_scale: review.ratingScale || 5,
    rating: content.rating,
    title: content.title,
    text: content.text,
    text_original: review.text,
    translated_text: review.translatedText,
    language: review.language,
    author_name: cleanReviewText(review.authorName),
    published_at: review.publishedAt ? new Date(review.publishedAt.iso) : null,
    published_precision: review.publishedAt?.precision ?? null,
    first_seen_at: seenAt,
    last_seen_at: seenAt,
    owner_response_text: content.ownerResponseText,
    owner_response_at: review.ownerResponse?.respondedAt ? new Date(review.ownerResponse.respondedAt.iso) : null,
    content_hash: hash,
    url: review.url,
    // jsonb columns take JSON text on insert (see db/types.ts).
    employee_tags: JSON.stringify(review.employees ?? []),
    sub_ratings: JSON.stringify(review.subRatings ?? {}),
    extra: JSON.stringify(review.extra ?? {}),
  };
  if (row.published_at instanceof Date && Number.isNaN(row.published_at.getTime())) {
    row.published_at = null;
    row.published_precision = null;
  }
  if (row.owner_response_at instanceof Date && Number.isNaN(row.owner_response_at.getTime())) row.owner_response_at = null;
  return { externalId, content, hash, row };
}
