import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, bodyCompress, bodyEtag } from './body';

/** ETag and gzip from the body as built: sizes, 304s, encodings, and bodies that had to be read back. */
const big = { items: Array.from({ length: 400 }, (_, i) => ({ id: i, text: `review number ${i}` })) };

function app(threshold = 1024) {
  const a = new Hono();
  a.use('*', bodyCompress({ threshold }));
  a.use('*', async (c, next) => {
    await next();
    if (c.req.method === 'GET') c.res.headers.set('Cache-Control', 'private, max-age=30');
  });
  a.use('*', bodyEtag());
  a.get('/small', (c) => c.json({ ok: true }));
  a.get('/big', (c) => c.json(big));
  a.get('/csv', (c) => c.body('a,b\r\n'.repeat(1000), 200, { 'Content-Type': 'text/csv; charset=utf-8' }));
  a.get('/png', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png' }));
  a.get('/stream', (c) =>
    c.body(new ReadableStream({ start: (ctl) => (ctl.enqueue(new TextEncoder().encode(JSON.stringify(big))), ctl.close()) }), 200, { 'Content-Type': 'application/json' }));
  a.get('/missing', (c) => c.json({ error: 'x'.repeat(5000) }, 404));
  a.post('/write', (c) => c.json(big));
  return a;
}

const get = (path: string, headers: Record<string, string> = {}) => app().request(path, { headers });

describe('bodyEtag / bodyCompress', () => {
  it('leaves small bodies uncompressed with a strong ETag that answers 304', async () => {
    const first = await get('/small', { 'Accept-Encoding': 'gzip' });
    expect(first.headers.get('content-encoding')).toBeNull();
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(await first.json()).toEqual({ ok: true });
    const again = await get('/small', { 'If-None-Match': tag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe('private, max-age=30');
    expect(await again.text()).toBe('');
    expect((await get('/small', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('gzips large bodies for clients that accept it, with a weak ETag that still answers 304', async () => {
    const res = await get('/big', { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toContain('Accept-Encoding');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toEqual(big);
    const tag = res.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect((await get('/big', { 'Accept-Encoding': 'gzip', 'If-None-Match': tag })).status).toBe(304);
    const plain = await get('/big', { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('etag')).toBe(tag.slice(2));
    expect(await plain.json()).toEqual(big);
  });

  it('hashes and compresses bodies it has to read back from a stream', async () => {
    const res = await get('/stream', { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toEqual(big);
    expect(res.headers.get('etag')).toBe((await get('/big', { 'Accept-Encoding': 'gzip' })).headers.get('etag'));
  });

  it('compresses CSV but not images, and leaves errors and writes without an ETag', async () => {
    expect((await get('/csv', { 'Accept-Encoding': 'gzip' })).headers.get('content-encoding')).toBe('gzip');
    const png = await get('/png', { 'Accept-Encoding': 'gzip' });
    expect(png.headers.get('content-encoding')).toBeNull();
    expect((await png.arrayBuffer()).byteLength).toBe(4096);
    const missing = await get('/missing', { 'Accept-Encoding': 'gzip' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    expect(missing.headers.get('content-encoding')).toBe('gzip');
    const write = await app().request('/write', { method: 'POST', headers: { 'Accept-Encoding': 'gzip' } });
    expect(write.headers.get('etag')).toBeNull();
  });

  it('HEAD gets the ETag without a body or compression', async () => {
    const res = await app().request('/big', { method: 'HEAD', headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('reads Accept-Encoding with q-values and wildcards', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
  });

  it('over HTTP, a small body goes out in one piece with a Content-Length (no chunked transfer)', async () => {
    const server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const raw = (path: string) =>
        new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject).end();
        });
      const small = await raw('/small');
      expect(small.headers['content-length']).toBe(String(small.body.length));
      expect(small.headers['transfer-encoding']).toBeUndefined();
      expect(small.headers['content-encoding']).toBeUndefined();
      const large = await raw('/big');
      expect(large.headers['content-encoding']).toBe('gzip');
      expect(large.headers['content-length']).toBe(String(large.body.length));
      expect(JSON.parse(gunzipSync(large.body).toString('utf8'))).toEqual(big);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
