import { chromium } from 'playwright';
import { schemaOrgAdapter } from '../../crawlers/adapters/schema-org';
import { chromiumPath } from './bench';

/**
 * The browser baseline: plain Playwright on the same Chromium, `concurrency`
 * tabs each following a chain of /r/ pages. Each page is read the way the
 * engine reads it (wait for the network to go idle, take the rendered HTML,
 * same adapter), so the difference is the engine's own overhead: crawlee's
 * PlaywrightCrawler, browser pool, response capture, host gate and sink.
 */
export async function plainPlaywrightRun(startUrls: string[], concurrency: number): Promise<{ pages: number; reviews: number }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-background-networking'], headless: true });
  let pages = 0;
  let reviews = 0;
  try {
    const context = await browser.newContext();
    const queue = [...startUrls];
    const worker = async () => {
      const tab = await context.newPage();
      for (let url = queue.shift(); url; url = queue.shift()) {
        let next: string | null = url;
        while (next) {
          const res = await tab.goto(next);
          await tab.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
          const ex = schemaOrgAdapter.extract({ url: tab.url(), body: await tab.content(), status: res?.status() ?? 200, contentType: 'text/html' }, { crawledAt: new Date() });
          pages++;
          reviews += ex.reviews.length;
          next = ex.nextPageUrl;
        }
      }
      await tab.close();
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await browser.close();
  }
  return { pages, reviews };
}
