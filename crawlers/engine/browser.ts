import { existsSync } from 'node:fs';
import { PlaywrightCrawler, createPlaywrightRouter } from '@crawlee/playwright';
import { chromium, type Page, type Response } from 'playwright';
import { AppError } from '../../core/errors';
import type { PageInput } from '../types';
import { crawleeLog } from './crawlee-log';
import { PageQueue } from './page-queue';
import { crawleeConfig, REVIEWS_PAGE, type CrawlerSetup, type ResponseHeaders } from './crawlers';

/**
 * Pages that only show reviews after JavaScript runs go through Debian's
 * Chromium (Playwright cannot download browsers here). JSON the page loads
 * while rendering is captured for adapters that read the data, not the DOM
 * (Google Maps).
 */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'];

export function assertChromium(path: string): void {
  if (!existsSync(path))
    throw new AppError('BROWSER_MISSING', `Chromium was not found at ${path}: install it (apt-get install chromium) or set CHROMIUM_PATH.`, {
      param: 'CHROMIUM_PATH',
    });
}

/** Responses worth handing to adapters: data, not images or scripts. */
function isCapturable(response: Response): boolean {
  const type = response.request().resourceType();
  if (type !== 'xhr' && type !== 'fetch') return false;
  const ct = response.headers()['content-type'] ?? '';
  return /json|text\/plain|javascript/.test(ct);
}

const captures = new WeakMap<Page, Promise<{ url: string; body: string } | null>[]>();

export function createBrowserCrawler(setup: CrawlerSetup & { chromiumPath: string }): PlaywrightCrawler {
  const { crawl, tuning, handlers } = setup;
  const router = createPlaywrightRouter();
  router.addHandler(REVIEWS_PAGE, async ({ page, request, response }) => {
    // Let the page finish its data requests, but do not wait forever on long-polling pages.
    await page.waitForLoadState('networkidle', { timeout: tuning.browserSettleMs }).catch(() => {});
    const captured = (await Promise.all(captures.get(page) ?? [])).filter((c): c is { url: string; body: string } => c !== null);
    const headers = (response?.headers() ?? {}) as ResponseHeaders;
    const input: PageInput = {
      url: page.url(),
      body: await page.content(),
      status: response?.status() ?? 200,
      contentType: (headers['content-type'] as string | undefined) ?? 'text/html',
      captured,
    };
    await handlers.onResponse(request, input, headers);
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
      requestHandlerTimeoutSecs: crawl.requestTimeoutSecs + 60,
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
          const list: Promise<{ url: string; body: string } | null>[] = [];
          captures.set(page, list);
          page.on('response', (res) => {
            if (!isCapturable(res)) return;
            list.push(res.text().then((body) => ({ url: res.url(), body }), () => null));
          });
        },
      ],
      errorHandler: async ({ request }, error) => handlers.onRetry(request, error),
      failedRequestHandler: async ({ request }, error) => handlers.onFailed(request, error),
      log: crawleeLog(setup.logger),
    },
    crawleeConfig(crawl),
  );
}
