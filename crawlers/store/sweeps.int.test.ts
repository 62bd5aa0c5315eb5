import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { runCrawl } from '../engine/run-crawl';
import { createFixtureAdapter } from '../engine/testing/fixture-adapter';
import { makeReviews, startFixtureSite, type FixtureSite } from '../engine/testing/fixture-site';
import { fastTuning, seedTarget, testContext } from '../engine/testing/seed';
import { reparse } from '../reparse';
import { pruneRawPages } from './raw-pages';

// vitest.config's projects do not inherit the root hookTimeout; a loaded machine needs more than 10 s for PGlite.
vi.setConfig({ hookTimeout: 60_000, testTimeout: 60_000 });
const t = useTestDatabase(import.meta.url);
const adapter = createFixtureAdapter();
let site: FixtureSite | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

async function setup(prefix: string, n = 20, options: { withIds?: boolean } = {}) {
  const { db } = t();
  site = await startFixtureSite({ reviews: makeReviews(n, { prefix, ...options }), perPage: 10 });
  const targetId = await seedTarget(db, { url: site.url() });
  const ctx = testContext(db, adapter);
  const crawl = async (mode: 'full' | 'incremental' = 'full') => (await runCrawl(ctx, { targetIds: [targetId], mode, tuning: fastTuning }))[0]!;
  const reviews = () => db.selectFrom('reviews').selectAll().where('target_id', '=', targetId).orderBy('external_id').execute();
  return { db, targetId, ctx, crawl, reviews, site: site! };
}

describe('review storage across crawls', () => {
  it('an edited review gets a new version with the changed fields and is queued for processing again', async () => {
    const { db, crawl, reviews, site } = await setup('ed');
    await crawl();
    // As if processing had run; an unchanged review seen again stays out of the queue.
    await db.deleteFrom('processing_queue').execute();
    const before = (await reviews()).find((r) => r.external_id === 'ed20')!;
    site.options.reviews[0] = { ...site.options.reviews[0]!, text: 'Changed my mind: terrible.', rating: 3, response: 'We are sorry to hear that.' };
    const run = await crawl('incremental');
    expect(run).toMatchObject({ reviewsChanged: 1, reviewsNew: 0 });
    const after = (await reviews()).find((r) => r.external_id === 'ed20')!;
    expect(after).toMatchObject({ version: 2, text: 'Changed my mind: terrible.', rating: 3, owner_response_text: 'We are sorry to hear that.' });
    const queued = await db.selectFrom('processing_queue').select('review_id').execute();
    expect(queued.map((q) => q.review_id)).toEqual([after.id]);
    expect(after.content_hash).not.toBe(before.content_hash);
    expect(after.first_seen_at.getTime()).toBe(before.first_seen_at.getTime());
    const versions = await db.selectFrom('review_versions').selectAll().where('review_id', '=', after.id).orderBy('version').execute();
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]!.changed_fields).toEqual(['rating', 'text', 'owner_response_text']);
    expect(versions[0]!.text).toBe(before.text);
  });

  it('reviews without site ids keep the same fingerprint across crawls', async () => {
    const { crawl, reviews } = await setup('fp', 15, { withIds: false });
    const first = await crawl();
    const ids = (await reviews()).map((r) => r.external_id);
    expect(ids.every((id) => /^fp:[0-9a-f]{40}$/.test(id))).toBe(true);
    const second = await crawl();
    expect(first.reviewsNew).toBe(15);
    expect(second).toMatchObject({ reviewsNew: 0, reviewsChanged: 0, reviewsSeen: 15 });
    expect((await reviews()).map((r) => r.external_id)).toEqual(ids);
  });

  it('a review is marked removed only after 2 complete sweeps miss it, and comes back when seen again', async () => {
    const { crawl, reviews, site } = await setup('rm');
    await crawl();
    const gone = site.options.reviews.splice(3, 1)[0]!;
    const s1 = await crawl();
    expect(s1).toMatchObject({ completeSweep: true, reviewsRemoved: 0 });
    let row = (await reviews()).find((r) => r.external_id === gone.id)!;
    expect(row).toMatchObject({ missed_sweeps: 1, removed_at: null });
    const inc = await crawl('incremental');
    expect(inc.reviewsRemoved).toBe(0);
    const s2 = await crawl();
    expect(s2).toMatchObject({ completeSweep: true, reviewsRemoved: 1, storedReviewCount: 19 });
    row = (await reviews()).find((r) => r.external_id === gone.id)!;
    expect(row.missed_sweeps).toBe(2);
    expect(row.removed_at).not.toBeNull();
    expect((await reviews()).filter((r) => r.removed_at !== null)).toHaveLength(1);
    site.options.reviews.splice(3, 0, gone);
    await crawl();
    row = (await reviews()).find((r) => r.external_id === gone.id)!;
    expect(row).toMatchObject({ missed_sweeps: 0, removed_at: null });
  });

  it('a blocked sweep never counts misses or removes', async () => {
    const { crawl, reviews, site } = await setup('bl');
    await crawl();
    site.options.reviews.splice(0, 12);
    site.fail('/biz/fixture-motors', { kind: 'captcha' }, { kind: 'captcha' });
    expect(await crawl()).toMatchObject({ status: 'blocked', reviewsRemoved: 0, completeSweep: false });
    expect(await crawl()).toMatchObject({ status: 'blocked', reviewsRemoved: 0 });
    expect((await reviews()).every((r) => r.missed_sweeps === 0 && r.removed_at === null)).toBe(true);
  });

  it('a sweep that finds no reviews at all while some are stored is treated as blocked, not as deletion', async () => {
    const { crawl, reviews, site } = await setup('em', 5);
    await crawl();
    site.options.reviews.length = 0;
    expect(await crawl()).toMatchObject({ status: 'blocked', blockedReason: 'empty-shell', completeSweep: false, reviewsRemoved: 0 });
    expect((await reviews()).every((r) => r.missed_sweeps === 0)).toBe(true);
  });

  it('reparse over stored raw pages gives the same reviews as the crawl', async () => {
    const { db, ctx, crawl, reviews, targetId } = await setup('rp', 25);
    const run = await crawl();
    const before = await reviews();
    await db.deleteFrom('reviews').where('target_id', '=', targetId).execute();
    const [summary] = await reparse(ctx, { targetId });
    expect(summary).toMatchObject({ runId: run.runId, pages: 3, reviewsNew: 25, failedPages: 0, blockedPages: 0 });
    const after = await reviews();
    const pick = (r: (typeof before)[number]) => [r.external_id, r.content_hash, r.author_name, r.rating, r.published_at?.toISOString()];
    expect(after.map(pick)).toEqual(before.map(pick));
    const [again] = await reparse(ctx, { runId: run.runId });
    expect(again).toMatchObject({ reviewsNew: 0, reviewsChanged: 0, reviewsSeen: 25 });
  });

  it('prunes raw pages older than the retention period', async () => {
    const { db, crawl, targetId } = await setup('pr', 5);
    await crawl();
    const count = async () => (await db.selectFrom('raw_pages').select('id').where('target_id', '=', targetId).execute()).length;
    expect(await count()).toBe(1);
    expect(await pruneRawPages(db, 30)).toBe(0);
    await pruneRawPages(db, 30, new Date(Date.now() + 31 * 86_400_000));
    expect(await count()).toBe(0);
  });
});
