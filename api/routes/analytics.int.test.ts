import { describe, expect, it } from 'vitest';
import { testDialect } from '../../test/support/db';
import { call, useApiWorld } from '../../test/support/seed-api';

/** Trends, rankings (top/bottom, most improved, needs attention), themes and reputation vs CX on the seeded world. */
const w = useApiWorld(import.meta.url);
const get = (path: string) => call(w().app, w().seed.keys.admin, path);
type Point = Record<string, number | null | string>;

describe(`trends (${testDialect()})`, () => {
  it('gives an entity series with raw and shrunk rating, interval, volume, sentiment, response rate and index', async () => {
    const r = await get(`/api/v1/trends?entity=location:${w().seed.locations.north}&from=2026-01-01&to=2026-10-31`);
    expect(r.status).toBe(200);
    const [series] = r.json.series;
    expect(series).toMatchObject({ source: '*', role: 'entity', entity: { kind: 'location', name: 'Acme North' } });
    expect(series.points.map((p: Point) => p.period_start)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01']);
    const jan = series.points[0] as Record<string, number>;
    expect(jan.review_count).toBeGreaterThanOrEqual(8);
    expect(jan.shrunk_low!).toBeLessThanOrEqual(jan.shrunk_rating!);
    expect(jan.shrunk_high!).toBeGreaterThanOrEqual(jan.shrunk_rating!);
    expect(jan.response_rate).toBeGreaterThan(0);
    expect(jan).toHaveProperty('sentiment_avg');
    expect(jan).toHaveProperty('reputation_index');
    const oct = series.points[9] as Record<string, number>;
    expect(oct.rating_avg).toBeLessThan(jan.rating_avg!);
    // Only Mike's own profile still answers in October.
    expect(oct.response_rate).toBeLessThan(jan.response_rate! / 2);
  });

  it('fills empty periods, splits by source, compares children, and selects metrics', async () => {
    const r = await get(`/api/v1/trends?entity=company&granularity=quarter&from=2025-07-01&to=2026-12-31&split=source&compare=children&metrics=volume,shrunk`);
    expect(r.status).toBe(200);
    const sources = r.json.series.filter((s: { role: string }) => s.role === 'entity').map((s: { source: string }) => s.source);
    expect(sources).toEqual(['*', 'dealerrater', 'google']);
    const children = r.json.series.filter((s: { role: string }) => s.role === 'child').map((s: { entity: { name: string } }) => s.entity.name);
    expect(children.sort()).toEqual(['Acme East', 'Acme North', 'Acme South']);
    const all = r.json.series[0].points;
    expect(all.map((p: Point) => p.period_start)).toEqual(['2025-07-01', '2025-10-01', '2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
    expect(all[0]).toEqual({ period_start: '2025-07-01', review_count: 0, rated_count: 0, removed_count: 0, shrunk_rating: null, shrunk_low: null, shrunk_high: null });
    expect(Object.keys(all[2]).sort()).toEqual(['period_start', 'rated_count', 'removed_count', 'review_count', 'shrunk_high', 'shrunk_low', 'shrunk_rating']);
  });

  it('weekly and rolling-90-day series, and CSV', async () => {
    const weeks = await get(`/api/v1/trends?entity=person:${w().seed.people.mike}&granularity=week&from=2026-09-01&to=2026-10-31`);
    expect(weeks.json.series[0].points[0].period_start).toBe('2026-08-31');
    const r90 = await get(`/api/v1/trends?entity=location:${w().seed.locations.south}&granularity=r90&from=2026-03-01&to=2026-10-01&metrics=rating`);
    const ratings = r90.json.series[0].points.map((p: Point) => p.rating_avg as number);
    expect(ratings[ratings.length - 1]).toBeGreaterThan(ratings[0]);
    const csv = await get(`/api/v1/trends?entity=location:${w().seed.locations.south}&from=2026-01-01&to=2026-03-31&compare=children&format=csv&metrics=rating,volume`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('entity_kind,entity_id,entity_name,source,period_start,rating_avg,review_count,rated_count,removed_count');
    expect(lines.length).toBe(1 + 3 * 3);
    expect(csv.headers.get('content-disposition')).toContain('trends-location-');
  });

  it('rejects unknown metrics, kinds, inverted and oversized ranges', async () => {
    for (const [qs, param] of [
      ['metrics=rating,karma', 'query.metrics'],
      ['metrics=', 'query.metrics'],
      ['granularity=year', 'query.granularity'],
      ['from=2026-05-01&to=2026-01-01', 'query.to'],
      ['granularity=week&from=1900-01-01&to=2026-01-01', 'query.from'],
      ['compare=siblings', 'query.compare'],
      ['entity=person:abc', 'query.entity'],
    ]) {
      const r = await get(`/api/v1/trends?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.json.error.param, qs).toBe(param);
    }
    expect((await get('/api/v1/trends?entity=location:31337')).status).toBe(404);
  });
});

describe(`rankings (${testDialect()})`, () => {
  it('ranks locations by shrunk rating with intervals; bottom reverses', async () => {
    const top = await get('/api/v1/rankings?level=location&period_start=2026-09-01');
    expect(top.status).toBe(200);
    expect(top.json.period).toEqual({ kind: 'month', start: '2026-09-01' });
    const names = top.json.ranked.map((r: { entity: { name: string } }) => r.entity.name);
    expect(names[0]).toBe('Acme North');
    expect(names.sort()).toEqual(['Acme East', 'Acme North', 'Acme South']);
    const values = top.json.ranked.map((r: { value: number }) => r.value);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(top.json.ranked.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    const first = top.json.ranked[0];
    expect(first).toMatchObject({ rank: 1, rated_count: expect.any(Number) });
    expect(first.low).toBeLessThan(first.value);
    expect(first.high).toBeGreaterThan(first.value);
    const bottom = await get('/api/v1/rankings?level=location&period_start=2026-09-01&order=bottom&limit=1');
    expect(bottom.json.ranked).toEqual([top.json.ranked[2]]);
  });

  it('lists people under the minimum as not_enough_reviews, never ranked', async () => {
    const r = await get(`/api/v1/rankings?level=person&within=location:${w().seed.locations.north}&period_start=2026-10-01`);
    expect(r.json.min_reviews).toBe(3);
    const ranked = r.json.ranked.map((x: { entity: { name: string } }) => x.entity.name);
    const below = r.json.not_enough_reviews.map((x: { entity: { name: string } }) => x.entity.name);
    expect(ranked).toContain('Mike Lambert');
    expect(below).toContain('Sarah Connor');
    expect(ranked).not.toContain('Sarah Connor');
    for (const x of r.json.not_enough_reviews) expect(x.rated_count).toBeLessThan(3);
    const team = await get('/api/v1/rankings?level=person&within=team:south-sales&period_start=2026-10-01&metric=reputation_index');
    expect(team.status).toBe(200);
    expect([...team.json.ranked, ...team.json.not_enough_reviews].map((x: { entity: { name: string } }) => x.entity.name)).toContain('Dave Okafor');
    const csv = await get('/api/v1/rankings?level=person&period_start=2026-10-01&format=csv');
    expect(csv.text).toContain('not_enough_reviews');
  });

  it('finds the most improved month on month and quarter on quarter', async () => {
    const m = await get('/api/v1/rankings/improved?level=location&period_start=2026-10-01');
    expect(m.status).toBe(200);
    expect(m.json.previous_period.start).toBe('2026-09-01');
    const names = m.json.items.map((i: { entity: { name: string } }) => i.entity.name);
    expect(names[names.length - 1]).toBe('Acme North');
    const north = m.json.items.find((i: { entity: { name: string } }) => i.entity.name === 'Acme North');
    expect(north.delta).toBeLessThan(0);
    expect(north.delta_low).toBeLessThan(north.delta);
    const q = await get('/api/v1/rankings/improved?level=location&span=quarter&period_start=2026-07-01');
    expect(q.json.items[0].entity.name).toBe('Acme South');
    expect(q.json.items[0].delta).toBeGreaterThan(0);
  });

  it('flags what needs attention: falling, unanswered negatives, a theme turning negative', async () => {
    const r = await get('/api/v1/rankings/attention?level=location&period_start=2026-10-01');
    expect(r.status).toBe(200);
    const north = r.json.items.find((i: { entity: { name: string } }) => i.entity.name === 'Acme North');
    const kinds = north.reasons.map((x: { kind: string }) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['falling', 'unanswered_negatives', 'theme_turning_negative']));
    expect(north.reasons.find((x: { kind: string }) => x.kind === 'unanswered_negatives').count).toBeGreaterThanOrEqual(3);
    expect(r.json.items.map((i: { entity: { name: string } }) => i.entity.name)).not.toContain('Acme South');
    const csv = await get('/api/v1/rankings/attention?level=location&period_start=2026-10-01&format=csv');
    expect(csv.text).toContain('Acme North');
  });

  it('rejects bad ranking parameters', async () => {
    for (const [path, param] of [
      ['/api/v1/rankings?level=planet', 'query.level'],
      ['/api/v1/rankings?level=location&within=location:1', 'query.within'],
      ['/api/v1/rankings?within=galaxy:1', 'query.within'],
      ['/api/v1/rankings?period_start=2026-10-15', 'query.period_start'],
      ['/api/v1/rankings?metric=vibes', 'query.metric'],
      ['/api/v1/rankings?limit=100000', 'query.limit'],
      ['/api/v1/rankings/improved?span=week', 'query.span'],
      ['/api/v1/rankings/attention?min_unanswered=-1', 'query.min_unanswered'],
    ]) {
      const r = await get(path!);
      expect(r.status, path).toBe(400);
      expect(r.json.error.param, path).toBe(param);
    }
    expect((await get('/api/v1/rankings?level=person&within=location:777777')).status).toBe(404);
  });
});

describe(`themes (${testDialect()})`, () => {
  it('gives counts, polarity, trend against the previous period and example quotes', async () => {
    const r = await get(`/api/v1/themes?entity=location:${w().seed.locations.north}&period_start=2026-10-01&examples=2`);
    expect(r.status).toBe(200);
    expect(r.json.previous_period.start).toBe('2026-09-01');
    expect(r.json.themes.length).toBeGreaterThan(0);
    const price = r.json.themes.find((t: { theme: string }) => t.theme === 'price');
    expect(price).toMatchObject({ count: expect.any(Number), trend: 'more_negative' });
    expect(price.polarity).toBeLessThan(0);
    expect(price.previous.polarity).toBeGreaterThan(price.polarity);
    expect(price.examples.length).toBeGreaterThan(0);
    expect(price.examples.length).toBeLessThanOrEqual(2);
    expect(price.examples[0].quote).toEqual(expect.any(String));
    const latest = await get(`/api/v1/themes?entity=location:${w().seed.locations.north}`);
    expect(latest.json.period.start).toBe('2026-10-01');
    expect((await get('/api/v1/themes?examples=11')).json.error.param).toBe('query.examples');
    expect((await get('/api/v1/themes?granularity=month&period_start=2026-10-02')).json.error.param).toBe('query.period_start');
    const csv = await get(`/api/v1/themes?entity=location:${w().seed.locations.north}&period_start=2026-10-01&format=csv`);
    expect(csv.text.split('\r\n')[0]).toBe('theme,count,share,polarity,previous_count,previous_polarity,trend,polarity_change,example');
  });
});

describe(`reputation vs CX (${testDialect()})`, () => {
  it('aligns both series, correlates them with n and intervals, finds the lag and lists gaps both ways', async () => {
    const r = await get(`/api/v1/reputation-vs-cx?entity=location:${w().seed.locations.south}&metric=NPS&from=2026-01-01&to=2026-10-31`);
    expect(r.status).toBe(200);
    expect(r.json.series).toHaveLength(10);
    expect(r.json.series.every((p: { reputation: number | null; cx: number | null }) => p.reputation !== null && p.cx !== null)).toBe(true);
    const { pearson, spearman } = r.json.correlation;
    expect(pearson.n).toBe(10);
    expect(pearson.r).toBeGreaterThan(0.7);
    expect(pearson.ci_low).toBeLessThan(pearson.r);
    expect(pearson.ci_high).toBeGreaterThanOrEqual(pearson.r);
    expect(spearman.r).toBeGreaterThan(0.7);
    expect(r.json.lag).toMatchObject({ best_lag: expect.any(Number), leader: expect.stringMatching(/reputation|cx|together/) });
    expect(r.json.lag.table).toHaveLength(7);
    expect(r.json.volume_per_transaction.reviews_per_1000_transactions).toBeGreaterThan(0);
    expect(r.json.series[0].reviews_per_1000_transactions).toBeGreaterThan(0);
  });

  it('standardises children against peers: east is loved internally but not in public', async () => {
    const r = await get('/api/v1/reputation-vs-cx?entity=company&from=2026-01-01&to=2026-10-31');
    expect(r.json.children.kind).toBe('location');
    expect(r.json.children.cx_ahead.map((g: { entity: { name: string } }) => g.entity.name)).toContain('Acme East');
    const east = r.json.children.cx_ahead.find((g: { entity: { name: string } }) => g.entity.name === 'Acme East');
    expect(east.gap).toBeLessThan(0);
    expect(east.z_cx).toBeGreaterThan(east.z_reputation);
    expect(r.json.children.reputation_ahead.length).toBeGreaterThan(0);
    const csv = await get('/api/v1/reputation-vs-cx?entity=company&from=2026-01-01&to=2026-03-31&format=csv');
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 3 + 3 * 3);
  });

  it('rejects bad parameters', async () => {
    for (const [qs, param] of [['metric=HAPPINESS', 'query.metric'], ['reputation=stars', 'query.reputation'], ['granularity=r90', 'query.granularity'], ['max_lag=99', 'query.max_lag'], ['from=2026-12-01&to=2026-01-01', 'query.to']]) {
      const r = await get(`/api/v1/reputation-vs-cx?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.json.error.param, qs).toBe(param);
    }
  });
});
