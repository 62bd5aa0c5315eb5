import { Configuration, HttpCrawler, createHttpRouter, type Request } from '@crawlee/cheerio';
import type { Settings } from '../../core/config/schema';
import type { Logger } from '../../core/logger';
import type { PageInput } from '../types';
import type { BrowsePlan } from './browse';
import type { BrowseReport } from './browse-plan';
import { crawleeLog } from './crawlee-log';
import { decodeBody } from './decode';
import { FetchHttpClient } from './fetch-client';
import { PageQueue } from './page-queue';
import { allErrorStatuses } from './status';
import type { EngineTuning } from './types';

/**
 * The crawlee side for plain HTTP pages. HttpCrawler is CheerioCrawler's base
 * class: CheerioCrawler would parse every page twice (htmlparser2 and
 * cheerio.load) before our handler runs and decode by the Content-Type header
 * only, while adapters parse the body themselves and pages may declare their
 * charset in a <meta> tag. So we take the raw bytes and decode them once.
 */
export const REVIEWS_PAGE = 'REVIEWS_PAGE';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

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
}

/** In-memory storage only: crawlee must never write ./storage into the working directory. */
export function crawleeConfig(crawl: Settings['crawl']): Configuration {
  // Memory is sampled every 5 s (not 1 s): each sample lists processes, which costs CPU on a small machine.
  return new Configuration({ persistStorage: false, purgeOnStart: true, memoryMbytes: crawl.memoryBudgetMb, availableMemoryRatio: 1, systemInfoIntervalMillis: 5000 });
}

export function createHttpCrawler(setup: CrawlerSetup): HttpCrawler<any> {
  const { crawl, tuning, handlers } = setup;
  const router = createHttpRouter();
  router.addHandler(REVIEWS_PAGE, async (ctx) => {
    const headers = ctx.response.headers as ResponseHeaders;
    const contentType = (headers['content-type'] as string | undefined) ?? null;
    const bytes = Buffer.isBuffer(ctx.body) ? ctx.body : Buffer.from(String(ctx.body), 'utf8');
    const page: PageInput = {
      url: ctx.request.loadedUrl ?? ctx.request.url,
      body: decodeBody(bytes, contentType).text,
      status: ctx.response.statusCode ?? 200,
      contentType,
    };
    await handlers.onResponse(ctx.request, page, headers);
  });
  return new HttpCrawler(
    {
      requestHandler: router,
      requestQueue: new PageQueue().asRequestQueue(),
      keepAlive: true,
      // Retry policy and blocks are ours (status.ts): no session rotation on 403/429.
      useSessionPool: false,
      persistCookiesPerSession: false,
      maxRequestRetries: crawl.maxRetries,
      // Connection errors count as "session" errors in crawlee, retried on their own budget: give them ours.
      maxSessionRotations: crawl.maxRetries,
      navigationTimeoutSecs: crawl.requestTimeoutSecs,
      // Storing a page (database writes) happens in the handler.
      requestHandlerTimeoutSecs: crawl.requestTimeoutSecs + 60,
      maxConcurrency: tuning.maxConcurrency,
      // Pages are queued one at a time as their predecessors finish: poll the queue often, not every 0.5 s.
      autoscaledPoolOptions: { desiredConcurrency: tuning.maxConcurrency, minConcurrency: tuning.maxConcurrency, maybeRunIntervalSecs: 0.02 },
      ignoreHttpErrorStatusCodes: allErrorStatuses,
      additionalMimeTypes: ['application/json', 'text/plain', 'application/ld+json'],
      // Keeps the bytes as they came (latin1 is byte-for-byte); decodeBody picks the real charset.
      forceResponseEncoding: 'latin1',
      httpClient: new FetchHttpClient(),
      preNavigationHooks: [
        (_ctx, gotOptions) => {
          gotOptions.headers = { ...gotOptions.headers, 'user-agent': crawl.userAgent, accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8' };
        },
      ],
      errorHandler: async (ctx, error) => handlers.onRetry(ctx.request, error),
      failedRequestHandler: async (ctx, error) => handlers.onFailed(ctx.request, error),
      log: crawleeLog(setup.logger),
    },
    crawleeConfig(crawl),
  );
}
