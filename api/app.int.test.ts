import { gunzipSync } from 'node:zlib';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/types';
import { createApiKey, revokeApiKey } from '../domain/api-keys';
import { testDialect } from '../test/support/db';
import { apiContext, call, useApiWorld } from '../test/support/seed-api';
import { createApp } from './app';
import { startServer } from './server';

/** The app as a whole: health, docs, auth, errors, caching, compression, rate limit, server. */
const w = useApiWorld(import.meta.url);

describe(`API infrastructure (${testDialect()})`, () => {
  it('/health reports the database and migrations without a key', async () => {
    const r = await call(w().app, null, '/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', database: { reachable: true, dialect: testDialect() }, migrations: { current: true, pending: [] } });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('/health says degraded (503) when the database is gone', async () => {
    const unreachable = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://u:secret@127.0.0.1:1/db', connectionTimeoutMillis: 1000 }) }),
    });
    const broken = createApp({ ...w().ctx, db: unreachable });
    const r = await call(broken, null, '/health');
    await unreachable.destroy();
    expect(r.status).toBe(503);
    expect(r.json.status).toBe('degraded');
    expect(r.text).not.toContain('secret');
  });

  it('/metrics answers in the Prometheus text format, behind a bearer token when one is configured', async () => {
    const r = await call(w().app, null, '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(r.text).toMatch(/^# HELP repwatch_reviews /m);
    expect(r.text).toMatch(/^repwatch_reviews\{level="location"\} [1-9]\d*$/m);
    const guarded = createApp(w().ctx, { metrics: { token: 'scrape-me' } });
    expect((await call(guarded, null, '/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { Authorization: 'Bearer scrape-me' } })).status).toBe(200);
  });

  it('/openapi.json is an OpenAPI 3.1 document listing every route with its parameters', async () => {
    const r = await call(w().app, null, '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    const ops = Object.entries(r.json.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops.sort()).toEqual(
      [
        'GET /health', 'GET /openapi.json', 'GET /docs',
        'GET /api/v1/entities/tree', 'GET /api/v1/entities/{kind}/{id}/targets',
        'GET /api/v1/locations', 'POST /api/v1/locations', 'GET /api/v1/locations/{id}', 'PATCH /api/v1/locations/{id}', 'DELETE /api/v1/locations/{id}',
        'GET /api/v1/people', 'POST /api/v1/people', 'GET /api/v1/people/{id}', 'PATCH /api/v1/people/{id}', 'DELETE /api/v1/people/{id}',
        'POST /api/v1/people/{id}/aliases', 'DELETE /api/v1/people/{id}/aliases/{alias}',
        'GET /api/v1/reviews', 'GET /api/v1/reviews/{id}',
        'GET /api/v1/attributions/queue', 'POST /api/v1/attributions/{id}/confirm', 'POST /api/v1/attributions/{id}/reject',
        'GET /api/v1/trends', 'GET /api/v1/rankings', 'GET /api/v1/rankings/improved', 'GET /api/v1/rankings/attention', 'GET /api/v1/themes',
        'POST /api/v1/cx/import', 'GET /api/v1/cx', 'DELETE /api/v1/cx', 'DELETE /api/v1/cx/{id}', 'GET /api/v1/reputation-vs-cx',
        'GET /api/v1/alerts', 'POST /api/v1/alerts/{id}/acknowledge', 'POST /api/v1/alerts/{id}/mute',
        'GET /api/v1/crawl-runs', 'GET /api/v1/source-health',
      ].sort(),
    );
    const reviews = r.json.paths['/api/v1/reviews'].get;
    expect(reviews.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['entity', 'source', 'stars_min', 'q', 'limit', 'cursor', 'format']));
    expect(Object.keys(reviews.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '429']));
    expect(r.json.components.securitySchemes).toHaveProperty('Bearer');
    // Every $ref resolves.
    const refs = [...r.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) expect(r.json.components.schemas).toHaveProperty(ref);
  });

  it('/docs renders a readable page from the document, offline', async () => {
    const r = await call(w().app, null, '/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('<h2 id="tag-rankings">rankings</h2>');
    expect(r.text).toContain('/api/v1/reputation-vs-cx');
    expect(r.text).not.toMatch(/<script|https?:\/\/cdn/i);
  });

  it('401 without a key, with an unknown key, and with a malformed Authorization header; X-Api-Key works', async () => {
    const variants: Record<string, string>[] = [{}, { Authorization: 'Bearer rw_nope' }, { Authorization: 'Basic abc' }, { 'X-Api-Key': 'wrong' }];
    for (const headers of variants) {
      const r = await call(w().app, null, '/api/v1/locations', { headers });
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('UNAUTHORIZED');
      expect(r.headers.get('www-authenticate')).toContain('Bearer');
    }
    const ok = await call(w().app, null, '/api/v1/locations', { headers: { 'X-Api-Key': w().seed.keys.admin } });
    expect(ok.status).toBe(200);
  });

  it('unknown routes are JSON 404s; errors never carry a stack', async () => {
    const r = await call(w().app, w().seed.keys.admin, '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('NOT_FOUND');
    const failing = Object.create(w().ctx.db) as Kysely<Database>;
    failing.selectFrom = (() => {
      throw new Error('secret internals at db.ts:42');
    }) as never;
    const boom = createApp({ ...w().ctx, db: failing }, { rateLimit: false });
    const e = await call(boom, w().seed.keys.admin, '/api/v1/locations');
    expect(e.status).toBe(500);
    expect(e.json.error.code).toBe('INTERNAL');
    expect(e.text).not.toMatch(/secret|\.ts:|at /);
    const busy = Object.create(w().ctx.db) as Kysely<Database>;
    busy.selectFrom = (() => {
      throw new Error('timeout exceeded when trying to connect');
    }) as never;
    const b = await call(createApp({ ...w().ctx, db: busy }, { rateLimit: false }), w().seed.keys.admin, '/api/v1/locations');
    expect(b.status).toBe(503);
    expect(b.json.error.code).toBe('DATABASE_UNREACHABLE');
    expect(b.headers.get('retry-after')).toBe('2');
  });

  it('refuses oversized bodies with 413', async () => {
    const huge = JSON.stringify({ key: 'big', name: 'x'.repeat(2 * 1024 * 1024) });
    const r = await call(w().app, w().seed.keys.admin, '/api/v1/locations', { body: huge, contentType: 'application/json' });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads carry a short private Cache-Control and an ETag that answers 304', async () => {
    const first = await call(w().app, w().seed.keys.admin, '/api/v1/locations');
    expect(first.headers.get('cache-control')).toMatch(/^private, max-age=\d+/);
    expect(first.headers.get('vary')).toContain('Authorization');
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    const again = await w().app.request('/api/v1/locations', { headers: { Authorization: `Bearer ${w().seed.keys.admin}`, 'If-None-Match': tag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toMatch(/^private/);
    const write = await call(w().app, w().seed.keys.admin, `/api/v1/alerts/${w().seed.alerts.daveDrop}/acknowledge`, { method: 'POST' });
    expect(write.headers.get('cache-control')).toBe('no-store');
  });

  it('gzips large responses and sets secure headers', async () => {
    const res = await w().app.request('/api/v1/reviews?limit=200', { headers: { Authorization: `Bearer ${w().seed.keys.admin}`, 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
    expect(body.items.length).toBeGreaterThan(100);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('a revoked key stops working once the looked-up key has aged out of the cache', async () => {
    const { id, key } = await createApiKey(w().db, { name: `soon-revoked-${Date.now()}`, role: 'marketing' });
    const app = createApp(w().ctx, { rateLimit: false, authCacheTtlMs: 300 });
    expect((await call(app, key, '/api/v1/locations')).status).toBe(200);
    expect(await revokeApiKey(w().db, id)).toBe(true);
    await new Promise((r) => setTimeout(r, 350));
    const r = await call(app, key, '/api/v1/locations');
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('UNAUTHORIZED');
  });

  it('rate-limits per key with 429 and Retry-After, other keys unaffected', async () => {
    const limited = createApp(apiContext({ db: w().db, dialect: w().ctx.dialect }), { rateLimit: { capacity: 3, refillPerSecond: 0.5 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(limited, w().seed.keys.marketing, '/api/v1/locations')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const r = await call(limited, w().seed.keys.marketing, '/api/v1/locations');
    expect(r.json.error.code).toBe('RATE_LIMITED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call(limited, w().seed.keys.leadership, '/api/v1/locations')).status).toBe(200);
  });

  it('startServer serves over HTTP on 127.0.0.1 (with an app beside it) and closes', async () => {
    const beside = { matches: (path: string) => path.startsWith('/dash'), fetch: () => new Response('dashboard here') };
    const server = await startServer(w().ctx, { port: 0, host: '127.0.0.1', beside });
    try {
      expect(await (await fetch(`${server.url}/dash/home`)).text()).toBe('dashboard here');
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${server.url}/api/v1/entities/tree`, { headers: { Authorization: `Bearer ${w().seed.keys.admin}` } });
      expect(res.status).toBe(200);
      expect((await res.json()).company.name).toBe('Acme Motors');
    } finally {
      await server.close();
    }
  });
});
