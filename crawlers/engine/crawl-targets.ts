import { NonRetryableError, type Request } from '@crawlee/cheerio';
import type { Settings } from '../../core/config/schema';
import type { Env } from '../../core/env';
import type { Logger } from '../../core/logger';
import { ExtractionError, type BlockedSignal, type PageInput } from '../types';
import { retryDelayMs, sleep } from './backoff';
import type { BrowsePlan } from './browse';
import { unfinishedScrollMessage, type BrowseReport } from './browse-plan';
import { assertChromium, createBrowserCrawler } from './browser';
import { createHttpCrawler, REVIEWS_PAGE, type FetchHandlers } from './crawlers';
import { HostGate } from './host-gate';
import { MemoryGuard } from './memory-guard';
import { PageQueue } from './page-queue';
import { readPage } from './read-page';
import { RobotsCache } from './robots';
import { assertCompleteHtml, classifyStatus, RetryableStatusError } from './status';
import { TargetCrawl } from './target-state';
import type { EngineTarget, EngineTuning, PageSink, TargetOutcome } from './types';

/**
 * The crawlee layer: walks every target's pages newest-first through one
 * HTTP crawler (and one browser crawler when some target needs it), politely
 * per host, and hands each page to the sink. Knows nothing of the database.
 */
export interface CrawlTargetsOptions {
  crawl: Settings['crawl'];
  env: Pick<Env, 'CHROMIUM_PATH'>;
  logger: Logger;
  tuning: EngineTuning;
  sink: PageSink;
  signal?: AbortSignal;
  onPage?: (target: EngineTarget, url: string, pages: number) => void;
}

/** Crawl-delay from robots.txt is honoured, but never beyond this. */
const MAX_CRAWL_DELAY_MS = 60_000;

export async function crawlTargets(targets: EngineTarget[], opts: CrawlTargetsOptions): Promise<Map<number, TargetOutcome>> {
  const { crawl, logger, tuning, sink, signal } = opts;
  const states = new Map(targets.map((t) => [t.id, new TargetCrawl(t)]));
  if (targets.some((t) => t.browser)) assertChromium(opts.env.CHROMIUM_PATH);
  if (targets.length === 0) return new Map();

  const robots = crawl.respectRobotsTxt ? new RobotsCache(crawl.userAgent, crawl.requestTimeoutSecs * 1000) : null;
  const crawlDelays = new Map<string, number>();
  // Over the memory budget (after a full GC), the crawl goes on one request at a time instead of growing further.
  const memory = new MemoryGuard(crawl.memoryBudgetMb * 1024 * 1024);
  const gate = new HostGate(
    crawl.maxConcurrencyPerHost,
    (host) => Math.max(crawl.delayMs, crawlDelays.get(host) ?? 0),
    () => (memory.overBudget() ? 1 : tuning.maxConcurrency),
  );
  const pending = new Set<Promise<unknown>>();
  let finishAll: () => void = () => {};
  const allDone = new Promise<void>((resolve) => (finishAll = resolve));

  const stateOf = (request: Request): TargetCrawl | undefined => states.get(request.userData.targetId as number);
  const release = (st: TargetCrawl) => {
    if (st.inFlightHost) gate.release(st.inFlightHost);
    st.inFlightHost = null;
  };
  const checkDone = () => {
    if ([...states.values()].every((s) => s.done)) finishAll();
  };
  const end = (st: TargetCrawl, ...args: Parameters<TargetCrawl['finish']>) => {
    st.finish(...args);
    release(st);
    checkDone();
  };

  const handlers: FetchHandlers = {
    async onResponse(request, page, headers, browse) {
      const st = stateOf(request);
      if (!st || st.done) return void (st && release(st));
      const statusBlock = classifyStatus(page.status, page.url, headers['retry-after']);
      if (!st.target.browser && !statusBlock) assertCompleteHtml(page.body, page.contentType, page.url);
      const work = onPage(st, page, statusBlock, browse);
      pending.add(work);
      try {
        await work;
      } finally {
        pending.delete(work);
      }
    },
    async onRetry(request, error) {
      const st = stateOf(request);
      if (!st) return;
      st.errors++;
      if (st.done || request.retryCount >= crawl.maxRetries) {
        request.noRetry = true;
        return;
      }
      const retryAfter = error instanceof RetryableStatusError ? error.retryAfterMs : null;
      const wait = retryDelayMs(
        { baseMs: Math.max(tuning.backoffBaseMs, crawl.delayMs), maxMs: tuning.backoffMaxMs, retryAfterCapMs: tuning.retryAfterCapMs },
        request.retryCount + 1,
        retryAfter,
      );
      logger.warn({ target: st.target.key, url: request.url, retry: request.retryCount + 1, waitMs: wait, err: error.message }, 'page fetch failed; retrying');
      await sleep(wait, signal);
    },
    browsePlan(request) {
      const st = stateOf(request);
      return st && !st.done ? planFor(st, request.url) : null;
    },
    async onFailed(request, error) {
      const st = stateOf(request);
      if (!st) return;
      st.errors++;
      if (error instanceof RetryableStatusError && error.status === 429) {
        return end(st, 'blocked', null, { reason: 'rate-limited', detail: `The site kept answering HTTP 429 (too many requests) at ${request.url}.` });
      }
      const attempts = request.retryCount + 1;
      const reason = error.message.replace(/^Detected a session error, rotating session\.\.\.\s*/, '').trim();
      const message =
        error instanceof NonRetryableError
          ? reason
          : `Could not fetch ${request.url} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`;
      logger.warn({ target: st.target.key, url: request.url, err: error.message }, 'page failed');
      end(st, 'failed', message);
    },
  };

  /**
   * A browser target's clicks and scrolls. Scrolls count against the page budget (each loads about one
   * page of reviews); incremental crawls may stop early once what the list loaded is all stored already.
   */
  function planFor(st: TargetCrawl, url: string): BrowsePlan | null {
    const steps = st.target.browse;
    if (!steps) return null;
    const plan: BrowsePlan = {
      steps,
      maxScrolls: Math.min(steps.scroll?.maxScrolls ?? 0, st.target.maxPages),
      label: st.target.key,
      // A cancelled crawl ends its targets at once; the page being scrolled must not hold the shutdown up.
      cancelled: () => st.done,
    };
    const knowsAll = sink.knowsAll?.bind(sink);
    if (st.target.mode === 'incremental' && knowsAll) {
      plan.caughtUp = async (batch) => {
        // The adapter reads just the new responses; one that cannot (it needs the whole page) gives no signal.
        const probe: PageInput = { url, body: '', status: 200, contentType: null, captured: batch };
        let reviews;
        try {
          reviews = st.target.adapter.extract(probe, { crawledAt: new Date() }).reviews;
        } catch {
          return false;
        }
        return reviews.length > 0 && (await knowsAll(st.target, reviews));
      };
    }
    return plan;
  }

  async function onPage(st: TargetCrawl, page: PageInput, statusBlock: BlockedSignal | null, browse?: BrowseReport): Promise<void> {
    st.pages++;
    st.markVisited(page.url);
    const fetchedAt = new Date();
    let result;
    try {
      result = readPage(st.target.adapter, page, fetchedAt, statusBlock);
    } catch (error) {
      await sink.page(st.target, page, null, fetchedAt).catch(() => {});
      const reason = error instanceof ExtractionError ? error.message : `the ${st.target.adapter.name} adapter failed: ${(error as Error).message}`;
      // A page the adapter cannot read will not read better on a retry.
      throw new NonRetryableError(`Could not read ${page.url}: ${reason}`);
    }
    let caughtUp: boolean;
    try {
      ({ caughtUp } = await sink.page(st.target, page, result.blocked ? null : result.extraction, fetchedAt));
    } catch (error) {
      // Fetching the page again would not help the database; the run ends here with what is stored.
      throw new NonRetryableError(`Could not store what was read from ${page.url}: ${(error as Error).message}`);
    }
    opts.onPage?.(st.target, page.url, st.pages);
    if (result.blocked) return end(st, 'blocked', null, result.blocked);
    const decision = st.afterPage(result.extraction!, caughtUp, unfinishedScrollMessage(browse, page.url));
    if ('stop' in decision) return end(st, decision.stop, decision.message);
    release(st);
    await enqueue(st, decision.next);
  }

  // Pages go straight into the crawlers' own queues: crawler.addRequests validates its arguments with `ow`,
  // which captures a stack trace on every call (a measurable share of a page's CPU in bench/crawl), and
  // checks robots.txt and crawl depth, which crawlee does not handle here (robots is ours, above).
  const httpQueue = new PageQueue();
  const browserQueue = new PageQueue();
  const httpCrawler = targets.some((t) => !t.browser) ? createHttpCrawler({ crawl, tuning, logger, handlers, queue: httpQueue }) : null;
  const browserCrawler = targets.some((t) => t.browser)
    ? createBrowserCrawler({ crawl, tuning, logger, handlers, queue: browserQueue, chromiumPath: opts.env.CHROMIUM_PATH })
    : null;

  async function enqueue(st: TargetCrawl, url: string): Promise<void> {
    if (st.done) return;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return end(st, 'failed', `Invalid URL ${url}.`);
    }
    if (robots) {
      const verdict = await robots.check(url);
      if (verdict.crawlDelayMs) crawlDelays.set(host, Math.min(verdict.crawlDelayMs, MAX_CRAWL_DELAY_MS));
      if (!verdict.allowed) return end(st, 'robots', `Not fetched: ${verdict.reason}.`);
    }
    const queue = st.target.browser ? browserQueue : httpQueue;
    let added: Promise<unknown> | null = null;
    // A target's later pages go ahead of targets not yet started (depth-first, like a plain fetch loop). Queued
    // at the back, each next page waited a whole round over every target of the run: all targets were open at
    // once, their review keys, URLs and queued closures lived for seconds (promoted to V8's old space), and the
    // heap a crawl kept grew with its targets (bench/crawl: what a major GC left rose from 70 to 105 MB over
    // 20,000 pages; depth-first it stays near 75 MB, as in the plain loop).
    const continuing = st.pages > 0;
    gate.schedule(host, () => {
      if (st.done) return gate.release(host);
      st.inFlightHost = host;
      st.markVisited(url);
      added = queue
        .addRequest({ url, uniqueKey: `${st.target.id}:${st.pages + 1}:${url}`, label: REVIEWS_PAGE, userData: { targetId: st.target.id, page: st.pages + 1 } })
        .catch((error: Error) => end(st, 'failed', `Could not queue ${url}: ${error.message}`));
    }, continuing);
    // When the gate let it through at once, wait until it is queued: the handler calling us then ends with the
    // next page already waiting, and crawlee picks it up immediately instead of at its next poll.
    if (added) await added;
  }

  const onAbort = () => {
    for (const st of states.values()) if (!st.done) end(st, 'aborted', 'The crawl was cancelled.');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  memory.start();
  const runs = [httpCrawler, browserCrawler].filter((c): c is NonNullable<typeof c> => c !== null).map((c) => c.run());
  try {
    if (signal?.aborted) onAbort();
    for (const st of states.values()) void enqueue(st, st.target.startUrl).catch((e: Error) => end(st, 'failed', e.message));
    await allDone;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    gate.close();
    memory.stop();
    for (const c of [httpCrawler, browserCrawler]) c?.stop('repwatch: all targets finished');
    await Promise.allSettled(runs);
    await Promise.allSettled([...pending]);
    await browserCrawler?.teardown().catch(() => {});
  }
  return new Map([...states].map(([id, st]) => [id, st.outcome!]));
}
