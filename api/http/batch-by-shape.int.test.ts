import { beforeAll, describe, expect, it } from 'vitest';
import { trendRows, type TrendShape } from '../../db/queries/api-rollups';
import { getRankingRows, getRankingRowsByLocation } from '../../db/queries/rollups';
import { testDialect, useTestDatabase } from '../../test/support/db';
import { apiContext, call, seedApi, type ApiSeed } from '../../test/support/seed-api';
import { createApp } from '../app';
import { leagueTables } from '../routes/rankings-context';
import { trendBatcher } from './trend-batch';

/**
 * Reads batched across concurrent requests, on both dialects: trend series
 * and league tables within locations. Concurrent requests share statements
 * (one per shape), and each gets exactly what a read of its own entity returns.
 */
const t = useTestDatabase(import.meta.url);
let seed: ApiSeed;
beforeAll(async () => {
  seed = await seedApi(t().db);
}, 180_000);

/** The database as the batcher sees it, counting the statements it sends. */
function counted() {
  const statements: string[] = [];
  const db = t().db.withPlugin({ transformResult: async (a) => a.result, transformQuery: (a) => (statements.push(a.node.kind), a.node) });
  return { db, statements };
}

const month = (kind: TrendShape['kind'], bySource = false): TrendShape => ({
  kind, periodKind: 'month', from: '2025-01-01', to: '2026-12-31', allKey: '*', bySource,
});

describe(`trend batches (${testDialect()})`, () => {
  it('answers concurrent reads of one shape with one statement, each with its own rows', async () => {
    const { db, statements } = counted();
    const read = trendBatcher(db);
    const ids = [seed.people.mike, seed.people.sarah, seed.people.dave, seed.people.ann];
    const shape = month('person');
    const batched = await Promise.all(ids.map((id) => read(shape, id)));
    expect(statements).toHaveLength(1);
    for (const [i, id] of ids.entries()) expect(batched[i]).toEqual(await trendRows(t().db, shape, [id]));
    // The seed gives some of these people reviews: the comparison is not between empty lists.
    expect(batched.flat().length).toBeGreaterThan(0);
    expect(batched.flat().every((r, _, all) => all.length > 0 && ids.includes(r.entity_id))).toBe(true);
  });

  it('keeps shapes apart: one statement per kind, granularity and split', async () => {
    const { db, statements } = counted();
    const read = trendBatcher(db);
    const { north, south } = seed.locations;
    const asks = [
      [month('location'), north], [month('location'), south], [month('location', true), north],
      [{ ...month('location'), periodKind: 'quarter' }, north], [month('person'), seed.people.mike], [month('person'), north],
    ] as const;
    const answers = await Promise.all(asks.map(([shape, id]) => read(shape, id)));
    expect(statements).toHaveLength(4);
    for (const [i, [shape, id]] of asks.entries()) expect(answers[i]).toEqual(await trendRows(t().db, shape, [id]));
    // The split read has single sources besides '*'; the quarter read has quarter starts only.
    expect(new Set(answers[2]!.map((r) => r.source_key)).size).toBeGreaterThan(1);
    expect(answers[3]!.every((r) => /-(01|04|07|10)-01$/.test(r.period_start))).toBe(true);
  });

  it('gives the same entity asked twice its rows twice, and an entity without cells an empty series', async () => {
    const read = trendBatcher(t().db);
    const [a, b, none] = await Promise.all([read(month('location'), seed.locations.north), read(month('location'), seed.locations.north), read(month('location'), 987_654)]);
    expect(a!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    expect(none).toEqual([]);
  });

  it('splits a crowd into batches of the largest size', async () => {
    const { db, statements } = counted();
    const read = trendBatcher(db, 2);
    const ids = [seed.people.mike, seed.people.sarah, seed.people.dave, seed.people.ann, seed.people.mike];
    const answers = await Promise.all(ids.map((id) => read(month('person'), id)));
    expect(statements).toHaveLength(3);
    expect(answers[4]).toEqual(answers[0]);
  });

  it('through the API, series asked all at once equal the same series asked one by one', async () => {
    // Two apps without a response cache, so that every answer is computed.
    const together = createApp(apiContext(t()), { rateLimit: false, responseCacheMb: 0 });
    const apart = createApp(apiContext(t()), { rateLimit: false, responseCacheMb: 0 });
    const paths = [
      ...Object.values(seed.people).map((id) => `/api/v1/trends?entity=person:${id}&granularity=month&from=2026-01-01&to=2026-10-31`),
      ...Object.values(seed.locations).map((id) => `/api/v1/trends?entity=location:${id}&granularity=quarter&split=source`),
    ];
    const concurrent = await Promise.all(paths.map((p) => call(together, seed.keys.admin, p)));
    for (const [i, p] of paths.entries()) {
      const alone = await call(apart, seed.keys.admin, p);
      expect(concurrent[i]!.status).toBe(200);
      expect(concurrent[i]!.text).toBe(alone.text);
    }
    expect(concurrent.some((r) => (r.json as { series: { points: { review_count: number }[] }[] }).series.some((s) => s.points.some((pt) => pt.review_count > 0)))).toBe(true);
  });

  it('reads the league tables of people in several locations with one statement, each the table of its own location', async () => {
    const { db, statements } = counted();
    const ids = Object.values(seed.locations);
    const shape = { periodKind: 'month' as const, periodStart: '2026-10-01', minCount: 2 };
    const tables = await getRankingRowsByLocation(db, shape, [...ids, 987_654]);
    expect(statements).toHaveLength(1);
    for (const id of ids) expect(tables.get(id)).toEqual(await getRankingRows(t().db, { ...shape, level: 'person', withinLocationId: id }));
    expect(tables.get(987_654)).toEqual({ ranked: [], notEnoughReviews: [], minCount: 2 });
    // Not a comparison of empty tables: someone is ranked, someone is below the minimum.
    const all = [...tables.values()];
    expect(all.some((x) => x.ranked.length > 0)).toBe(true);
    expect(all.some((x) => x.notEnoughReviews.length > 0)).toBe(true);
    expect(await getRankingRowsByLocation(db, shape, [])).toEqual(new Map());
    expect(statements).toHaveLength(1);
  });

  it('batches tables within locations asked at once, and keeps other scopes to a query of their own', async () => {
    const { db, statements } = counted();
    const tableOf = leagueTables(db);
    const organizationId = seed.orgId;
    const within = (id: number) => ({ level: 'person' as const, within: { kind: 'location' as const, id }, label: '', organizationId });
    const ids = Object.values(seed.locations);
    const [company, ...byLocation] = await Promise.all([
      tableOf({ level: 'person', within: { kind: 'company' }, label: '', organizationId }, 'month', '2026-10-01', 2),
      ...ids.map((id) => tableOf(within(id), 'month', '2026-10-01', 2)),
      tableOf(within(ids[0]!), 'quarter', '2026-10-01', 2),
    ]);
    expect(statements).toHaveLength(3);
    for (const [i, id] of ids.entries())
      expect(byLocation[i]).toEqual(await getRankingRows(t().db, { level: 'person', withinLocationId: id, periodKind: 'month', periodStart: '2026-10-01', minCount: 2, organizationId }));
    expect(company).toEqual(await getRankingRows(t().db, { level: 'person', periodKind: 'month', periodStart: '2026-10-01', minCount: 2, organizationId }));
  });

  it('through the API, league tables of locations asked all at once equal the same tables asked one by one', async () => {
    const together = createApp(apiContext(t()), { rateLimit: false, responseCacheMb: 0 });
    const apart = createApp(apiContext(t()), { rateLimit: false, responseCacheMb: 0 });
    const paths = Object.values(seed.locations).flatMap((id) => [
      `/api/v1/rankings?level=person&within=location:${id}&period_start=2026-10-01`,
      `/api/v1/rankings/improved?level=person&within=location:${id}&period_start=2026-10-01`,
      `/api/v1/rankings/attention?level=person&within=location:${id}&period_start=2026-10-01`,
    ]);
    const concurrent = await Promise.all(paths.map((p) => call(together, seed.keys.admin, p)));
    for (const [i, p] of paths.entries()) {
      const alone = await call(apart, seed.keys.admin, p);
      expect(concurrent[i]!.status).toBe(200);
      expect(concurrent[i]!.text).toBe(alone.text);
    }
  });
});
