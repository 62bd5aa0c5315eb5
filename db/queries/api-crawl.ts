import type { Kysely } from 'kysely';
import type { CrawlStatus, Database } from '../types';

/** Crawl runs for the API (newest first). */
type Db = Kysely<Database>;

export async function listCrawlRuns(db: Db, f: { targetIds: number[]; status?: CrawlStatus; beforeId?: number; limit: number }) {
  if (!f.targetIds.length) return [];
  let q = db
    .selectFrom('crawl_runs as c')
    .innerJoin('targets as t', 't.id', 'c.target_id')
    .innerJoin('sources as s', 's.id', 't.source_id')
    .select([
      'c.id', 'c.target_id', 't.key as target_key', 's.key as source_key', 'c.mode', 'c.status', 'c.started_at', 'c.finished_at', 'c.pages',
      'c.reviews_seen', 'c.reviews_new', 'c.reviews_changed', 'c.reviews_removed', 'c.errors', 'c.error_message', 'c.blocked_reason',
      'c.site_review_count', 'c.site_rating', 'c.stored_review_count',
    ])
    .where('c.target_id', 'in', f.targetIds);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.beforeId !== undefined) q = q.where('c.id', '<', f.beforeId);
  return q.orderBy('c.id', 'desc').limit(f.limit + 1).execute();
}
