import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ChangeFeed } from '../../db/change-feed';
import type { ApiEnv } from '../types';
import { bodyCompress } from './body';
import { createResponseCache } from './response-cache';

/** The cache's rules on a stub feed and a counting handler (the database side is in response-cache.int.test.ts). */
function world(maxAgeMs?: number) {
  const feed: ChangeFeed & { version: number | undefined } = { version: 1, versionOf: () => feed.version, ready: Promise.resolve(), close: async () => {} };
  const cache = createResponseCache(feed, { maxBytes: 1024 * 1024, cacheable: (p) => p.startsWith('/trends'), compressThresholdBytes: 1e9, maxAgeMs });
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
    w.feed.version = 2;
    expect(await w.get('/trends?a=1')).toEqual({ cache: 'miss', n: 4 });
    expect(w.cache.stats).toMatchObject({ hits: 1, misses: 4, entries: 1 });
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
});
