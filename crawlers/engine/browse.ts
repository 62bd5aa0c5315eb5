import type { Locator, Page, Response } from 'playwright';
import type { Logger } from '../../core/logger';
import type { BrowseSteps } from '../types';
import { sleep } from './backoff';
import type { BrowseReport, ScrollStop } from './browse-plan';

/**
 * Drives a rendered page the way a reader would before its data is read:
 * clicks (reviews tab, sort menu, "Newest"), then scrolls the review list
 * while each scroll brings new data. Every wait is bounded — by its own
 * timeout and by the page's deadline — so a page whose markup changed or
 * whose requests hang costs seconds, never the crawl.
 */

export interface Captured {
  url: string;
  body: string;
}

/** What the browser handler records of a page's data traffic (browser.ts fills it in). */
export interface PageTraffic {
  /** Data responses (bodies still arriving), in arrival order. */
  responses: Promise<Captured | null>[];
  /** XHR/fetch requests started and not finished yet. */
  inflight: number;
  /** Stops recording (a reused tab must not feed one page's traffic into the next one's). */
  stop?: () => void;
}

function isDataRequest(type: string): boolean {
  return type === 'xhr' || type === 'fetch';
}

/** Responses worth handing to adapters: data, not images or scripts. */
function isCapturable(response: Response): boolean {
  if (!isDataRequest(response.request().resourceType())) return false;
  const ct = response.headers()['content-type'] ?? '';
  return /json|text\/plain|javascript/.test(ct);
}

/** Starts recording a page's data traffic; call before it navigates. */
export function trackTraffic(page: Page): PageTraffic {
  const traffic: PageTraffic = { responses: [], inflight: 0 };
  // In-flight data requests tell the scroller whether more data is on its way.
  const started = (req: { resourceType(): string }) => void (isDataRequest(req.resourceType()) && traffic.inflight++);
  const done = (req: { resourceType(): string }) => void (isDataRequest(req.resourceType()) && (traffic.inflight = Math.max(0, traffic.inflight - 1)));
  const response = (res: Response) => {
    if (!isCapturable(res)) return;
    traffic.responses.push(res.text().then((body) => ({ url: res.url(), body }), () => null));
  };
  page.on('request', started);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', response);
  traffic.stop = () => {
    page.off('request', started);
    page.off('requestfinished', done);
    page.off('requestfailed', done);
    page.off('response', response);
  };
  return traffic;
}

export interface BrowsePlan {
  steps: BrowseSteps;
  /** `steps.scroll.maxScrolls`, capped by the target's page budget. */
  maxScrolls: number;
  /**
   * Incremental crawls: true when these newly captured responses hold only reviews already stored, so
   * scrolling to older ones is wasted. Absent for full sweeps, which read the whole list.
   */
  caughtUp?: (batch: Captured[]) => Promise<boolean>;
  /** For log lines (the target key). */
  label: string;
  /** True once the target's crawl ended (cancelled): the page is then left at once. */
  cancelled?: () => boolean;
}

export interface BrowseLimits {
  /** Epoch ms by which clicking and scrolling must be over. */
  deadline: number;
  /** Longest wait for data requests already in flight (the crawl's request timeout). */
  requestWaitMs: number;
  logger: Logger;
}

const DEFAULT_CLICK_WAIT_MS = 3000;
const DEFAULT_SETTLE_MS = 1500;
/** After a click that starts no request (opening a menu), this is all we wait. */
const CLICK_SETTLE_MS = 300;
/** Once data arrived, how long the traffic must stay quiet before the next step (chained requests). */
const QUIET_MS = 150;
const POLL_MS = 25;

export async function browsePage(page: Page, traffic: PageTraffic, plan: BrowsePlan, limits: BrowseLimits): Promise<BrowseReport> {
  const { steps } = plan;
  const report: BrowseReport = { clicked: [], missing: [], scrolls: 0, stop: null };
  const clickWait = steps.clickWaitMs ?? DEFAULT_CLICK_WAIT_MS;
  // Every wait below is bounded by this: the page's time budget, or nothing once the crawl was cancelled.
  const left = () => (plan.cancelled?.() ? 0 : limits.deadline - Date.now());

  for (const selector of steps.click ?? []) {
    const wait = Math.min(clickWait, left());
    const target = page.locator(selector).first();
    try {
      if (wait <= 0) throw new Error('no time left');
      await target.waitFor({ state: 'visible', timeout: wait });
      const before = traffic.responses.length;
      await target.click({ timeout: wait });
      report.clicked.push(selector);
      // A click that loads data (the "Newest" item) must have its response before the list is scrolled.
      await waitForData(traffic, before, CLICK_SETTLE_MS, limits.requestWaitMs, left);
    } catch {
      report.missing.push(selector);
    }
  }
  if (report.missing.length)
    limits.logger.warn({ target: plan.label, url: page.url(), missing: report.missing, clicked: report.clicked }, 'browse: selectors not found on the page; skipped');

  if (!steps.scroll) return report;
  const { selector, settleMs = DEFAULT_SETTLE_MS } = steps.scroll;
  const list = page.locator(selector).first();
  const found = await list.waitFor({ state: 'attached', timeout: Math.max(1, Math.min(clickWait, left())) }).then(
    () => true,
    () => false,
  );
  report.stop = found ? await scrollList(page, list, traffic, plan, report, { settleMs, requestWaitMs: limits.requestWaitMs, left }) : 'no-container';
  const level = report.stop === 'exhausted' || report.stop === 'caught-up' ? 'debug' : 'warn';
  limits.logger[level]({ target: plan.label, url: page.url(), scrolls: report.scrolls, stop: report.stop }, 'browse: scrolling stopped');
  return report;
}

async function scrollList(
  page: Page,
  list: Locator,
  traffic: PageTraffic,
  plan: BrowsePlan,
  report: BrowseReport,
  wait: { settleMs: number; requestWaitMs: number; left: () => number },
): Promise<ScrollStop> {
  let checkedUpTo = 0;
  for (;;) {
    if (plan.caughtUp) {
      // Only what arrived since the last check: newest-first, a batch of known reviews means the rest is known too.
      const upTo = traffic.responses.length;
      const batch = (await Promise.all(traffic.responses.slice(checkedUpTo, upTo))).filter((c): c is Captured => c !== null);
      checkedUpTo = upTo;
      if (batch.length > 0 && (await plan.caughtUp(batch).catch(() => false))) return 'caught-up';
    }
    if (report.scrolls >= plan.maxScrolls) return 'max-scrolls';
    if (wait.left() <= 0) return 'deadline';
    // Any data response counts as progress: an unrelated one costs a scroll, while missing the list's
    // own (a renamed endpoint) would end the scroll early and pass a partial read off as complete.
    const before = traffic.responses.length;
    const scrolled = await list.evaluate(scrollToEnd, undefined, { timeout: Math.max(1, Math.min(5000, wait.left())) }).catch(() => false);
    if (!scrolled) return 'no-container';
    report.scrolls++;
    const outcome = await waitForData(traffic, before, wait.settleMs, wait.requestWaitMs, wait.left);
    if (outcome !== 'data') return outcome;
    // Let the app render what arrived, so the next scroll reaches the new end of the list.
    await Promise.race([page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))), sleep(500)]).catch(() => {});
  }
}

/**
 * Runs in the page. Scrolls the element, or its nearest scrollable ancestor (a review item's selector then
 * finds its list), to the end; when already there, fires a scroll event so "load more" handlers still run.
 * No named helpers inside: tsx (keepNames) would wrap them in a `__name` call the page does not have.
 */
function scrollToEnd(el: Element): boolean {
  let box: Element | null = el;
  while (box && !(/(auto|scroll|overlay)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight)) box = box.parentElement;
  const target = box ?? document.scrollingElement;
  if (!target) return false;
  const before = target.scrollTop;
  target.scrollTop = target.scrollHeight;
  if (target.scrollTop === before) (box ?? window).dispatchEvent(new Event('scroll'));
  return true;
}

/**
 * Waits until responses past the first `before` arrived and the traffic went quiet ('data'), or until
 * nothing started within `settleMs` ('exhausted'). Requests in flight are waited for up to the request
 * timeout: one still pending then ('stalled'), or the time budget running out ('deadline'), means the
 * list may hold more, so neither counts as its end.
 */
async function waitForData(
  traffic: PageTraffic,
  before: number,
  settleMs: number,
  requestWaitMs: number,
  left: () => number,
): Promise<'data' | Exclude<ScrollStop, 'caught-up' | 'max-scrolls' | 'no-container'>> {
  const start = Date.now();
  let seen = traffic.responses.length;
  let lastChange = start;
  for (;;) {
    const now = Date.now();
    if (traffic.responses.length !== seen) {
      seen = traffic.responses.length;
      lastChange = now;
    }
    if (traffic.inflight === 0) {
      if (seen > before && now - lastChange >= QUIET_MS) return 'data';
      if (seen === before && now - start >= settleMs) return 'exhausted';
    }
    if (left() <= 0) return seen > before ? 'data' : 'deadline';
    if (now - start >= Math.max(settleMs, requestWaitMs)) return seen > before ? 'data' : 'stalled';
    await sleep(POLL_MS);
  }
}
