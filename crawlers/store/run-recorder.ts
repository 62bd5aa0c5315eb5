import type { Kysely } from 'kysely';
import type { Logger } from '../../core/logger';
import { countLiveReviews, finishCrawlRun, setLastFullSweep } from '../../db/queries/crawl-runs';
import { recordSweepMisses } from '../../db/queries/reviews-store';
import type { CrawlMode, Database } from '../../db/types';
import type { CrawlProgress, CrawlRunSummary, EngineTarget, PageSink, TargetOutcome } from '../engine/types';
import { normaliseRating } from '../../processing/normalize';
import type { ExtractedReview, PageExtraction, PageInput } from '../types';
import { saveRawPage } from './raw-pages';
import type { ReviewOwner } from './review-row';
import { allStoredUnchanged, storeReviews } from './review-store';

/**
 * The storage side of a crawl: one `RunTally` per target run, fed page by
 * page (raw page + reviews), then closed with the crawl's outcome. Closing is
 * where removals happen, and only for a complete, unblocked full sweep.
 */
export interface RunTally {
  runId: number;
  targetKey: string;
  source: string;
  mode: CrawlMode;
  owner: ReviewOwner;
  startedAt: Date;
  pages: number;
  seen: number;
  new: number;
  changed: number;
}

export class RunRecorder implements PageSink {
  private readonly tallies = new Map<number, RunTally>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
    private readonly options: { removalMisses: number; saveRawPages?: boolean; onProgress?: (p: CrawlProgress) => void },
  ) {}

  add(targetId: number, tally: Omit<RunTally, 'pages' | 'seen' | 'new' | 'changed'>): void {
    this.tallies.set(targetId, { ...tally, pages: 0, seen: 0, new: 0, changed: 0 });
  }

  tally(targetId: number): RunTally {
    const t = this.tallies.get(targetId);
    if (!t) throw new Error(`no crawl run registered for target ${targetId}`);
    return t;
  }

  async page(target: EngineTarget, page: PageInput, extraction: PageExtraction | null, fetchedAt: Date): Promise<{ caughtUp: boolean }> {
    return this.record(target.id, page, extraction, fetchedAt);
  }

  async knowsAll(target: EngineTarget, reviews: ExtractedReview[]): Promise<boolean> {
    return allStoredUnchanged(this.db, this.tally(target.id).owner, reviews, new Date());
  }

  /** Stores one page for a target's run; shared by crawls, the Business Profile API and reparse. */
  async record(targetId: number, page: PageInput | null, extraction: PageExtraction | null, fetchedAt: Date): Promise<{ caughtUp: boolean }> {
    const t = this.tally(targetId);
    t.pages++;
    if (page && this.options.saveRawPages !== false) await saveRawPage(this.db, { runId: t.runId, targetId, page, fetchedAt });
    if (!extraction) return { caughtUp: false };
    const stored = await storeReviews(this.db, t.owner, extraction.reviews, fetchedAt);
    t.seen += stored.seen;
    t.new += stored.new;
    t.changed += stored.changed;
    this.options.onProgress?.({ targetId, runId: t.runId, url: extraction.url, pages: t.pages, reviewsSeen: t.seen, reviewsNew: t.new });
    return { caughtUp: stored.allKnownUnchanged };
  }

  /** Closes the run row; a complete full sweep records misses and removals. */
  async finish(targetId: number, outcome: TargetOutcome, finishedAt = new Date()): Promise<CrawlRunSummary> {
    const t = this.tally(targetId);
    let status = outcome.status;
    let blockedReason = outcome.blockedReason;
    let errorMessage = outcome.errorMessage;
    let removed = 0;
    let completeSweep = t.mode === 'full' && outcome.status === 'ok' && outcome.stop === 'last-page';
    if (completeSweep && t.seen === 0) {
      const live = await countLiveReviews(this.db, targetId);
      if (live > 0) {
        // A "complete" sweep that found nothing while reviews are stored is a page we could not read, not mass deletion.
        completeSweep = false;
        status = 'blocked';
        blockedReason = 'empty-shell';
        errorMessage = `The full sweep found no reviews although ${live} are stored: treated as an unreadable page; nothing was marked removed.`;
      }
    }
    if (completeSweep) {
      const res = await recordSweepMisses(this.db, targetId, t.startedAt, this.options.removalMisses, finishedAt);
      removed = res.removed;
      await setLastFullSweep(this.db, targetId, finishedAt);
      if (res.missed > 0) this.logger.info({ target: t.targetKey, missed: res.missed, removed }, 'full sweep: reviews not seen');
    }
    const storedReviewCount = await countLiveReviews(this.db, targetId);
    const business = outcome.business;
    const summary: CrawlRunSummary = {
      runId: t.runId,
      targetId,
      targetKey: t.targetKey,
      source: t.source,
      mode: t.mode,
      status,
      pages: t.pages,
      reviewsSeen: t.seen,
      reviewsNew: t.new,
      reviewsChanged: t.changed,
      reviewsRemoved: removed,
      errors: outcome.errors,
      errorMessage,
      blockedReason,
      siteReviewCount: business?.reviewCount ?? null,
      siteRating: business ? normaliseRating(business.aggregateRating, business.ratingScale) : null,
      storedReviewCount,
      completeSweep,
      startedAt: t.startedAt,
      finishedAt,
    };
    await finishCrawlRun(this.db, t.runId, {
      status,
      pages: t.pages,
      reviewsSeen: t.seen,
      reviewsNew: t.new,
      reviewsChanged: t.changed,
      reviewsRemoved: removed,
      errors: outcome.errors,
      errorMessage,
      blockedReason,
      siteReviewCount: summary.siteReviewCount,
      siteRating: summary.siteRating,
      storedReviewCount,
      finishedAt,
    });
    return summary;
  }
}
