import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';

/**
 * The browser side's tabs: one Chromium, one context (shared cookies, as in
 * crawlee's browser pool), and up to `size` tabs that are reused from page to
 * page. crawlee's PlaywrightCrawler opens a fresh tab per request and closes
 * it after: on a 2-core machine that cost ~0.3 s per page to open and close,
 * and a fresh tab loads its page slower than one already warm (bench/crawl:
 * the engine read 1.0 pages/s where plain Playwright read 2.2).
 *
 * A tab goes back to the pool only when its page was read without error; it
 * is parked on about:blank first, so nothing of one target (scripts, timers,
 * requests in flight) runs on while the next target's page loads. A tab that
 * failed, crashed or served `MAX_USES` pages is closed instead (long-lived
 * tabs grow: crawlee retires its browsers after 100 pages for the same reason).
 */
const MAX_USES = 50;

export interface TabPoolOptions {
  size: number;
  executablePath: string;
  args: string[];
  userAgent: string;
}

export class TabPool {
  private browser: Promise<{ browser: Browser; context: BrowserContext }> | null = null;
  private readonly idle: Page[] = [];
  private readonly uses = new WeakMap<Page, number>();
  private closed = false;
  /** Tabs opened so far (tests check that tabs are reused). */
  opened = 0;

  constructor(private readonly opts: TabPoolOptions) {}

  /** A warm tab when one is free, else a new one (launching Chromium on first use, or after it went away). */
  async acquire(): Promise<Page> {
    if (this.closed) throw new Error('The browser was closed.');
    for (let tab = this.idle.pop(); tab; tab = this.idle.pop()) if (!tab.isClosed()) return tab;
    const { context } = await this.launch();
    this.opened++;
    return context.newPage();
  }

  /** Gives the tab back after a page; `reusable` false (the page failed) closes it. */
  async release(tab: Page, reusable: boolean): Promise<void> {
    const uses = (this.uses.get(tab) ?? 0) + 1;
    this.uses.set(tab, uses);
    if (reusable && !this.closed && !tab.isClosed() && uses < MAX_USES && this.idle.length < this.opts.size) {
      const parked = await tab.goto('about:blank', { timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (parked && !this.closed) return void this.idle.push(tab);
    }
    await tab.close().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    const launched = this.browser;
    this.browser = null;
    if (launched) await launched.then(({ browser }) => browser.close()).catch(() => {});
  }

  private launch(): Promise<{ browser: Browser; context: BrowserContext }> {
    this.browser ??= (async () => {
      const browser = await chromium.launch({ executablePath: this.opts.executablePath, args: this.opts.args, headless: true });
      // A browser that crashed or was killed is launched again on the next acquire.
      browser.on('disconnected', () => {
        this.browser = null;
        this.idle.length = 0;
      });
      const context = await browser.newContext({ userAgent: this.opts.userAgent });
      return { browser, context };
    })().catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    return this.browser;
  }
}
