import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { runCrawl } from './run-crawl';
import { createFixtureAdapter } from './testing/fixture-adapter';
import { makeReviews, startFixtureSite, type FixtureSite } from './testing/fixture-site';
import { fastTuning, seedTarget, testContext } from './testing/seed';

// vitest.config's projects do not inherit the root hookTimeout; a loaded machine needs more than 10 s for PGlite.
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);
const adapter = createFixtureAdapter();
let site: FixtureSite | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

describe('runCrawl: paging and politeness', () => {
  it('follows next links over several pages and stores every review with the entity chain', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(35), perPage: 10, siteReviewCount: 36 });
    const targetId = await seedTarget(db, { url: site.url() });
    const [run] = await runCrawl(testContext(db, adapter, { userAgent: 'repwatch-test/1.0' }), { targetIds: [targetId], tuning: fastTuning });
    expect(run).toMatchObject({ status: 'ok', mode: 'full', pages: 4, reviewsSeen: 35, reviewsNew: 35, completeSweep: true, siteReviewCount: 36, storedReviewCount: 35 });
    expect(site.userAgents.every((ua) => ua === 'repwatch-test/1.0')).toBe(true);
    const row = await db.selectFrom('crawl_runs').selectAll().where('id', '=', run!.runId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'ok', pages: 4, reviews_new: 35, site_review_count: 36, site_rating: 4.5, stored_review_count: 35 });
    const target = await db.selectFrom('targets').selectAll().where('id', '=', targetId).executeTakeFirstOrThrow();
    const reviews = await db.selectFrom('reviews').selectAll().where('target_id', '=', targetId).execute();
    expect(reviews).toHaveLength(35);
    expect(reviews.every((r) => r.location_id === target.location_id && r.organization_id === target.organization_id && r.entity_kind === 'location')).toBe(true);
    expect(await db.selectFrom('raw_pages').select('id').where('crawl_run_id', '=', run!.runId).execute()).toHaveLength(4);
    expect(target.last_full_sweep_at).not.toBeNull();
  });
});

describe('runCrawl: stopping', () => {
  it('an unchanged 100-page target re-crawled incrementally fetches at most 2 pages', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(1000, { prefix: 'big' }), perPage: 10 });
    const targetId = await seedTarget(db, { url: site.url() });
    const ctx = testContext(db, adapter, { maxPagesPerRun: 500 });
    const [first] = await runCrawl(ctx, { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(first).toMatchObject({ status: 'ok', pages: 100, reviewsNew: 1000 });
    site.hits.clear();
    const [again] = await runCrawl(ctx, { targetIds: [targetId], mode: 'incremental', tuning: fastTuning });
    const pageHits = [...site.hits].filter(([k]) => k.startsWith('/biz/')).reduce((n, [, v]) => n + v, 0);
    expect(pageHits).toBeLessThanOrEqual(2);
    expect(again).toMatchObject({ status: 'ok', mode: 'incremental', reviewsNew: 0, reviewsChanged: 0, completeSweep: false });
  });

  it('an incremental crawl reads on while pages hold new reviews, then stops', async () => {
    const { db } = t();
    const reviews = makeReviews(50, { prefix: 'inc' });
    site = await startFixtureSite({ reviews, perPage: 10 });
    const targetId = await seedTarget(db, { url: site.url() });
    const ctx = testContext(db, adapter);
    await runCrawl(ctx, { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    // 15 new reviews on top: pages 1 and 2 have new ones, page 3 is all known.
    site.options.reviews = [...makeReviews(15, { prefix: 'new' }), ...reviews];
    const [run] = await runCrawl(ctx, { targetIds: [targetId], mode: 'incremental', tuning: fastTuning });
    expect(run).toMatchObject({ status: 'ok', pages: 3, reviewsNew: 15 });
  });

  it('stops an endless "next" loop', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(25, { prefix: 'loop' }), perPage: 10, endlessNext: true });
    const targetId = await seedTarget(db, { url: site.url() });
    const [run] = await runCrawl(testContext(db, adapter), { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(run!.status).toBe('partial');
    expect(run!.errorMessage).toMatch(/loops|already read/);
    expect(run!.pages).toBeLessThanOrEqual(4);
    expect(run!.completeSweep).toBe(false);
  });

  it('stops at the page cap and says so', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(60, { prefix: 'cap' }), perPage: 10 });
    const targetId = await seedTarget(db, { url: site.url() });
    const [run] = await runCrawl(testContext(db, adapter, { maxPagesPerRun: 2 }), { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(run).toMatchObject({ status: 'partial', pages: 2, reviewsNew: 20, completeSweep: false });
    expect(run!.errorMessage).toMatch(/maxPagesPerRun/);
  });
});

describe('runCrawl: cancelling', () => {
  it('stops when the signal aborts, keeps what was stored, and reports progress on the way', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(50, { prefix: 'ab' }), perPage: 10 });
    const targetId = await seedTarget(db, { url: site.url() });
    const ac = new AbortController();
    const progress: number[] = [];
    const [run] = await runCrawl(testContext(db, adapter, { delayMs: 50 }), {
      targetIds: [targetId],
      mode: 'full',
      signal: ac.signal,
      tuning: fastTuning,
      onProgress: (p) => {
        progress.push(p.pages);
        if (p.pages === 2) ac.abort();
      },
    });
    expect(run).toMatchObject({ status: 'partial', pages: 2, reviewsNew: 20, completeSweep: false, errorMessage: 'The crawl was cancelled.' });
    expect(progress).toEqual([1, 2]);
  });
});

describe('runCrawl: robots.txt and charsets', () => {
  it('does not fetch a start URL robots.txt disallows and fails the run with a clear message', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(5, { prefix: 'rb' }), robotsTxt: 'User-agent: *\nDisallow: /biz/\n' });
    const targetId = await seedTarget(db, { url: site.url() });
    const [run] = await runCrawl(testContext(db, adapter), { targetIds: [targetId], tuning: fastTuning });
    expect(run).toMatchObject({ status: 'failed', pages: 0 });
    expect(run!.errorMessage).toMatch(/robots\.txt disallows \/biz\/fixture-motors/);
    expect(site.hits.get('/robots.txt')).toBe(1);
    expect([...site.hits.keys()].filter((k) => k.startsWith('/biz/'))).toEqual([]);
  });

  it('fetches pages robots.txt allows', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(5, { prefix: 'ra' }), robotsTxt: 'User-agent: *\nDisallow: /private/\n' });
    const targetId = await seedTarget(db, { url: site.url() });
    const [run] = await runCrawl(testContext(db, adapter), { targetIds: [targetId], tuning: fastTuning });
    expect(run).toMatchObject({ status: 'ok', reviewsNew: 5 });
  });

  for (const declared of ['header', 'meta'] as const) {
    it(`decodes an ISO-8859-1 page declared in the ${declared === 'header' ? 'Content-Type header' : '<meta> tag'}`, async () => {
      const { db } = t();
      const reviews = makeReviews(3, { prefix: `l1${declared}` }).map((r, i) => ({ ...r, author: ['José Peña', 'Zoë Müller', 'François Ça'][i]!, text: `Très bien, señor ${i}` }));
      site = await startFixtureSite({ reviews, latin1: declared });
      const targetId = await seedTarget(db, { url: site.url() });
      await runCrawl(testContext(db, adapter), { targetIds: [targetId], tuning: fastTuning });
      const stored = await db.selectFrom('reviews').select(['author_name', 'text']).where('target_id', '=', targetId).orderBy('author_name').execute();
      expect(stored.map((r) => r.author_name)).toEqual(['François Ça', 'José Peña', 'Zoë Müller']);
      expect(stored.every((r) => r.text!.startsWith('Très bien, señor'))).toBe(true);
    });
  }
});
