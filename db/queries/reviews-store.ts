import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, NewReview, ReviewUpdate } from '../types';

/**
 * The SQL side of review storage: set-based reads and writes, one statement
 * per kind of change per page, so a page of reviews costs a handful of
 * round trips whatever its size.
 */
type Db = Kysely<Database> | Transaction<Database>;

/** Postgres allows 65,535 bind parameters per statement; a review row uses ~30. */
const INSERT_CHUNK = 1000;

export interface StoredReviewState {
  id: number;
  external_id: string;
  content_hash: string;
  version: number;
  rating: number | null;
  title: string | null;
  text: string | null;
  owner_response_text: string | null;
  removed_at: Date | null;
}

export async function findReviewsByExternalId(db: Db, sourceId: number, externalIds: string[]): Promise<StoredReviewState[]> {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('reviews')
    .select(['id', 'external_id', 'content_hash', 'version', 'rating', 'title', 'text', 'owner_response_text', 'removed_at'])
    .where('source_id', '=', sourceId)
    .where('external_id', 'in', externalIds)
    .execute();
}

/** Inserts new reviews; a row another crawl inserted meanwhile is skipped (it is not returned). */
export async function insertReviews(db: Db, rows: NewReview[]): Promise<{ id: number; external_id: string }[]> {
  const out: { id: number; external_id: string }[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const inserted = await db
      .insertInto('reviews')
      .values(chunk)
      .onConflict((oc) => oc.columns(['source_id', 'external_id']).doNothing())
      .returning(['id', 'external_id'])
      .execute();
    out.push(...inserted);
  }
  return out;
}

/** Seen again, content unchanged: bump last_seen_at and clear any removal bookkeeping (it came back). */
export async function touchReviews(db: Db, ids: number[], seenAt: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('reviews')
    .set({ last_seen_at: seenAt, missed_sweeps: 0, removed_at: null })
    .where('id', 'in', ids)
    .execute();
}

export async function updateReviewContent(db: Db, id: number, values: ReviewUpdate): Promise<void> {
  await db.updateTable('reviews').set(values).where('id', '=', id).execute();
}

export interface NewVersionRow {
  review_id: number;
  version: number;
  seen_at: Date;
  content_hash: string;
  rating: number | null;
  title: string | null;
  text: string | null;
  owner_response_text: string | null;
  changed_fields: string;
}

export async function insertReviewVersions(db: Db, rows: NewVersionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await db
      .insertInto('review_versions')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['review_id', 'version']).doNothing())
      .execute();
  }
}

/**
 * After a complete, unblocked full sweep of a target: every live review of it
 * not seen since the sweep started has missed one more sweep, and those that
 * have now missed `removalMisses` in a row are marked removed.
 */
export async function recordSweepMisses(
  db: Db,
  targetId: number,
  sweepStartedAt: Date,
  removalMisses: number,
  now: Date,
): Promise<{ missed: number; removed: number }> {
  const missed = await db
    .updateTable('reviews')
    .set({ missed_sweeps: sql`missed_sweeps + 1` })
    .where('target_id', '=', targetId)
    .where('removed_at', 'is', null)
    .where('last_seen_at', '<', sweepStartedAt)
    .executeTakeFirst();
  const removed = await db
    .updateTable('reviews')
    .set({ removed_at: now })
    .where('target_id', '=', targetId)
    .where('removed_at', 'is', null)
    .where('missed_sweeps', '>=', removalMisses)
    .executeTakeFirst();
  return { missed: Number(missed.numUpdatedRows), removed: Number(removed.numUpdatedRows) };
}
