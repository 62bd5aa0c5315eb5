import { BasicCrawler, Configuration, type Request } from '@crawlee/cheerio';
import type { Settings } from '../../core/config/schema';
import type { Logger } from '../../core/logger';
import type { PageInput } from '../types';
import type { BrowsePlan } from './browse';
import type { BrowseReport } from './browse-plan';
import { crawleeLog } from './crawlee-log';
import { decodeBody } from './decode';
import { fetchPage, type ResponseHeaders } from './fetch-client';
import type { PageQueue } from './page-queue';
import type { EngineTuning } from './types';

/**
 * The crawlee side for plain HTTP pages: a BasicCrawler (crawlee's queue
 * loop, concurrency, timeouts and retries) whose handler fetches the page
 * itself (./fetch-client.ts). CheerioCrawler would parse every page twice
 * before our handler runs and decode by the Content-Type header only, and
 * HttpCrawler under it spent a tenth of a page's CPU on layers the engine
 * does not use (bench/crawl); adapters parse the body themselves and pages
 * may declare their charset in a <meta> tag. So we take the raw bytes and
 * decode them once.
 */
export const REVIEWS_PAGE = 'REVIEWS_PAGE';

export type { ResponseHeaders };

export interface FetchHandlers {
  /**
   * A response arrived (any status); throwing a retryable error makes crawlee retry it. Browser pages
   * that were clicked and scrolled come with the report of how that went.
   */
  onResponse(request: Request, page: PageInput, headers: ResponseHeaders, browse?: BrowseReport): Promise<void>;
  /** Browser pages: the interaction to perform before reading the page, or null for none. */
  browsePlan?(request: Request): BrowsePlan | null;
  /** A try failed and will be retried after this resolves (the backoff wait happens here). */
  onRetry(request: Request, error: Error): Promise<void>;
  /** The request failed for good (retries used up, or not retryable). */
  onFailed(request: Request, error: Error): Promise<void>;
}

export interface CrawlerSetup {
  crawl: Settings['crawl'];
  tuning: EngineTuning;
  logger: Logger;
  handlers: FetchHandlers;
  /** Where the engine puts the pages this crawler is to fetch. */
  queue: PageQueue;
}

/** In-memory storage only: crawlee must never write ./storage into the working directory. */
export function crawleeConfig(crawl: Settings['crawl']): Configuration {
  // Memory is sampled every 5 s (not 1 s): each sample lists processes, which costs CPU on a small machine.
  return new Configuration({ persistStorage: false, purgeOnStart: true, memoryMbytes: crawl.memoryBudgetMb, availableMemoryRatio: 1, systemInfoIntervalMillis: 5000 });
}

export function createHttpCrawler(setup: CrawlerSetup): BasicCrawler {
  const { crawl, tuning, handlers } = setup;
  const timeoutMs = crawl.requestTimeoutSecs * 1000;
  const accept = 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8';
  return new BasicCrawler(
    {
      async requestHandler({ request }) {
        const res = await fetchPage(request.url, { ...request.headers, 'user-agent': crawl.userAgent, accept }, timeoutMs);
        request.loadedUrl = res.url;
        const page: PageInput = { url: res.url, body: decodeBody(res.bytes, res.contentType).text, status: res.status, contentType: res.contentType };
        await handlers.onResponse(request, page, res.headers);
      },
      requestQueue: setup.queue.asRequestQueue(),
      keepAlive: true,
      // Retry policy and blocks are ours (status.ts): no sessions to rotate on 403/429.
      useSessionPool: false,
      maxRequestRetries: crawl.maxRetries,
      // The fetch (bounded by requestTimeoutSecs) and storing the page (database writes) both happen in the handler.
      requestHandlerTimeoutSecs: 2 * crawl.requestTimeoutSecs + 60,
      maxConcurrency: tuning.maxConcurrency,
      // Pages are queued one at a time as their predecessors finish: poll the queue often, not every 0.5 s.
      autoscaledPoolOptions: { desiredConcurrency: tuning.maxConcurrency, minConcurrency: tuning.maxConcurrency, maybeRunIntervalSecs: 0.02 },
      errorHandler: async (ctx, error) => handlers.onRetry(ctx.request, error),
      failedRequestHandler: async (ctx, error) => handlers.onFailed(ctx.request, error),
      log: crawleeLog(setup.logger),
    },
    crawleeConfig(crawl),
  );
}
