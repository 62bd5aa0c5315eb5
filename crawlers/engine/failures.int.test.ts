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

async function crawlWith(prefix: string, setup: (s: FixtureSite) => void, crawl = {}, mode: 'full' | 'incremental' = 'full') {
  const { db } = t();
  site = await startFixtureSite({ reviews: makeReviews(30, { prefix }), perPage: 10 });
  setup(site);
  const targetId = await seedTarget(db, { url: site.url() });
  const [run] = await runCrawl(testContext(db, adapter, crawl), { targetIds: [targetId], mode, tuning: fastTuning });
  return { run: run!, targetId, db };
}

describe('runCrawl: transient failures are retried', () => {
  it('waits at least Retry-After after a 429, then reads the page', async () => {
    const { run } = await crawlWith('ra', (s) => s.fail('/biz/fixture-motors?page=2', { kind: 'status', status: 429, retryAfter: '1' }));
    expect(run).toMatchObject({ status: 'ok', pages: 3, reviewsNew: 30, errors: 1 });
    const [first, second] = site!.times.get('/biz/fixture-motors?page=2')!;
    expect(second! - first!).toBeGreaterThanOrEqual(1000);
  });

  it('accepts Retry-After as an HTTP date', async () => {
    // HTTP dates have whole seconds: 2 s ahead, computed when the 429 is sent, means at least 1 s of waiting.
    const when = () => new Date(Date.now() + 2000).toUTCString();
    const { run } = await crawlWith('rd', (s) => s.fail('/biz/fixture-motors?page=2', { kind: 'status', status: 429, retryAfter: when }));
    expect(run.status).toBe('ok');
    const [first, second] = site!.times.get('/biz/fixture-motors?page=2')!;
    expect(second! - first!).toBeGreaterThanOrEqual(900);
  });

  it('retries a 503 and succeeds', async () => {
    const { run } = await crawlWith('sv', (s) => s.fail('/biz/fixture-motors', { kind: 'status', status: 503 }));
    expect(run).toMatchObject({ status: 'ok', pages: 3, reviewsNew: 30, errors: 1 });
    expect(site!.hits.get('/biz/fixture-motors')).toBe(2);
  });

  it('retries a request that timed out and succeeds', async () => {
    const { run } = await crawlWith('to', (s) => s.fail('/biz/fixture-motors?page=3', { kind: 'hang', ms: 2500 }), { requestTimeoutSecs: 1 });
    expect(run).toMatchObject({ status: 'ok', pages: 3, reviewsNew: 30, errors: 1 });
    expect(site!.hits.get('/biz/fixture-motors?page=3')).toBe(2);
  });

  it('ends as blocked (rate-limited) when 429s never stop', async () => {
    const { run } = await crawlWith('rl', (s) => s.fail('/biz/fixture-motors?page=2', ...Array(5).fill({ kind: 'status', status: 429 })), { maxRetries: 2 });
    expect(run).toMatchObject({ status: 'blocked', blockedReason: 'rate-limited', reviewsNew: 10, completeSweep: false });
    expect(site!.hits.get('/biz/fixture-motors?page=2')).toBe(3);
  });
});

describe('runCrawl: pages that are not what they should be', () => {
  it('a captcha page mid-list ends the run as blocked, keeps earlier reviews and removes nothing', async () => {
    const { db } = t();
    site = await startFixtureSite({ reviews: makeReviews(30, { prefix: 'cp' }), perPage: 10 });
    const targetId = await seedTarget(db, { url: site.url() });
    const ctx = testContext(db, adapter, { removalMisses: 1 });
    await runCrawl(ctx, { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    site.fail('/biz/fixture-motors?page=2', { kind: 'captcha' });
    const [run] = await runCrawl(ctx, { targetIds: [targetId], mode: 'full', tuning: fastTuning });
    expect(run).toMatchObject({ status: 'blocked', blockedReason: 'captcha', pages: 2, reviewsSeen: 10, reviewsRemoved: 0, completeSweep: false });
    expect(site.hits.get('/biz/fixture-motors?page=2')).toBe(2);
    expect(site.hits.get('/biz/fixture-motors?page=3')).toBe(1);
    const reviews = await db.selectFrom('reviews').select(['removed_at', 'missed_sweeps']).where('target_id', '=', targetId).execute();
    expect(reviews).toHaveLength(30);
    expect(reviews.every((r) => r.removed_at === null && r.missed_sweeps === 0)).toBe(true);
    const raw = await db.selectFrom('raw_pages').select('status').where('crawl_run_id', '=', run!.runId).execute();
    expect(raw).toHaveLength(2);
  });

  it('a page cut off mid-body is retried; if it stays cut off the run is partial and removes nothing', async () => {
    const { run, db, targetId } = await crawlWith(
      'tr',
      (s) => s.fail('/biz/fixture-motors?page=2', ...Array(4).fill({ kind: 'truncated' })),
      { maxRetries: 3, removalMisses: 1 },
    );
    expect(run).toMatchObject({ status: 'partial', reviewsNew: 10, completeSweep: false, reviewsRemoved: 0 });
    expect(run.errorMessage).toMatch(/fixture-motors\?page=2/);
    expect(site!.hits.get('/biz/fixture-motors?page=2')).toBe(4);
    const live = await db.selectFrom('reviews').select('id').where('target_id', '=', targetId).where('removed_at', 'is', null).execute();
    expect(live).toHaveLength(10);
  });

  it('a malformed page is not retried and ends the run with a clear error', async () => {
    const { run } = await crawlWith('mf', (s) => s.fail('/biz/fixture-motors?page=3', { kind: 'malformed' }));
    expect(run).toMatchObject({ status: 'partial', reviewsNew: 20, completeSweep: false });
    expect(run.errorMessage).toMatch(/Could not read .*page=3: no #reviews list/);
    expect(site!.hits.get('/biz/fixture-motors?page=3')).toBe(1);
  });

  it('a malformed first page fails the run', async () => {
    const { run } = await crawlWith('mf1', (s) => s.fail('/biz/fixture-motors', { kind: 'malformed' }));
    expect(run).toMatchObject({ status: 'failed', reviewsNew: 0 });
  });

  it('a missing page (404) fails without retries', async () => {
    const { run } = await crawlWith('nf', (s) => s.fail('/biz/fixture-motors', { kind: 'status', status: 404 }));
    expect(run.status).toBe('failed');
    expect(run.errorMessage).toMatch(/does not exist \(HTTP 404\)/);
    expect(site!.hits.get('/biz/fixture-motors')).toBe(1);
  });

  it('a connection refused fails after retries with the reason', async () => {
    const { db } = t();
    const targetId = await seedTarget(db, { url: 'http://127.0.0.1:9/biz/closed' });
    const [run] = await runCrawl(testContext(db, adapter, { maxRetries: 1, respectRobotsTxt: false }), { targetIds: [targetId], tuning: fastTuning });
    expect(run).toMatchObject({ status: 'failed', errors: 2 });
    expect(run!.errorMessage).toMatch(/after 2 attempts/);
  });
});
