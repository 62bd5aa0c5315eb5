import { createHash } from 'node:crypto';

/**
 * What counts as "the review changed": rating, title, text and the owner's
 * response. Dates, author spelling and the like are not content. A review
 * whose hash changes is queued for (re)processing (processing_queue), so the
 * inputs must stay the same across releases.
 */
export interface HashedContent {
  rating: number | null;
  title: string | null;
  text: string | null;
  ownerResponseText: string | null;
}

export const HASHED_FIELDS = ['rating', 'title', 'text', 'owner_response_text'] as const;
export type HashedField = (typeof HASHED_FIELDS)[number];

export function contentHash(c: HashedContent): string {
  const payload = JSON.stringify([c.rating, c.title ?? null, c.text ?? null, c.ownerResponseText ?? null]);
  return createHash('sha1').update(payload).digest('hex');
}

/** Names (as stored columns) of the hashed fields that differ between two versions. */
export function changedFields(before: HashedContent, after: HashedContent): HashedField[] {
  const out: HashedField[] = [];
  if ((before.rating ?? null) !== (after.rating ?? null)) out.push('rating');
  if ((before.title ?? null) !== (after.title ?? null)) out.push('title');
  if ((before.text ?? null) !== (after.text ?? null)) out.push('text');
  if ((before.ownerResponseText ?? null) !== (after.ownerResponseText ?? null)) out.push('owner_response_text');
  return out;
}
