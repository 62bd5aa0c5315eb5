import type { BlockedSignal, PageExtraction } from '../types';
import { reviewKey } from '../store/review-row';
import type { EngineTarget, StopReason, TargetOutcome } from './types';

/**
 * One target's walk through its pages: what it has visited, how it ended.
 * Pages are strictly sequential per target (the next URL comes from the
 * current page), so at most one request per target is ever in flight.
 */
export class TargetCrawl {
  /** Pages fetched and handed to the adapter. */
  pages = 0;
  /** Pages the adapter read (not blocked, no parse error). */
  readPages = 0;
  errors = 0;
  outcome: TargetOutcome | null = null;
  /** Host of the request in flight, while one is. */
  inFlightHost: string | null = null;
  private business: PageExtraction['business'] = null;
  private readonly visited = new Set<string>();
  private readonly seenReviewKeys = new Set<string>();

  constructor(readonly target: EngineTarget) {}

  get done(): boolean {
    return this.outcome !== null;
  }

  markVisited(url: string): void {
    this.visited.add(canonical(url));
  }

  /**
   * Records a page that reached the adapter; returns the reason to stop after it, or the next URL.
   * `unfinished` says why a browser page's list was not scrolled to its end: a last page cut short is a
   * capped run (partial), so a full sweep does not count the unread reviews as removed.
   */
  afterPage(extraction: PageExtraction, caughtUp: boolean, unfinished: string | null = null): { next: string } | { stop: StopReason; message: string | null } {
    this.readPages++;
    this.business ??= extraction.business;
    const keys = extraction.reviews.map(reviewKey);
    const repeats = keys.length > 0 && keys.every((k) => this.seenReviewKeys.has(k));
    for (const k of keys) this.seenReviewKeys.add(k);
    if (repeats) return { stop: 'loop', message: `Stopped at ${extraction.url}: its reviews were all on an earlier page of this run (the site's "next" link loops).` };
    if (caughtUp && this.target.mode === 'incremental') return { stop: 'caught-up', message: null };
    const next = extraction.nextPageUrl ? absolute(extraction.nextPageUrl, extraction.url) : null;
    if (!next) return unfinished ? { stop: 'page-cap', message: unfinished } : { stop: 'last-page', message: null };
    if (this.visited.has(canonical(next))) return { stop: 'loop', message: `Stopped at ${extraction.url}: its "next" link points back to ${next}, already read in this run.` };
    if (this.pages >= this.target.maxPages)
      return { stop: 'page-cap', message: `Stopped after ${this.pages} pages (settings.crawl.maxPagesPerRun); older reviews were not read.` };
    return { next };
  }

  finish(stop: StopReason, message: string | null, blocked: BlockedSignal | null = null): void {
    if (this.outcome) return;
    // Only the outcome is needed from here on; a run over many targets must not keep every target's URLs and
    // review keys until the last one ends.
    this.visited.clear();
    this.seenReviewKeys.clear();
    this.outcome = {
      status: statusFor(stop, this.readPages),
      stop,
      pages: this.pages,
      errors: this.errors,
      errorMessage: blocked ? blocked.detail : message,
      blockedReason: blocked?.reason ?? null,
      business: this.business,
    };
  }
}

function statusFor(stop: StopReason, readPages: number): TargetOutcome['status'] {
  switch (stop) {
    case 'last-page':
    case 'caught-up':
      return 'ok';
    case 'blocked':
      return 'blocked';
    case 'page-cap':
    case 'loop':
      return 'partial';
    default:
      // Failures after some pages were stored are partial: those reviews are real.
      return readPages > 0 ? 'partial' : 'failed';
  }
}

function absolute(url: string, base: string): string | null {
  try {
    return new URL(url, base).toString();
  } catch {
    return null;
  }
}

/** URL identity for loop detection: fragment dropped. */
function canonical(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}
