import type { Kysely } from 'kysely';
import {
  findReviewsByExternalId,
  insertReviewVersions,
  insertReviews,
  touchReviews,
  updateReviewContent,
  type NewVersionRow,
} from '../../db/queries/reviews-store';
import type { Database } from '../../db/types';
import { changedFields } from '../../processing/normalize';
import type { ExtractedReview } from '../types';
import { prepareReview, type PreparedReview, type ReviewOwner } from './review-row';

/**
 * Stores one page of reviews in one transaction: new ones inserted (with
 * their version 1), unchanged ones touched, changed ones updated with a new
 * version row. Nothing here queues processing: triggers on reviews put new
 * reviews and reviews whose content_hash changed into processing_queue.
 */
export interface StoreResult {
  seen: number;
  new: number;
  changed: number;
  /** Every review on the page was already stored with the same content (the incremental stop signal). */
  allKnownUnchanged: boolean;
}

/** The page's reviews prepared for storage, by external id: the same review twice on a page (or two fingerprints colliding) counts once. */
function prepareUnique(reviews: ExtractedReview[], owner: ReviewOwner, seenAt: Date): Map<string, PreparedReview> {
  const byKey = new Map<string, PreparedReview>();
  for (const r of reviews) {
    const p = prepareReview(r, owner, seenAt);
    if (!byKey.has(p.externalId)) byKey.set(p.externalId, p);
  }
  return byKey;
}

export async function storeReviews(db: Kysely<Database>, owner: ReviewOwner, reviews: ExtractedReview[], seenAt: Date): Promise<StoreResult> {
  const byKey = prepareUnique(reviews, owner, seenAt);
  const prepared = [...byKey.values()];
  if (prepared.length === 0) return { seen: 0, new: 0, changed: 0, allKnownUnchanged: false };

  return db.transaction().execute(async (trx) => {
    const existing = new Map((await findReviewsByExternalId(trx, owner.sourceId, [...byKey.keys()])).map((r) => [r.external_id, r]));
    const fresh: PreparedReview[] = [];
    const touched: number[] = [];
    const versions: NewVersionRow[] = [];
    let changed = 0;
    for (const p of prepared) {
      const prev = existing.get(p.externalId);
      if (!prev) {
        fresh.push(p);
        continue;
      }
      if (prev.content_hash === p.hash) {
        touched.push(prev.id);
        continue;
      }
      const before = { rating: prev.rating, title: prev.title, text: prev.text, ownerResponseText: prev.owner_response_text };
      const fields = changedFields(before, p.content);
      const version = prev.version + 1;
      changed++;
      const r = p.row;
      await updateReviewContent(trx, prev.id, {
        rating_raw: r.rating_raw,
        rating_scale: r.rating_scale,
        rating: r.rating,
        title: r.title,
        text: r.text,
        text_original: r.text_original,
        translated_text: r.translated_text,
        language: r.language,
        author_name: r.author_name,
        published_at: r.published_at,
        published_precision: r.published_precision,
        owner_response_text: r.owner_response_text,
        owner_response_at: r.owner_response_at,
        content_hash: p.hash,
        url: r.url,
        employee_tags: r.employee_tags,
        sub_ratings: r.sub_ratings,
        extra: r.extra,
        version,
        last_seen_at: seenAt,
        missed_sweeps: 0,
        removed_at: null,
      });
      versions.push(versionRow(prev.id, version, seenAt, p, fields));
    }
    await touchReviews(trx, touched, seenAt);
    const inserted = await insertReviews(trx, fresh.map((p) => p.row));
    const freshByKey = new Map(fresh.map((p) => [p.externalId, p]));
    for (const row of inserted) versions.push(versionRow(row.id, 1, seenAt, freshByKey.get(row.external_id)!, []));
    await insertReviewVersions(trx, versions);
    return {
      seen: prepared.length,
      new: inserted.length,
      changed,
      allKnownUnchanged: fresh.length === 0 && changed === 0,
    };
  });
}

/**
 * Read-only twin of storeReviews' `allKnownUnchanged`: would storing these reviews change nothing? An incremental
 * browser crawl asks this while scrolling, before anything of the page is stored.
 */
export async function allStoredUnchanged(db: Kysely<Database>, owner: ReviewOwner, reviews: ExtractedReview[], seenAt: Date): Promise<boolean> {
  const byKey = prepareUnique(reviews, owner, seenAt);
  if (byKey.size === 0) return false;
  const existing = await findReviewsByExternalId(db, owner.sourceId, [...byKey.keys()]);
  if (existing.length < byKey.size) return false;
  return existing.every((row) => byKey.get(row.external_id)?.hash === row.content_hash);
}

function versionRow(reviewId: number, version: number, seenAt: Date, p: PreparedReview, fields: string[]): NewVersionRow {
  return {
    review_id: reviewId,
    version,
    seen_at: seenAt,
    content_hash: p.hash,
    rating: p.content.rating,
    title: p.content.title,
    text: p.content.text,
    owner_response_text: p.content.ownerResponseText,
    changed_fields: JSON.stringify(fields),
  };
}
