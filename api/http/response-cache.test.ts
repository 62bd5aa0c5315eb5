import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ChangeFeed } from '../../db/change-feed';
import type { ApiEnv } from '../types';
import { bodyCompress } from './body';
import { analyticsDependencies, createResponseCache } from './response-cache';

/** The cache's rules on a stub feed and a counting handler (the database side is in response-cache.int.test.ts). */
function world(maxAgeMs?: number) {
  // A feed like db/change-feed.ts: a global version, and the version of each table (the last change to it).
  const changed = new Map<string, number>();
  const feed: ChangeFeed & { version: number | undefined; write: (table: string) => void } = {
    version: 1,
    versionOf: (...tables) => (feed.version === undefined ? undefined : Math.max(1, ...tables.map((t) => changed.get(t) ?? 0))),
    write(table) {
      feed.version = (feed.version ?? 1) + 1;
      changed.set(table, feed.version);
    },
    ready: Promise.resolve(),
    close: async () => {},
  };
  const dependencies = (p: string) => (p.startsWith('/trends') ? ['rollups', 'people'] : p.startsWith('/themes') ? ('any' as const) : undefined);
  const cache = createResponseCache(feed, { maxBytes: 1024 * 1024, dependencies, compressThresholdBytes: 1e9, maxAgeMs });
  let computed = 0;
  const app = new Hono<ApiEnv>();
  app.use('*', bodyCompress({ threshold: 1e9 }));
  app.use('*', async (c, next) => {
    c.set('principal', { keyId: 1, name: 'k', role: (c.req.header('x-role') ?? 'admin') as 'admin', scope: {} });
    await next();
  });
  app.use('*', cache.middleware);
  app.get('/trends', (c) => c.json({ n: ++computed }));
  app.get('/reviews', (c) => c.json({ n: ++computed }));
  app.get('/themes', (c) => c.json({ n: ++computed }));
  const get = async (path: string, role = 'admin') => {
    const res = await app.request(path, { headers: { 'x-role': role } });
    return { cache: res.headers.get('x-cache'), n: ((await res.json()) as { n: number }).n };
  };
  return { feed, cache, get };
}

describe('response cache', () => {
  it('reuses an answer per URL and role until the version moves', async () => {
    const w = world();
    expect(await w.get('/trends?a=1')).toEqual({ cache: 'miss', n: 1 });
    expect(await w.get('/trends?a=1')).toEqual({ cache: 'hit', n: 1 });
    expect(await w.get('/trends?a=2')).toEqual({ cache: 'miss', n: 2 });
    expect(await w.get('/trends?a=1', 'marketing')).toEqual({ cache: 'miss', n: 3 });
    w.feed.write('rollups');
    expect(await w.get('/trends?a=1')).toEqual({ cache: 'miss', n: 4 });
    // Answers of an older version stay held (never served) until asked for again or pushed out by the LRU bound.
    expect(w.cache.stats).toMatchObject({ hits: 1, misses: 4, entries: 3 });
  });

  it('neither stores nor serves while the feed is down, and forgets on demand', async () => {
    const w = world();
    await w.get('/trends');
    w.feed.version = undefined;
    expect(await w.get('/trends')).toEqual({ cache: null, n: 2 });
    expect(await w.get('/trends')).toEqual({ cache: null, n: 3 });
    w.feed.version = 1;
    expect(await w.get('/trends')).toEqual({ cache: 'miss', n: 4 });
    w.cache.forget();
    expect(await w.get('/trends')).toEqual({ cache: 'miss', n: 5 });
    expect(await w.get('/reviews')).toEqual({ cache: null, n: 6 });
  });

  it('does not reuse an answer past its maximum age even when no change was announced', async () => {
    const w = world(40);
    await w.get('/trends');
    expect((await w.get('/trends')).cache).toBe('hit');
    await new Promise((r) => setTimeout(r, 60));
    expect(await w.get('/trends')).toEqual({ cache: 'miss', n: 2 });
  });

  it('keeps an answer through writes to tables it does not read, and drops it on a write to one it does', async () => {
    const w = world();
    await w.get('/trends');
    await w.get('/themes');
    w.feed.write('reviews');
    // Trends read rollups and people only; themes depend on every watched table.
    expect(await w.get('/trends')).toEqual({ cache: 'hit', n: 1 });
    expect(await w.get('/themes')).toEqual({ cache: 'miss', n: 3 });
    w.feed.write('people');
    expect(await w.get('/trends')).toEqual({ cache: 'miss', n: 4 });
    expect(await w.get('/trends')).toEqual({ cache: 'hit', n: 4 });
    w.feed.write('rollups');
    expect(await w.get('/trends')).toEqual({ cache: 'miss', n: 5 });
    expect(await w.get('/themes')).toEqual({ cache: 'miss', n: 6 });
  });

  it('knows what each analytics read depends on', () => {
    const roster = ['organizations', 'locations', 'people'];
    for (const path of ['/api/v1/trends', '/trends', '/api/v1/rankings', '/api/v1/rankings/improved']) expect(analyticsDependencies(path)).toEqual(expect.arrayContaining(['rollups', ...roster]));
    expect(analyticsDependencies('/api/v1/reputation-vs-cx')).toEqual(expect.arrayContaining(['rollups', 'cx_scores', ...roster]));
    // Reads of reviews (quotes, unanswered negatives) depend on everything.
    expect(analyticsDependencies('/api/v1/rankings/attention')).toBe('any');
    expect(analyticsDependencies('/api/v1/themes')).toBe('any');
    for (const path of ['/api/v1/reviews', '/api/v1/trendsx', '/api/v1/cx', '/api/v2/trends']) expect(analyticsDependencies(path)).toBeUndefined();
  });
});
