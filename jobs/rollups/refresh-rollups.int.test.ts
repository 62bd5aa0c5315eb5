import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '../../core/config/schema';
import { getChildrenSeries, getRankingRows, getSeries } from '../../db/queries/rollups';
import type { Database } from '../../db/types';
import { useTestDatabase } from '../../test/support/db';
import { dumpTable } from '../processing/testing/dump';
import { generateReviews, insertReviews, seedRoster, type Seeded } from '../processing/testing/fixtures';
import { refreshRollups } from './refresh-rollups';

/**
 * Rollups on hand-made derived data (scores, themes, attributions written
 * directly), so these tests exercise counting, shrinkage and incremental
 * refresh independently of the scoring libraries.
 */
// The projects do not inherit the root config's timeouts; these tests write real data on both dialects.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const t = useTestDatabase(import.meta.url);
const settings = settingsSchema.parse({});
const now = new Date('2026-11-20T00:00:00Z');
let seeded: Seeded;

/** Stand-in for the processing job: sentiment from stars, two themes, attributions by first name. */
async function fakeProcess(db: Kysely<Database>, ids: number[]) {
  await sql`
    insert into review_scores (review_id, sentiment, sentiment_label, combined, language, themes, scorer_version)
    select id, case when text is null then null else (coalesce(rating, 3) - 3) / 2.0 end, null, null, 'en', '[]'::jsonb, 1
    from reviews where id = any(${ids}::bigint[])
    on conflict (review_id) do update set sentiment = excluded.sentiment`.execute(db);
  await sql`
    insert into review_themes (review_id, theme, polarity, quote)
    select id, 'wait-time', -0.8, null from reviews where id = any(${ids}::bigint[]) and text like '%Waited%'
    union all
    select id, 'staff', 0.7, null from reviews where id = any(${ids}::bigint[]) and (text like '%helpful staff%' or text like '%Friendly%')
    on conflict do nothing`.execute(db);
  const p = seeded.people;
  await sql`
    insert into attributions (review_id, person_id, method, confidence, evidence, status)
    select id, ${p.sarah}::int, 'text', 0.9, null, 'auto' from reviews where id = any(${ids}::bigint[]) and text like '%Sarah%'
    union all
    select id, ${p.dave}::int, 'text', 0.5, null, 'pending' from reviews where id = any(${ids}::bigint[]) and text like '%Dave%'
    union all
    select id, ${p.mike}::int, 'text', 0.95, null, 'auto' from reviews where id = any(${ids}::bigint[]) and text like '%Mike%' and person_id is null
    on conflict do nothing`.execute(db);
  await sql`delete from processing_queue where review_id = any(${ids}::bigint[])`.execute(db);
}

beforeAll(async () => {
  const { db } = t();
  seeded = await seedRoster(db);
  const ids = await insertReviews(db, seeded, generateReviews(400, 7));
  await fakeProcess(db, ids);
});

describe('refreshRollups', () => {
  it('counts a cell the way a person would', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all', now });
    const { rows } = await sql<{ n: number; rated: number; avg: number; removed: number; responded: number }>`
      select count(*) filter (where removed_at is null) as n,
        count(rating) filter (where removed_at is null) as rated,
        avg(rating) filter (where removed_at is null) as avg,
        count(*) filter (where removed_at is not null) as removed,
        count(*) filter (where removed_at is null and owner_response_text is not null) as responded
      from reviews where location_id = ${seeded.locations.north}
        and coalesce(published_at, first_seen_at) >= '2026-03-01T00:00:00Z' and coalesce(published_at, first_seen_at) < '2026-04-01T00:00:00Z'`.execute(db);
    const expected = rows[0]!;
    const [point] = await getSeries(db, { entityKind: 'location', entityId: seeded.locations.north, periodKind: 'month', from: '2026-03-01', to: '2026-03-01' });
    expect(point).toBeDefined();
    expect(point!.reviewCount).toBe(expected.n);
    expect(point!.ratedCount).toBe(expected.rated);
    expect(point!.ratingAvg).toBeCloseTo(expected.avg, 10);
    expect(point!.removedCount).toBe(expected.removed);
    expect(point!.respondedCount).toBe(expected.responded);
    expect(Object.values(point!.stars).reduce((a, b) => a + b, 0)).toBe(expected.rated);
    expect(point!.shrunkLow!).toBeLessThanOrEqual(point!.shrunkRating!);
    expect(point!.shrunkHigh!).toBeGreaterThanOrEqual(point!.shrunkRating!);
    expect(point!.indexVersion).toBe('1');
    // '*+removed' counts the removed reviews like any other.
    const [withRemoved] = await getSeries(db, {
      entityKind: 'location',
      entityId: seeded.locations.north,
      periodKind: 'month',
      from: '2026-03-01',
      to: '2026-03-01',
      sourceKey: '*+removed',
    });
    expect(withRemoved!.reviewCount).toBe(expected.n + expected.removed);
    // A person's reviews: own profile plus auto/confirmed attributions, never pending ones.
    const dave = await getSeries(db, { entityKind: 'person', entityId: seeded.people.dave, periodKind: 'quarter', from: '2025-01-01', to: '2026-12-31' });
    expect(dave).toEqual([]);
    const children = await getChildrenSeries(db, { entityKind: 'company', entityId: seeded.orgId, periodKind: 'quarter', from: '2025-01-01', to: '2026-12-31' });
    expect(children.map((c) => c.key)).toEqual(['north', 'south']);
    expect(children[0]!.points.length).toBeGreaterThan(0);
  });

  it('stores the median response time of each source, of all sources, and of all sources with removed reviews', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all', now });
    // The company's quarters, counted straight from the reviews.
    const { rows: expected } = await sql<{ ps: string; sk: string; med: number | null }>`
      with r as (
        select date_trunc('quarter', coalesce(r.published_at, r.first_seen_at) at time zone 'UTC')::date as ps, s.key as sk,
          r.removed_at is not null as removed, extract(epoch from (r.owner_response_at - r.published_at)) / 3600.0 as h
        from reviews r join sources s on s.id = r.source_id
        where r.organization_id = ${seeded.orgId} and r.owner_response_at >= r.published_at
      )
      select to_char(ps, 'YYYY-MM-DD') as ps, sk, percentile_cont(0.5) within group (order by h) filter (where not removed) as med from r group by ps, sk
      union all select to_char(ps, 'YYYY-MM-DD'), '*', percentile_cont(0.5) within group (order by h) filter (where not removed) from r group by ps
      union all select to_char(ps, 'YYYY-MM-DD'), '*+removed', percentile_cont(0.5) within group (order by h) from r group by ps
    `.execute(db);
    const stored = await db
      .selectFrom('rollups')
      .select(['period_start', 'source_key', 'response_hours_median'])
      .where('entity_kind', '=', 'company')
      .where('period_kind', '=', 'quarter')
      .execute();
    const byKey = new Map(stored.map((r) => [`${r.period_start}|${r.source_key}`, r.response_hours_median]));
    // The fixtures hold removed reviews with responses, so '*+removed' differs from '*' somewhere.
    expect(expected.some((e) => e.sk === '*+removed' && e.med !== expected.find((x) => x.ps === e.ps && x.sk === '*')?.med)).toBe(true);
    for (const e of expected) expect([e.ps, e.sk, byKey.get(`${e.ps}|${e.sk}`)]).toEqual([e.ps, e.sk, e.med]);
  });

  it('an incremental refresh equals a full rebuild after new reviews, removals and attribution decisions', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all', now });
    // New reviews, including an old-dated one (r90 and quarter cells of the past).
    const added = await insertReviews(db, seeded, [
      ...generateReviews(60, 99),
      { target: 'north', rating: 1, text: 'Waited forever. Sarah apologised.', publishedAt: '2025-02-03T10:00:00Z' },
    ]);
    await fakeProcess(db, added);
    // A removal, a human confirming a pending attribution and rejecting an auto one.
    const [removed] = (await sql<{ id: number }>`select id from reviews where removed_at is null and rating is not null order by id limit 1`.execute(db)).rows;
    await db.updateTable('reviews').set({ removed_at: now }).where('id', '=', removed!.id).execute();
    const pending = await db.selectFrom('attributions').select(['id', 'review_id']).where('status', '=', 'pending').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('attributions').set({ status: 'confirmed', decided_by: 'test' }).where('id', '=', pending.id).execute();
    const auto = await db.selectFrom('attributions').select(['id', 'review_id']).where('status', '=', 'auto').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('attributions').set({ status: 'rejected', decided_by: 'test' }).where('id', '=', auto.id).execute();
    // A review whose date the site corrected (its old days lose it) and that got an owner response (medians move).
    const [moved] = (await sql<{ id: number }>`select id from reviews where published_at is not null and owner_response_at is null order by id desc limit 1`.execute(db)).rows;
    await db
      .updateTable('reviews')
      .set({ published_at: new Date('2024-06-10T08:00:00Z'), owner_response_at: new Date('2024-06-11T20:00:00Z'), owner_response_text: 'Thanks' })
      .where('id', '=', moved!.id)
      .execute();

    const touched = [...added, removed!.id, pending.review_id, auto.review_id, moved!.id];
    const report = await refreshRollups(db, { settings, touched, now });
    expect(report.mode).toBe('incremental');
    const incremental = await Promise.all(['rollups', 'rollup_days', 'rollup_theme_days', 'rollup_facts'].map((table) => dumpTable(db, table)));
    await refreshRollups(db, { settings, touched: 'all', now });
    const full = await Promise.all(['rollups', 'rollup_days', 'rollup_theme_days', 'rollup_facts'].map((table) => dumpTable(db, table)));
    expect(incremental.map((rows) => rows.length)).toEqual(full.map((rows) => rows.length));
    expect(incremental).toEqual(full);
  });

  it('an incremental refresh of new reviews alone equals a full rebuild, response hours merged into days that had some', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all', now });
    // Same source and day as reviews that already have response hours: their day rows' sorted arrays grow.
    const answered = (
      await sql<{ published_at: Date; owner_response_at: Date }>`
        select r.published_at, r.owner_response_at from reviews r
        where r.target_id = ${seeded.targets.north.id} and r.owner_response_at is not null and r.published_at is not null and r.removed_at is null
        order by r.id limit 4`.execute(db)
    ).rows;
    expect(answered.length).toBeGreaterThan(0);
    const added = await insertReviews(db, seeded, [
      ...generateReviews(40, 123),
      ...answered.map((a, i) => ({
        target: 'north' as const,
        rating: 1 + i,
        text: 'Waited a while, Sarah was helpful.',
        publishedAt: a.published_at.toISOString(),
        // One answer as fast as the stored one (a tie), the others slower.
        ownerResponseAt: new Date(a.owner_response_at.getTime() + i * 5_400_000).toISOString(),
        ownerResponseText: 'Thanks',
      })),
    ]);
    await fakeProcess(db, added);
    const report = await refreshRollups(db, { settings, touched: added, now });
    expect(report.mode).toBe('incremental');
    const tables = ['rollups', 'rollup_days', 'rollup_theme_days', 'rollup_facts'];
    const incremental = await Promise.all(tables.map((table) => dumpTable(db, table)));
    await refreshRollups(db, { settings, touched: 'all', now });
    expect(incremental).toEqual(await Promise.all(tables.map((table) => dumpTable(db, table))));
  });

  it('deletes the rows of a cell whose only review moved away, as a full rebuild leaves none', async () => {
    const { db } = t();
    // Alone in its week, month, quarter and r90 windows: far from every other review.
    const [lonely] = await insertReviews(db, seeded, [{ target: 'north', rating: 4, text: 'Friendly staff.', publishedAt: '2021-03-17T09:00:00Z' }]);
    await fakeProcess(db, [lonely!]);
    await refreshRollups(db, { settings, touched: [lonely!], now });
    const weekRows = () =>
      db.selectFrom('rollups').select('source_key').where('period_kind', '=', 'week').where('period_start', '=', '2021-03-15').execute();
    expect((await weekRows()).length).toBeGreaterThan(0);
    await db.updateTable('reviews').set({ published_at: new Date('2021-09-08T09:00:00Z') }).where('id', '=', lonely!).execute();
    const report = await refreshRollups(db, { settings, touched: [lonely!], now });
    expect(report.mode).toBe('incremental');
    expect(await weekRows()).toEqual([]);
    const incremental = await dumpTable(db, 'rollups');
    await refreshRollups(db, { settings, touched: 'all', now });
    expect(incremental).toEqual(await dumpTable(db, 'rollups'));
  });

  it('rebuilds in full when the stored rollups predate the per-review facts (an upgraded database)', async () => {
    const { db } = t();
    await refreshRollups(db, { settings, touched: 'all', now });
    const before = await dumpTable(db, 'rollups');
    await sql`delete from rollup_facts`.execute(db);
    const [one] = (await sql<{ id: number }>`select id from reviews order by id limit 1`.execute(db)).rows;
    const report = await refreshRollups(db, { settings, touched: [one!.id], now });
    expect(report.mode).toBe('full');
    expect(await dumpTable(db, 'rollups')).toEqual(before);
  });

  it('pulls a person with two reviews toward their location, and ranks only those with enough reviews', async () => {
    const { db } = t();
    // Sarah (north) gets exactly two 1-star reviews in December 2026; north has many 5-star ones.
    const specs = [
      ...Array.from({ length: 12 }, () => ({ target: 'north' as const, rating: 5, text: 'Great', publishedAt: '2026-12-05T10:00:00Z' })),
      { target: 'north' as const, rating: 1, text: 'Sarah was rude', publishedAt: '2026-12-06T10:00:00Z' },
      { target: 'company' as const, rating: 1, text: 'Sarah never called', publishedAt: '2026-12-07T10:00:00Z' },
      ...Array.from({ length: 6 }, () => ({ target: 'mike' as const, rating: 5, text: 'Mike rocks', publishedAt: '2026-12-08T10:00:00Z' })),
    ];
    const ids = await insertReviews(db, seeded, specs);
    await fakeProcess(db, ids);
    await refreshRollups(db, { settings, touched: ids, now });
    const [sarah] = await getSeries(db, { entityKind: 'person', entityId: seeded.people.sarah, periodKind: 'month', from: '2026-12-01', to: '2026-12-01' });
    const [north] = await getSeries(db, { entityKind: 'location', entityId: seeded.locations.north, periodKind: 'month', from: '2026-12-01', to: '2026-12-01' });
    expect(sarah!.ratedCount).toBe(2);
    expect(sarah!.ratingAvg).toBe(1);
    expect(sarah!.shrunkRating!).toBeGreaterThan(1.5);
    expect(sarah!.shrunkRating!).toBeLessThan(north!.ratingAvg!);
    expect(sarah!.shrunkLow!).toBeLessThan(sarah!.shrunkRating!);

    const ranking = await getRankingRows(db, { level: 'person', periodKind: 'month', periodStart: '2026-12-01', minCount: 5 });
    expect(ranking.ranked.map((r) => r.key)).toEqual(['mike']);
    expect(ranking.ranked[0]!.rank).toBe(1);
    const apart = ranking.notEnoughReviews.map((r) => r.key).sort();
    // Ann left in 2025: not listed for December 2026 at all.
    expect(apart).toEqual(['dave', 'sarah']);
    expect(ranking.notEnoughReviews.find((r) => r.key === 'sarah')!.n).toBe(2);
    const north2 = await getRankingRows(db, { level: 'person', withinLocationId: seeded.locations.north, periodKind: 'month', periodStart: '2026-12-01', minCount: 2 });
    expect(north2.ranked.map((r) => r.key)).toEqual(['mike', 'sarah']);
  });

  it('leaves nothing behind for an empty database slice and handles no reviews', async () => {
    const { db } = t();
    const report = await refreshRollups(db, { settings, touched: [], now });
    expect(report.mode).toBe('incremental');
    expect(report.rowsWritten).toBe(0);
  });
});
