import { existsSync } from 'node:fs';
import { PlaywrightCrawler, createPlaywrightRouter } from '@crawlee/playwright';
import { chromium, type Page } from 'playwright';
import { AppError } from '../../core/errors';
import type { PageInput } from '../types';
import { browsePage, trackTraffic, type Captured, type PageTraffic } from './browse';
import { crawleeLog } from './crawlee-log';
import { PageQueue } from './page-queue';
import { crawleeConfig, REVIEWS_PAGE, type CrawlerSetup, type ResponseHeaders } from './crawlers';

/**
 * Pages that only show reviews after JavaScript runs go through Debian's
 * Chromium (Playwright cannot download browsers here). JSON the page loads
 * while rendering is captured for adapters that read the data, not the DOM
 * (Google Maps). Adapters that declare `browse` steps get their page clicked
 * and scrolled first (./browse.ts), within the page's time budget.
 */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'];

export function assertChromium(path: string): void {
  if (!existsSync(path))
    throw new AppError('BROWSER_MISSING', `Chromium was not found at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH.`, {
      param: 'CHROMIUM_PATH',
    });
}

const traffics = new WeakMap<Page, PageTraffic>();

export function createBrowserCrawler(setup: CrawlerSetup & { chromiumPath: string }): PlaywrightCrawler {
  const { crawl, tuning, handlers } = setup;
  const router = createPlaywrightRouter();
  router.addHandler(REVIEWS_PAGE, async ({ page, request, response }) => {
    const started = Date.now();
    // Let the page finish its data requests, but do not wait forever on long-polling pages.
    await page.waitForLoadState('networkidle', { timeout: tuning.browserSettleMs }).catch(() => {});
    const traffic = traffics.get(page) ?? { responses: [], inflight: 0 };
    const plan = handlers.browsePlan?.(request) ?? null;
    const report = plan
      ? await browsePage(page, traffic, plan, { deadline: started + tuning.browseBudgetMs, requestWaitMs: crawl.requestTimeoutSecs * 1000, logger: setup.logger })
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
    await handlers.onResponse(request, input, headers, report);
  });
  return new PlaywrightCrawler(
    {
      requestHandler: router,
      requestQueue: new PageQueue().asRequestQueue(),
      keepAlive: true,
      useSessionPool: false,
      persistCookiesPerSession: false,
      maxRequestRetries: crawl.maxRetries,
      maxSessionRotations: crawl.maxRetries,
      navigationTimeoutSecs: crawl.requestTimeoutSecs,
      // Settling, clicking and scrolling (bounded by browseBudgetMs) come before storing the page.
      requestHandlerTimeoutSecs: crawl.requestTimeoutSecs + 60 + Math.ceil((tuning.browserSettleMs + tuning.browseBudgetMs) / 1000),
      maxConcurrency: tuning.maxBrowserPages,
      headless: true,
      launchContext: {
        launcher: chromium,
        userAgent: crawl.userAgent,
        launchOptions: { executablePath: setup.chromiumPath, args: chromiumArgs, headless: true },
      },
      browserPoolOptions: { useFingerprints: false, maxOpenPagesPerBrowser: tuning.maxBrowserPages },
      preNavigationHooks: [
        async ({ page }) => {
          traffics.set(page, trackTraffic(page));
        },
      ],
      errorHandler: async ({ request }, error) => handlers.onRetry(request, error),
      failedRequestHandler: async ({ request }, error) => handlers.onFailed(request, error),
      log: crawleeLog(setup.logger),
    },
    crawleeConfig(crawl),
  );
}
