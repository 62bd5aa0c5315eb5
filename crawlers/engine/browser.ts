import { existsSync } from 'node:fs';
import { BasicCrawler, type BasicCrawlerOptions, type Configuration } from '@crawlee/cheerio';
import type { Response } from 'playwright';
import { AppError } from '../../core/errors';
import type { PageInput } from '../types';
import { browsePage, trackTraffic, type BrowsePlan, type Captured } from './browse';
import { crawleeLog } from './crawlee-log';
import { crawleeConfig, type CrawlerSetup, type ResponseHeaders } from './crawlers';
import { TabPool } from './tab-pool';

/**
 * Pages that only show reviews after JavaScript runs go through Debian's
 * Chromium (Playwright cannot download browsers here). JSON the page loads
 * while rendering is captured for adapters that read the data, not the DOM
 * (Google Maps). Adapters that declare `browse` steps get their page clicked
 * and scrolled first (./browse.ts), within the page's time budget. crawlee's
 * BasicCrawler runs the queue, timeouts and retries; tabs come from our own
 * pool (./tab-pool.ts), which reuses them from page to page.
 */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'];

export function assertChromium(path: string): void {
  if (!existsSync(path))
    throw new AppError('BROWSER_MISSING', `Chromium was not found at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH.`, {
      param: 'CHROMIUM_PATH',
    });
}

/** A BasicCrawler that closes its browser when it is torn down (crawl-targets.ts does, and so does run()). */
class BrowserPageCrawler extends BasicCrawler {
  constructor(
    options: BasicCrawlerOptions,
    config: Configuration,
    private readonly tabs: TabPool,
  ) {
    super(options, config);
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    await this.tabs.close();
  }
}

export function createBrowserCrawler(setup: CrawlerSetup & { chromiumPath: string }): BasicCrawler {
  const { crawl, tuning, handlers } = setup;
  const tabs = new TabPool({ size: tuning.maxBrowserPages, executablePath: setup.chromiumPath, args: chromiumArgs, userAgent: crawl.userAgent });
  const navigationMs = crawl.requestTimeoutSecs * 1000;
  return new BrowserPageCrawler(
    {
      async requestHandler({ request }) {
        const page = await tabs.acquire();
        // Recorded from before the navigation: the data a page loads while rendering is what adapters read.
        const traffic = trackTraffic(page);
        let readable = false;
        try {
          let response: Response | null;
          try {
            response = await page.goto(request.url, { timeout: navigationMs });
          } catch (error) {
            throw new Error(`Navigation to ${request.url} failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
          }
          request.loadedUrl = page.url();
          const started = Date.now();
          // Let the page finish its data requests, but do not wait forever on long-polling pages.
          await page.waitForLoadState('networkidle', { timeout: tuning.browserSettleMs }).catch(() => {});
          const plan: BrowsePlan | null = handlers.browsePlan?.(request) ?? null;
          const report = plan
            ? await browsePage(page, traffic, plan, { deadline: started + tuning.browseBudgetMs, requestWaitMs: navigationMs, logger: setup.logger })
            : undefined;
          const captured = (await Promise.all(traffic.responses)).filter((c): c is Captured => c !== null);
          const headers = (response?.headers() ?? {}) as ResponseHeaders;
          const input: PageInput = {
            url: page.url(),
            body: await page.content(),
            status: response?.status() ?? 200,
            contentType: (headers['content-type'] as string | undefined) ?? 'text/html',
            captured,
          };
          readable = true;
          await handlers.onResponse(request, input, headers, report);
        } finally {
          traffic.stop?.();
          // A tab whose page failed (navigation timeout, crash) may be in any state: it is closed, not reused.
          // Awaited, so the tab is back in the pool before this slot's next page asks for one.
          await tabs.release(page, readable);
        }
      },
      requestQueue: setup.queue.asRequestQueue(),
      keepAlive: true,
      useSessionPool: false,
      maxRequestRetries: crawl.maxRetries,
      // Navigating, settling, clicking and scrolling (bounded by browseBudgetMs) come before storing the page.
      requestHandlerTimeoutSecs: 2 * crawl.requestTimeoutSecs + 60 + Math.ceil((tuning.browserSettleMs + tuning.browseBudgetMs) / 1000),
      maxConcurrency: tuning.maxBrowserPages,
      // The configured number of pages, from the start and throughout. crawlee would start at one and add a page
      // every 10 s at best, and hold at one while it thinks the machine is overloaded: it sums the RSS of
      // Chromium's processes, counting shared memory once per process (1.3-1.5 GB for two tabs against the
      // default 1024 MB budget), and a busy CPU (always, on a small machine running Chromium). Chromium's share
      // is bounded by maxBrowserPages; the engine's own memory by the budget in the host gate (crawl-targets.ts).
      // Next pages are queued as their predecessors finish: poll the queue often, as for HTTP pages.
      autoscaledPoolOptions: { desiredConcurrency: tuning.maxBrowserPages, minConcurrency: tuning.maxBrowserPages, maybeRunIntervalSecs: 0.05 },
      errorHandler: async ({ request }, error) => handlers.onRetry(request, error),
      failedRequestHandler: async ({ request }, error) => handlers.onFailed(request, error),
      log: crawleeLog(setup.logger),
    },
    crawleeConfig(crawl),
    tabs,
  );
}
