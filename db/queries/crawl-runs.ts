import { sql, type Kysely, type Transaction } from 'kysely';
import type { CrawlMode, CrawlRunUpdate, CrawlStatus, Database } from '../types';

/** Reads and writes of `crawl_runs` and the crawl-related parts of `targets`. */
type Db = Kysely<Database> | Transaction<Database>;

/** A target as the crawl engine needs it: the row plus its source's key and browser flag. */
export interface CrawlTargetRow {
  id: number;
  key: string;
  url: string;
  source_id: number;
  source_key: string;
  source_needs_browser: boolean;
  entity_kind: 'company' | 'location' | 'person';
  organization_id: number;
  location_id: number | null;
  person_id: number | null;
  options: Record<string, unknown>;
  enabled: boolean;
  last_full_sweep_at: Date | null;
}

/** Enabled targets (all, or the given ids — which are returned even when disabled, since they were asked for by id). */
export async function listCrawlTargets(db: Db, filter: { targetIds?: number[] }): Promise<CrawlTargetRow[]> {
  let q = db
    .selectFrom('targets')
    .innerJoin('sources', 'sources.id', 'targets.source_id')
    .select([
      'targets.id',
      'targets.key',
      'targets.url',
      'targets.source_id',
      'sources.key as source_key',
      'sources.needs_browser as source_needs_browser',
      'targets.entity_kind',
      'targets.organization_id',
      'targets.location_id',
      'targets.person_id',
      'targets.options',
      'targets.enabled',
      'targets.last_full_sweep_at',
    ])
    .orderBy('targets.id');
  if (filter.targetIds) {
    if (filter.targetIds.length === 0) return [];
    q = q.where('targets.id', 'in', filter.targetIds);
  } else {
    q = q.where('targets.enabled', '=', true);
  }
  return (await q.execute()) as CrawlTargetRow[];
}

export async function createCrawlRun(db: Db, values: { targetId: number; mode: CrawlMode; jobId?: string | null; startedAt: Date }): Promise<number> {
  const row = await db
    .insertInto('crawl_runs')
    .values({ target_id: values.targetId, mode: values.mode, status: 'running', started_at: values.startedAt, job_id: values.jobId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CrawlRunResultValues {
  status: Exclude<CrawlStatus, 'running'>;
  pages: number;
  reviewsSeen: number;
  reviewsNew: number;
  reviewsChanged: number;
  reviewsRemoved: number;
  errors: number;
  errorMessage: string | null;
  blockedReason: string | null;
  siteReviewCount: number | null;
  siteRating: number | null;
  storedReviewCount: number | null;
  finishedAt: Date;
}

export async function finishCrawlRun(db: Db, runId: number, v: CrawlRunResultValues): Promise<void> {
  const update: CrawlRunUpdate = {
    status: v.status,
    finished_at: v.finishedAt,
    pages: v.pages,
    reviews_seen: v.reviewsSeen,
    reviews_new: v.reviewsNew,
    reviews_changed: v.reviewsChanged,
    reviews_removed: v.reviewsRemoved,
    errors: v.errors,
    // Messages come from remote pages and errors: keep them to a readable size.
    error_message: v.errorMessage ? v.errorMessage.slice(0, 2000) : null,
    blocked_reason: v.blockedReason,
    site_review_count: v.siteReviewCount,
    site_rating: v.siteRating,
    stored_review_count: v.storedReviewCount,
  };
  await db.updateTable('crawl_runs').set(update).where('id', '=', runId).execute();
}

/** Reviews of a target that are currently live (not marked removed): the "stored" side of coverage. */
export async function countLiveReviews(db: Db, targetId: number): Promise<number> {
  const row = await db
    .selectFrom('reviews')
    .select(sql<number>`count(*)`.as('n'))
    .where('target_id', '=', targetId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setLastFullSweep(db: Db, targetId: number, at: Date): Promise<void> {
  await db.updateTable('targets').set({ last_full_sweep_at: at }).where('id', '=', targetId).execute();
}

/** Runs left as "running" by a process that died: closed as failed so status pages do not show them forever. */
export async function closeStaleRuns(db: Db, olderThan: Date): Promise<number> {
  const res = await db
    .updateTable('crawl_runs')
    .set({ status: 'failed', finished_at: new Date(), error_message: 'The crawl process stopped before this run finished.' })
    .where('status', '=', 'running')
    .where('started_at', '<', olderThan)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
