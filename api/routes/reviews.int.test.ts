import { describe, expect, it } from 'vitest';
import { testDialect } from '../../test/support/db';
import { call, HOSTILE_TEXTS, useApiWorld } from '../../test/support/seed-api';

/** Review search and detail, the attribution queue and its decisions, hostile input. */
const w = useApiWorld(import.meta.url);
const admin = () => w().seed.keys.admin;
const get = (path: string) => call(w().app, admin(), path);
type R = { id: number; rating: number; published_at: string; location_id: number | null; person_id: number | null; owner_response: unknown; removed_at: string | null; source: string; themes: { theme: string }[]; attributions: { person_id: number; status: string; method: string }[]; sentiment: number | null; text: string };

async function all(path: string): Promise<R[]> {
  const out: R[] = [];
  let cursor: string | null = null;
  do {
    const r = await get(`${path}${path.includes('?') ? '&' : '?'}limit=37${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  return out;
}

describe(`reviews (${testDialect()})`, () => {
  it('pages through everything beneath the company, newest first, without gaps or repeats', async () => {
    const items = await all('/api/v1/reviews');
    const total = await w().db.selectFrom('reviews').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(items.length).toBe(Number(total.n));
    expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
    const dates = items.map((r) => r.published_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(items.some((r) => r.sentiment !== null)).toBe(true);
    expect(items.some((r) => r.themes.length > 0)).toBe(true);
  });

  it('filters by entity (including people beneath a location), source, stars, dates, response and removal', async () => {
    const { north, east } = w().seed.locations;
    const northItems = await all(`/api/v1/reviews?entity=location:${north}`);
    expect(northItems.every((r) => r.location_id === north)).toBe(true);
    expect(northItems.some((r) => r.person_id === w().seed.people.mike)).toBe(true);
    const mike = await all(`/api/v1/reviews?entity=person:${w().seed.people.mike}`);
    expect(mike.length).toBeGreaterThanOrEqual(20);
    const dr = await all('/api/v1/reviews?source=dealerrater');
    expect(dr.every((r) => r.source === 'dealerrater')).toBe(true);
    const low = await all(`/api/v1/reviews?entity=location:${north}&stars_max=2&from=2026-10-01&to=2026-10-31`);
    expect(low.length).toBeGreaterThan(0);
    expect(low.every((r) => r.rating <= 2 && r.published_at.startsWith('2026-10'))).toBe(true);
    const unanswered = await all(`/api/v1/reviews?entity=location:${north}&responded=false`);
    expect(unanswered.every((r) => r.owner_response === null)).toBe(true);
    const removed = await all(`/api/v1/reviews?entity=location:${east}&removed=true`);
    expect(removed.map((r) => r.id)).toEqual([w().seed.reviews.removed]);
    const negative = await all('/api/v1/reviews?sentiment_max=-0.05');
    expect(negative.length).toBeGreaterThan(0);
    expect(negative.every((r) => (r.sentiment ?? 0) <= -0.05)).toBe(true);
    const price = await all('/api/v1/reviews?theme=price');
    expect(price.length).toBeGreaterThan(0);
    expect(price.every((r) => r.themes.some((t) => t.theme === 'price'))).toBe(true);
    const tagged = await all('/api/v1/reviews?attribution_method=tag');
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((r) => r.attributions.some((a) => a.method === 'tag'))).toBe(true);
  });

  it('searches text by substring and by words, treating SQL and LIKE characters as text', async () => {
    const sub = await all('/api/v1/reviews?q=DROP%20TABLE');
    expect(sub.map((r) => r.id)).toEqual([w().seed.reviews.hostile.sql]);
    expect((await all(`/api/v1/reviews?q=${encodeURIComponent("'; DROP TABLE reviews; --")}`)).map((r) => r.id)).toEqual([w().seed.reviews.hostile.sql]);
    expect(await all('/api/v1/reviews?q=%25')).toEqual([]);
    expect(await all('/api/v1/reviews?q=_')).toEqual([]);
    const uni = await all(`/api/v1/reviews?q=${encodeURIComponent('日本語')}`);
    expect(uni.map((r) => r.id)).toEqual([w().seed.reviews.hostile.unicode]);
    const words = await all('/api/v1/reviews?q=rude%20-waited&search=words');
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((r) => /rude/i.test(r.text) && !/waited/i.test(r.text))).toBe(true);
    const still = await w().db.selectFrom('reviews').select('id').limit(1).execute();
    expect(still.length).toBe(1);
  });

  it('returns hostile text unchanged in JSON and safely in CSV', async () => {
    const script = await get(`/api/v1/reviews/${w().seed.reviews.hostile.script}`);
    expect(script.json.text).toBe(HOSTILE_TEXTS.script);
    expect(script.headers.get('content-type')).toContain('application/json');
    const csv = await get(`/api/v1/reviews?entity=location:${w().seed.locations.east}&from=2026-10-25&format=csv`);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="reviews-location-\d+\.csv"$/);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), ""quoted"", and a\nsecond line"`);
    expect(csv.text).toContain(HOSTILE_TEXTS.unicode);
    expect(csv.text.split('\r\n')[0]).toBe('id,source,published_at,rating,title,text,author_name,language,location_id,person_id,sentiment,sentiment_label,themes,attributed_people,responded,owner_response_text,removed_at,url');
  });

  it('rejects invalid filters, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['stars_min=abc', 'query.stars_min'],
      ['stars_min=9', 'query.stars_min'],
      ['stars_min=4&stars_max=2', 'query.stars_max'],
      ['sentiment_min=1e400', 'query.sentiment_min'],
      ['from=2026-02-01&to=2026-01-01', 'query.to'],
      ['from=yesterday', 'query.from'],
      ['entity=store:1', 'query.entity'],
      ['entity=location:99999999999', 'query.entity'],
      ['limit=501', 'query.limit'],
      ['limit=0', 'query.limit'],
      ['limit=1e9', 'query.limit'],
      ['cursor=garbage!', 'query.cursor'],
      ['cursor=eyJrIjpbMSwyLDNdfQ', 'query.cursor'],
      ['source=DROP%20TABLE', 'query.source'],
      ['attribution_method=psychic', 'query.attribution_method'],
      ['format=xml', 'query.format'],
      [`q=${'x'.repeat(201)}`, 'query.q'],
      ['q=a%00b', 'query.q'],
    ];
    for (const [qs, param] of cases) {
      const r = await get(`/api/v1/reviews?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.json.error.code, qs).toBe('VALIDATION_FAILED');
      expect(r.json.error.param, qs).toBe(param);
    }
    expect((await get('/api/v1/reviews?entity=location:424242')).status).toBe(404);
    expect((await get('/api/v1/reviews?entity=person:424242')).json.error.param).toBe('query.entity');
  });

  it('shows one review with its versions, owner response, scores, themes and attributions', async () => {
    const r = await get(`/api/v1/reviews/${w().seed.reviews.versioned}`);
    expect(r.status).toBe(200);
    expect(r.json.version).toBe(2);
    expect(r.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(r.json.versions[1].changed_fields).toEqual(['text']);
    expect(r.json.owner_response).toMatchObject({ text: 'Thank you for your review!' });
    expect(r.json.sentiment).toEqual(expect.any(Number));
    expect(r.json.themes.length).toBeGreaterThan(0);
    const dave = await all(`/api/v1/reviews?entity=person:${w().seed.people.dave}`);
    const detail = await get(`/api/v1/reviews/${dave[0]!.id}`);
    expect(detail.json.attributions.some((a: { person_id: number; evidence: string }) => a.person_id === w().seed.people.dave && a.evidence)).toBe(true);
    expect((await get('/api/v1/reviews/424242424')).status).toBe(404);
    expect((await get('/api/v1/reviews/-1')).json.error.param).toBe('path.id');
  });

  it('lists the same themes and attributions, in the same order, as each review shows on its own', async () => {
    const items = (await all('/api/v1/reviews')).filter((r) => r.themes.length + r.attributions.length > 0);
    expect(items.some((r) => r.themes.length > 1)).toBe(true);
    expect(items.some((r) => r.attributions.length > 0)).toBe(true);
    for (const item of items) {
      const one = (await get(`/api/v1/reviews/${item.id}`)).json;
      expect(item.themes).toEqual(one.themes.map((t: { theme: string; polarity: number | null }) => ({ theme: t.theme, polarity: t.polarity })));
      expect(item.attributions).toEqual(
        one.attributions.map((a: Record<string, unknown>) => ({ id: a.id, person_id: a.person_id, person_name: a.person_name, method: a.method, status: a.status, confidence: a.confidence })),
      );
    }
  });
});

describe(`attribution queue (${testDialect()})`, () => {
  it('lists pending attributions and remembers a confirmation as a rule that settles the same words', async () => {
    const q = await get('/api/v1/attributions/queue');
    expect(q.status).toBe(200);
    expect(q.json.items.length).toBeGreaterThan(1);
    const item = q.json.items[0];
    expect(item).toMatchObject({ status: 'pending', method: 'text', review: { id: expect.any(Number) }, person: { id: expect.any(Number) }, pattern: expect.any(String) });
    const res = await call(w().app, admin(), `/api/v1/attributions/${item.id}/confirm`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.json.attribution.status).toBe('confirmed');
    expect(res.json.rule).toMatchObject({ pattern: item.pattern, person_id: item.person.id, location_id: item.review.location_id });
    expect(res.json.also_decided.length).toBeGreaterThan(0);
    expect(res.json.also_decided.every((d: { status: string }) => d.status === 'confirmed')).toBe(true);
    const rules = await w().db.selectFrom('attribution_rules').selectAll().where('pattern', '=', item.pattern).execute();
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ person_id: item.person.id, created_by: 'api-key:admin' });
    const again = await call(w().app, admin(), `/api/v1/attributions/${item.id}/reject`, { method: 'POST' });
    expect(again.status).toBe(409);
    const after = await get('/api/v1/attributions/queue');
    expect(after.json.items.filter((i: { pattern: string; review: { location_id: number } }) => i.pattern === item.pattern && i.review.location_id === item.review.location_id)).toEqual([]);
  });

  it('remembers a rejection as "these words mean nobody here"', async () => {
    const csv = await get('/api/v1/attributions/queue?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const list = await get('/api/v1/attributions/queue');
    const item = list.json.items[0];
    expect(item).toBeDefined();
    const res = await call(w().app, admin(), `/api/v1/attributions/${item.id}/reject`, { method: 'POST' });
    expect(res.json.attribution.status).toBe('rejected');
    expect(res.json.rule).toMatchObject({ pattern: item.pattern, person_id: null, location_id: item.review.location_id });
    const rule = await w().db.selectFrom('attribution_rules').selectAll().where('id', '=', res.json.rule.id).executeTakeFirstOrThrow();
    expect(rule.person_id).toBeNull();
  });

  it('404s unknown attributions and validates ids', async () => {
    expect((await call(w().app, admin(), '/api/v1/attributions/987654/confirm', { method: 'POST' })).status).toBe(404);
    expect((await call(w().app, admin(), '/api/v1/attributions/x/confirm', { method: 'POST' })).json.error.param).toBe('path.id');
  });
});
