import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '../../core/config/schema';
import { openDatabase } from '../../db/connection';
import { claimPendingReviews, markForReprocessing, writeProcessedBatch } from '../../db/queries/processing';
import { useTestDatabase } from '../../test/support/db';
import { refreshRollups } from '../rollups/refresh-rollups';
import { processPendingReviews } from './process-reviews';
import { dumpDerived, dumpTable } from './testing/dump';
import { contentHash, generateReviews, insertReviews, seedRoster, type ReviewSpec, type Seeded } from './testing/fixtures';

// The projects do not inherit the root config's timeouts.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const t = useTestDatabase(import.meta.url);
const settings = settingsSchema.parse({});
let seeded: Seeded;
const edge: Record<string, number> = {};

beforeAll(async () => {
  const { db } = t();
  seeded = await seedRoster(db);
  await insertReviews(db, seeded, generateReviews(300, 5));
  const specs: [string, ReviewSpec][] = [
    ['empty', { target: 'north', rating: 4, text: '' }],
    ['none', { target: 'north', rating: 2, text: null }],
    ['huge', { target: 'north', rating: 3, text: `Sarah was great. ${'The staff were friendly and we would come back again. '.repeat(19_000)}` }],
    ['foreign', { target: 'south', rating: 5, text: 'Der Verkäufer war sehr freundlich und hat uns gut beraten, vielen Dank!' }],
    ['gibberish', { target: 'south', rating: 3, text: 'xqzt vbnm plokij qwrt zzkv' }],
    ['markup', { target: 'north', rating: 5, title: '<h1>Wow</h1>', text: '<div><p>Great <b>service</b> from <a href="#">Sarah Connor</a>&nbsp;&amp; the team!</p><script>evil()</script></div>' }],
    ['emoji', { target: 'north', rating: 5, text: '😀👍 '.repeat(5000) }],
    ['site-language', { target: 'company', rating: 1, text: 'Terrible wait, nobody helped', language: 'en-US' }],
    ['profile', { target: 'mike', rating: 5, text: 'Quick and easy' }],
    ['tag', { target: 'south', rating: 5, text: 'Smooth', employeeTags: [{ name: 'Dave Okafor', rating: 5, ratingScale: 5, profileUrl: null, externalId: null }] }],
    ['bad-rating', { target: 'north', rating: 9, text: 'Nine stars' }],
    ['bad-tags', { target: 'north', rating: 4, text: 'Fine', employeeTags: { name: 'not a list' } }],
  ];
  const ids = await insertReviews(db, seeded, specs.map(([, s]) => s));
  specs.forEach(([name], i) => (edge[name] = ids[i]!));
});

describe('processPendingReviews', () => {
  it('processes every review, odd ones included, and quarantines only broken data', async () => {
    const { db } = t();
    const result = await processPendingReviews(db, { settings, batchSize: 64 });
    expect(result.processed).toBe(312);
    expect(result.quarantined).toBe(2);
    // 314 reviews in batches of 64 is at least 5 commits; two lanes racing for
    // the last rows (skip locked) may split the tail, so not exactly 5.
    expect(result.batches).toBeGreaterThanOrEqual(5);
    expect(result.batches).toBeLessThanOrEqual(8);
    expect(result.attributions.auto).toBeGreaterThan(0);
    expect(result.touched.size).toBe(result.processed);
    const pending = await sql<{ n: number }>`select count(*) as n from processing_queue`.execute(db);
    expect(pending.rows[0]!.n).toBe(0);

    const quarantine = await db.selectFrom('processing_quarantine').select(['review_id', 'content_hash', 'reason']).orderBy('review_id').execute();
    expect(quarantine.map((q) => q.review_id)).toEqual([edge['bad-rating'], edge['bad-tags']]);
    expect(quarantine[0]!.reason).toMatch(/rating 9 is outside/);
    expect(quarantine[1]!.reason).toMatch(/employee_tags/);
    expect(quarantine[0]!.content_hash).toBe(contentHash({ target: 'north', rating: 9, text: 'Nine stars' }));

    const scores = new Map((await db.selectFrom('review_scores').selectAll().execute()).map((s) => [s.review_id, s]));
    for (const name of ['empty', 'none', 'huge', 'foreign', 'gibberish', 'markup', 'emoji', 'site-language']) expect(scores.has(edge[name]!), name).toBe(true);
    expect(scores.get(edge.empty!)).toMatchObject({ sentiment: null, language: null, combined: 0.5 });
    expect(scores.get(edge.foreign!)).toMatchObject({ language: 'de', sentiment: null, combined: 1 });
    expect(scores.get(edge['site-language']!)!.language).toBe('en-US');
    expect(scores.get(edge['site-language']!)!.sentiment!).toBeLessThan(0);
    expect(scores.get(edge.markup!)!.sentiment!).toBeGreaterThan(0);
    expect(scores.get(edge.huge!)!.sentiment).not.toBeNull();

    const attributions = await db.selectFrom('attributions').selectAll().execute();
    const of = (name: string) => attributions.filter((a) => a.review_id === edge[name]);
    expect(of('profile')).toMatchObject([{ person_id: seeded.people.mike, method: 'profile', confidence: 1, status: 'auto' }]);
    expect(of('tag')).toMatchObject([{ person_id: seeded.people.dave, method: 'tag', status: 'auto' }]);
    expect(of('markup')).toMatchObject([{ person_id: seeded.people.sarah, method: 'text' }]);
    expect(of('huge').map((a) => a.person_id)).toEqual([seeded.people.sarah]);
    // A bare first name shared by nobody else is still below certainty for some; whatever is unsure waits in the queue.
    for (const a of attributions) expect(a.status).toBe(a.confidence >= settings.scoring.attributionReviewThreshold ? 'auto' : 'pending');
  });

  it('processing twice equals processing once, and re-processing everything changes nothing', async () => {
    const { db } = t();
    const once = await dumpDerived(db);
    const again = await processPendingReviews(db, { settings });
    expect(again.processed).toBe(0);
    expect(await dumpDerived(db)).toEqual(once);
    expect(await markForReprocessing(db)).toBe(312);
    const redo = await processPendingReviews(db, { settings, batchSize: 1000 });
    expect(redo.processed).toBe(312);
    expect(await dumpDerived(db)).toEqual(once);
  });

  it('keeps human decisions when a review is processed again, and drops machine ones the new text no longer supports', async () => {
    const { db } = t();
    const [a, b] = await db
      .selectFrom('attributions')
      .select(['id', 'review_id', 'person_id'])
      .where('method', '=', 'text')
      .where('status', '=', 'auto')
      .orderBy('id')
      .limit(2)
      .execute();
    await db.updateTable('attributions').set({ status: 'confirmed', decided_by: 'manager' }).where('id', '=', a!.id).execute();
    await db.updateTable('attributions').set({ status: 'rejected', decided_by: 'manager' }).where('id', '=', b!.id).execute();
    const profileRow = await db.selectFrom('attributions').select('id').where('review_id', '=', edge.markup!).executeTakeFirstOrThrow();
    // New content for all three: no names at all any more.
    for (const id of [a!.review_id, b!.review_id, edge.markup!]) {
      await db.updateTable('reviews').set({ text: 'Fine visit.', content_hash: `changed-${id}` }).where('id', '=', id).execute();
    }
    const result = await processPendingReviews(db, { settings });
    expect(result.processed).toBe(new Set([a!.review_id, b!.review_id, edge.markup!]).size);
    const after = await db.selectFrom('attributions').selectAll().where('id', 'in', [a!.id, b!.id, profileRow.id]).orderBy('id').execute();
    expect(after.find((x) => x.id === a!.id)).toMatchObject({ status: 'confirmed', decided_by: 'manager' });
    expect(after.find((x) => x.id === b!.id)).toMatchObject({ status: 'rejected', decided_by: 'manager' });
    expect(after.find((x) => x.id === profileRow.id)).toBeUndefined();
  });

  it('a quarantined review is not retried until its content changes', async () => {
    const { db } = t();
    expect((await processPendingReviews(db, { settings })).processed).toBe(0);
    await db.updateTable('reviews').set({ rating: 4, content_hash: 'fixed-rating' }).where('id', '=', edge['bad-rating']!).execute();
    const result = await processPendingReviews(db, { settings });
    expect(result).toMatchObject({ processed: 1, quarantined: 0 });
    expect(await db.selectFrom('review_scores').select('review_id').where('review_id', '=', edge['bad-rating']!).execute()).toHaveLength(1);
  });

  it('when a batch cannot be stored, redoes it review by review and quarantines only the culprit', async () => {
    const { db } = t();
    // A trigger stands in for data PostgreSQL refuses (SQLSTATE class 22).
    await sql`
      create function reject_poison() returns trigger language plpgsql as $$
      begin
        if new.quote like '%poison%' then raise exception 'poisoned quote' using errcode = '22023'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger reject_poison before insert on review_themes for each row execute function reject_poison()`.execute(db);
    try {
      const ids = await insertReviews(db, seeded, [
        ...generateReviews(20, 77),
        { target: 'north', rating: 1, text: 'The price was poison, terrible finance department.' },
        ...generateReviews(20, 78),
      ]);
      const result = await processPendingReviews(db, { settings, batchSize: 100 });
      expect(result).toMatchObject({ processed: 41, quarantined: 1 });
      const q = await db.selectFrom('processing_quarantine').select(['review_id', 'reason']).where('review_id', '=', ids[20]!).executeTakeFirstOrThrow();
      expect(q.reason).toMatch(/poisoned quote/);
      const scored = await sql<{ n: number }>`select count(*) as n from review_scores where review_id = any(${ids}::bigint[])`.execute(db);
      expect(scored.rows[0]!.n).toBe(40);
    } finally {
      await sql`drop trigger reject_poison on review_themes`.execute(db);
    }
  });

  it('its touched reviews make an incremental rollup refresh equal a full rebuild', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all' });
    const ids = await insertReviews(db, seeded, generateReviews(80, 123));
    await db.updateTable('reviews').set({ text: 'Mike Lambert and Sarah were wonderful', content_hash: 'edited' }).where('id', '=', ids[0]! - 10).execute();
    const result = await processPendingReviews(db, { settings, batchSize: 30 });
    expect(result.processed).toBe(81);
    await refreshRollups(db, { settings, touched: result.touched });
    const incremental = await dumpTable(db, 'rollups');
    await refreshRollups(db, { settings, touched: 'all' });
    expect(incremental).toEqual(await dumpTable(db, 'rollups'));
  });

  it('a review rewritten while its batch is in flight waits for the commit and is queued again', async (ctx) => {
    const { db, dialect, url, schema } = t();
    // PGlite has one connection: nothing can write beside a batch there.
    if (dialect !== 'postgres' || !url) return ctx.skip();
    const [id] = await insertReviews(db, seeded, [{ target: 'north', rating: 5, text: 'Lovely visit, Sarah was great.' }]);
    const crawler = await openDatabase({ url, schema, poolSize: 1 });
    let rewrite: Promise<unknown> | undefined;
    let stateDuringBatch = '';
    try {
      // A batch between its claim and its writes (where scoring happens) while a crawl rewrites the review.
      await db.transaction().execute(async (trx) => {
        const claimed = await claimPendingReviews(trx, { afterId: 0, limit: 10 });
        expect(claimed.map((r) => r.id)).toEqual([id]);
        rewrite = crawler.db.updateTable('reviews').set({ rating: 1, text: 'Awful visit.', content_hash: 'rewritten-mid-batch' }).where('id', '=', id!).execute();
        stateDuringBatch = await Promise.race([rewrite.then(() => 'written'), new Promise<string>((r) => setTimeout(() => r('waiting'), 300))]);
        await writeProcessedBatch(trx, { scorerVersion: 1, reviews: [{ id: id!, contentHash: claimed[0]!.contentHash, hasDerived: false }], scores: [], themes: [], attributions: [], quarantined: [] });
      });
      expect(stateDuringBatch).toBe('waiting');
      await rewrite;
      expect(await db.selectFrom('processing_queue').select('review_id').execute()).toEqual([{ review_id: id }]);
      const second = await processPendingReviews(db, { settings });
      expect(second.processed).toBe(1);
      const score = await db.selectFrom('review_scores').select('sentiment').where('review_id', '=', id!).executeTakeFirstOrThrow();
      expect(score.sentiment!).toBeLessThan(0);
    } finally {
      await crawler.close();
    }
  });
});
