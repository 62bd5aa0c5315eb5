import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseEnv } from '../../core/env';
import { silentLogger } from '../../core/logger';
import { startDemoSite, type DemoSite } from '../../demo/site';
import { sitePaths, siteView } from '../../demo/site/view';
import { buildDemoWorld } from '../../demo/world/build';
import { useTestDatabase } from '../../test/support/db';
import type { CrawlContext } from './types';
import { runCrawl } from './run-crawl';
import { fastTuning, seedTarget, testSettings } from './testing/seed';

/**
 * The engine with the real adapters (the registry) against the demo review
 * site: DealerRater-style dealer pages and the schema.org company page.
 */
// vitest.config's projects do not inherit the root hookTimeout; a loaded machine needs more than 10 s for PGlite.
vi.setConfig({ hookTimeout: 60_000, testTimeout: 90_000 });
const t = useTestDatabase(import.meta.url);
const world = buildDemoWorld({ asOf: '2026-03-15', months: 6 });
let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ world, pageSize: 10 });
});
afterAll(async () => {
  await site.close();
});

const ctx = (): CrawlContext => ({ db: t().db, settings: testSettings({ maxPagesPerRun: 500 }), env: parseEnv({}), logger: silentLogger, sites: [] });

describe('runCrawl on the demo site with the real adapters', () => {
  let dealer = 0;
  let company = 0;

  it('reads every page of a dealer and the company listing, and never touches robots-disallowed paths', async () => {
    const { db } = t();
    dealer = await seedTarget(db, { url: `${site.url}${sitePaths.dealer('riverside')}`, source: 'dealerrater' });
    company = await seedTarget(db, { url: `${site.url}${sitePaths.company()}`, source: 'schema-org', kind: 'company' });
    const runs = await runCrawl(ctx(), { targetIds: [dealer, company], mode: 'full', tuning: fastTuning });
    const view = siteView(world, 0);
    const want = { [dealer]: view.dealer.get('riverside')!.reviews.length, [company]: view.company.reviews.length };
    for (const run of runs) {
      expect(run).toMatchObject({ status: 'ok', completeSweep: true, reviewsNew: want[run.targetId], storedReviewCount: want[run.targetId] });
      expect(run.pages).toBe(Math.ceil(want[run.targetId]! / 10));
    }
    expect(site.stats().privateHits).toBe(0);
  });

  it('re-crawls incrementally through a 429 and a 503 and stops after the first known page', async () => {
    site.resetStats();
    site.setFailures([
      { path: sitePaths.dealer('riverside'), kind: '429', retryAfterSecs: 1 },
      { path: sitePaths.company(), kind: '503-once' },
    ]);
    const started = Date.now();
    const runs = await runCrawl(ctx(), { targetIds: [dealer, company], mode: 'incremental', tuning: fastTuning });
    expect(runs.map((r) => [r.status, r.pages, r.reviewsNew])).toEqual([
      ['ok', 1, 0],
      ['ok', 1, 0],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(site.stats().failuresServed).toBe(2);
    site.setFailures([]);
  });

  it('a captcha on a dealer page ends that run as blocked and leaves the other target alone', async () => {
    site.setFailures([{ path: /^\/dealer\/riverside\/reviews\/page3\//, kind: 'captcha' }]);
    const runs = await runCrawl(ctx(), { targetIds: [dealer, company], mode: 'full', tuning: fastTuning });
    const byTarget = new Map(runs.map((r) => [r.targetId, r]));
    expect(byTarget.get(dealer)).toMatchObject({ status: 'blocked', blockedReason: 'captcha', pages: 3, reviewsRemoved: 0, completeSweep: false });
    expect(byTarget.get(company)).toMatchObject({ status: 'ok', completeSweep: true });
    site.setFailures([]);
  });
});
