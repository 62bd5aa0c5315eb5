import type { Kysely } from 'kysely';
import type { Settings } from '../../core/config/schema';
import type { Env } from '../../core/env';
import type { Logger } from '../../core/logger';
import type { CrawlMode, CrawlStatus, Database } from '../../db/types';
import type { BlockReason, BrowseSteps, ExtractedReview, PageExtraction, PageInput, SourceAdapter } from '../types';

/** Everything `runCrawl` needs from the application. */
export interface CrawlContext {
  db: Kysely<Database>;
  settings: Readonly<Settings>;
  env: Env;
  logger: Logger;
  /** The config's `sites` (declarative adapters for `custom:<key>` sources). */
  sites?: readonly Record<string, unknown>[];
  /** Picks the adapter for a source key; defaults to the built-in registry. Tests inject their own. */
  resolveAdapter?: (source: string) => SourceAdapter;
}

export type CrawlModeOption = CrawlMode | 'auto';

export interface CrawlProgress {
  targetId: number;
  runId: number;
  url: string;
  pages: number;
  reviewsSeen: number;
  reviewsNew: number;
}

/** Knobs that are not user settings: tests shorten them, the defaults suit real sites. */
export interface EngineTuning {
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryAfterCapMs: number;
  /** 'auto' mode: a target's full sweep is due after this many days (target option `fullSweepEveryDays` overrides). */
  fullSweepEveryDays: number;
  /** Requests in flight over all hosts. */
  maxConcurrency: number;
  /** Browser pages open at once. */
  maxBrowserPages: number;
  /** How long a browser page may keep loading data after the DOM is ready. */
  browserSettleMs: number;
  /** How long clicking and scrolling one browser page may take in all (a list cut short makes the run partial). */
  browseBudgetMs: number;
}

export const defaultTuning: EngineTuning = {
  backoffBaseMs: 2000,
  backoffMaxMs: 60_000,
  retryAfterCapMs: 120_000,
  fullSweepEveryDays: 7,
  maxConcurrency: 16,
  maxBrowserPages: 2,
  browserSettleMs: 3000,
  browseBudgetMs: 120_000,
};

export interface RunCrawlOptions {
  targetIds?: number[];
  all?: boolean;
  mode?: CrawlModeOption;
  signal?: AbortSignal;
  onProgress?: (progress: CrawlProgress) => void;
  /** Recorded on each crawl_runs row (the job queue's id). */
  jobId?: string;
  tuning?: Partial<EngineTuning>;
}

export interface CrawlRunSummary {
  runId: number;
  targetId: number;
  targetKey: string;
  source: string;
  mode: CrawlMode;
  status: Exclude<CrawlStatus, 'running'>;
  pages: number;
  reviewsSeen: number;
  reviewsNew: number;
  reviewsChanged: number;
  reviewsRemoved: number;
  errors: number;
  errorMessage: string | null;
  blockedReason: BlockReason | null;
  siteReviewCount: number | null;
  siteRating: number | null;
  storedReviewCount: number | null;
  /** A full sweep that read every page without errors or blocks (the only kind that can mark reviews removed). */
  completeSweep: boolean;
  startedAt: Date;
  finishedAt: Date;
}

/** A target as the crawlee layer sees it: no database ids beyond what the sink needs back. */
export interface EngineTarget {
  id: number;
  key: string;
  adapter: SourceAdapter;
  startUrl: string;
  mode: CrawlMode;
  browser: boolean;
  maxPages: number;
  /** Browser targets: clicks and scrolling before the page is read (the adapter's, or the target's override). */
  browse?: BrowseSteps | null;
}

/** What the crawlee layer hands the storage side for each page it read. */
export interface PageSink {
  /**
   * Called for every page that reached the adapter. `extraction` is null when the page was blocked or
   * unreadable (only the raw page is kept then). Returns whether an incremental crawl has caught up.
   */
  page(target: EngineTarget, page: PageInput, extraction: PageExtraction | null, fetchedAt: Date): Promise<{ caughtUp: boolean }>;
  /**
   * Read-only: is every one of these reviews already stored with the same content? Lets an incremental
   * crawl stop scrolling a browser page once the list reaches known reviews. Optional: without it the
   * scroll limit bounds the page.
   */
  knowsAll?(target: EngineTarget, reviews: ExtractedReview[]): Promise<boolean>;
}

export type StopReason =
  | 'last-page'
  | 'caught-up'
  | 'page-cap'
  | 'loop'
  | 'blocked'
  | 'failed'
  | 'robots'
  | 'aborted';

/** How one target's crawl ended, before storage adds its counts. */
export interface TargetOutcome {
  status: Exclude<CrawlStatus, 'running'>;
  stop: StopReason;
  pages: number;
  errors: number;
  errorMessage: string | null;
  blockedReason: BlockReason | null;
  /** The business block of the first page that had one (site totals for coverage). */
  business: PageExtraction['business'];
}
