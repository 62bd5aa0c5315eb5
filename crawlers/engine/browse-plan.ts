import { z } from 'zod';
import type { BrowseSteps } from '../types';

/**
 * The pure half of page interaction (the Playwright half is ./browse.ts):
 * which steps a target gets — the adapter's, overridden by the target's
 * `options.browse` — and what a finished walk means for the crawl.
 */

/** Used when an override adds a scroll step without saying how far. */
export const DEFAULT_MAX_SCROLLS = 20;

const selector = z.string().trim().min(1);

/**
 * `options.browse` on a target: `false` turns interaction off (`scroll: false` only the scrolling); fields
 * given replace the adapter's, `scroll` field by field. The `false`s are taken off before parsing, so an
 * error names the exact field rather than "matches none of the alternatives".
 */
const overrideSchema = z
  .object({
    click: z.array(selector).optional(),
    clickWaitMs: z.number().int().min(0).max(60_000).optional(),
    scroll: z
      .object({
        selector: selector.optional(),
        maxScrolls: z.number().int().min(0).max(10_000).optional(),
        settleMs: z.number().int().min(0).max(60_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The steps for one target, or null for none. Throws an Error naming the problem when the override is
 * malformed: a target whose interaction is misconfigured should fail visibly, not crawl half a page.
 */
export function resolveBrowse(adapterSteps: BrowseSteps | undefined, override: unknown): BrowseSteps | null {
  if (override === undefined || override === null) return adapterSteps ? normalise(adapterSteps) : null;
  if (override === false) return null;
  const scrollOff = typeof override === 'object' && (override as Record<string, unknown>).scroll === false;
  const parsed = overrideSchema.safeParse(scrollOff ? { ...override, scroll: undefined } : override);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = ['options', 'browse', ...issue.path.map(String)].join('.');
    throw new Error(`${where}: ${issue.message}`);
  }
  const o = parsed.data;
  const steps: BrowseSteps = {
    click: o.click ?? adapterSteps?.click,
    clickWaitMs: o.clickWaitMs ?? adapterSteps?.clickWaitMs,
  };
  if (!scrollOff) {
    const merged = { ...adapterSteps?.scroll, ...stripUndefined(o.scroll ?? {}) };
    if (o.scroll && !merged.selector) throw new Error('options.browse.scroll.selector: required (the adapter has no scroll step to extend)');
    if (merged.selector) steps.scroll = { ...merged, selector: merged.selector, maxScrolls: merged.maxScrolls ?? DEFAULT_MAX_SCROLLS };
  }
  return normalise(steps);
}

function normalise(steps: BrowseSteps): BrowseSteps | null {
  const out: BrowseSteps = {};
  if (steps.click?.length) out.click = [...steps.click];
  if (steps.clickWaitMs !== undefined) out.clickWaitMs = steps.clickWaitMs;
  if (steps.scroll) out.scroll = stripUndefined(steps.scroll) as NonNullable<BrowseSteps['scroll']>;
  return out.click || out.scroll ? out : null;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Why scrolling stopped. Only `exhausted` and `caught-up` mean the list was read as far as the crawl needs. */
export type ScrollStop = 'exhausted' | 'caught-up' | 'max-scrolls' | 'deadline' | 'stalled' | 'no-container';

export interface BrowseReport {
  /** Click selectors that were found and clicked, in order. */
  clicked: string[];
  /** Click selectors that never appeared (or could not be clicked). */
  missing: string[];
  /** Scrolls performed. */
  scrolls: number;
  /** Null when there was no scroll step. */
  stop: ScrollStop | null;
}

/**
 * For a page whose list was not read to its end: the sentence the run records, which also makes the
 * crawl partial (a full sweep that saw only part of the list must not mark the rest removed).
 */
export function unfinishedScrollMessage(report: BrowseReport | null | undefined, url: string): string | null {
  switch (report?.stop) {
    case 'max-scrolls':
      return `Stopped scrolling ${url} after ${report.scrolls} scrolls (the scroll limit or page budget); older reviews were not read.`;
    case 'deadline':
      return `Stopped scrolling ${url} after ${report.scrolls} scrolls: the page's time budget ran out; older reviews were not read.`;
    case 'stalled':
      return `Stopped scrolling ${url} after ${report.scrolls} scrolls: a data request did not finish within the request timeout; older reviews were not read.`;
    case 'no-container':
      if (report.scrolls > 0) return `The review list on ${url} could no longer be scrolled after ${report.scrolls} scrolls; older reviews were not read.`;
      return `The scrollable review list was not found on ${url} (the site's markup may have changed; see options.browse); only the first screen of reviews was read.`;
    default:
      return null;
  }
}
