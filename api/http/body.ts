import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress';

/**
 * ETag and gzip computed from the response body as the handler produced it.
 *
 * Why not Hono's etag() and compress(): c.json() sets no Content-Length, so
 * compress() never saw a size and gzipped every body however small, through a
 * CompressionStream and chunked transfer; etag() hashed a clone() (a stream
 * tee). Those web-stream passes, and the client's matching gunzip, were the
 * largest per-request costs under load. Here the string or bytes given to
 * c.json()/c.body() are remembered, hashed and measured directly, and only
 * bodies over the threshold are gzipped (node:zlib, into a buffer with a
 * Content-Length). A response nobody rewrote stays the lightweight one that
 * @hono/node-server writes out without any stream.
 */
const gzipAsync = promisify(gzipCallback);
/** Bigger bodies are gzipped on the thread pool so a large export does not stall other requests. */
const SYNC_GZIP_MAX = 128 * 1024;
/**
 * zlib's fastest level, as nginx's gzip defaults to: on a 10 KB league table
 * it takes half the time of the default level 6 (27 vs 54 µs) for an answer
 * 10 % larger (1.8 vs 1.6 KB), and zlib was the largest single cost of a cold
 * league table at 32 clients.
 */
const GZIP = { level: 1 };
/** Headers a 304 keeps (RFC 9110 §15.4.5), as Hono's etag() did. */
const RETAINED_304 = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary'];

type Body = string | Uint8Array;
const bodies = new WeakMap<Response, Body>();

/**
 * Wraps this request's c.body and c.json so the body they are given is known
 * without reading the Response back. c.json is what Hono's own does: the JSON
 * text through the same response builder, with a default Content-Type.
 */
function rememberBodies(c: Context): void {
  const body = c.body;
  const wrapped = ((data: unknown, ...rest: unknown[]) => {
    const res = (body as (...a: unknown[]) => Response)(data, ...rest);
    if (typeof data === 'string' || data instanceof Uint8Array) bodies.set(res, data);
    return res;
  }) as typeof c.body;
  c.body = wrapped;
  c.json = ((object: unknown, arg?: unknown, headers?: Record<string, string | string[]>) =>
    (wrapped as (...a: unknown[]) => Response)(JSON.stringify(object), arg, { 'Content-Type': 'application/json', ...headers })) as typeof c.json;
}

/** Only the body bookkeeping of bodyCompress, for apps that compress nothing (the dashboard's in-process API). */
export function trackBodies(): MiddlewareHandler {
  return async (c, next) => {
    rememberBodies(c);
    await next();
  };
}

/** The body given to c.body()/c.json() for this response, if it came from there (no stream to read). */
export function knownBody(res: Response): Body | undefined {
  return bodies.get(res);
}

/** The body of a response: remembered, else read (null for no body, or a body we would have to stream). */
async function bodyOf(res: Response): Promise<{ body: Body; read: boolean } | null> {
  const known = bodies.get(res);
  if (known !== undefined) return { body: known, read: false };
  if (res.body === null) return null;
  return { body: new Uint8Array(await res.arrayBuffer()), read: true };
}

const byteLength = (b: Body) => (typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength);

/**
 * Replaces c.res by a response with this body, status and headers. Clearing
 * c.res first makes Hono take the new response as it is instead of
 * re-wrapping it around a stream of its body.
 */
function replace(c: Context, body: Body | null, status: number, headers: Headers): void {
  const res = new Response(body as string | null, { status, headers });
  if (body !== null) bodies.set(res, body);
  c.res = undefined as never;
  c.res = res;
}

function etagMatches(etag: string, ifNoneMatch: string | null): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const strong = etag.replace(/^W\//, '');
  return ifNoneMatch.match(/"[^"]*"/g)?.some((tag) => tag === strong) ?? false;
}

/** A strong ETag (SHA-1 of the body) on successful reads; an If-None-Match that matches gets 304. */
export function bodyEtag(): MiddlewareHandler {
  return async (c, next) => {
    const ifNoneMatch = c.req.header('if-none-match') ?? null;
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !c.res.ok) return;
    let etag = c.res.headers.get('ETag');
    if (!etag) {
      const got = await bodyOf(c.res);
      if (got === null) return;
      etag = `"${createHash('sha1').update(got.body).digest('hex')}"`;
      // Read back from a stream: send the bytes themselves from now on.
      if (got.read) replace(c, got.body, c.res.status, new Headers(c.res.headers));
    }
    if (etagMatches(etag, ifNoneMatch)) {
      const headers = new Headers();
      for (const name of RETAINED_304) {
        const v = c.res.headers.get(name);
        if (v !== null) headers.set(name, v);
      }
      headers.set('ETag', etag);
      replace(c, null, 304, headers);
    } else c.res.headers.set('ETag', etag);
  };
}

/** Whether Accept-Encoding allows gzip (by name or through *, with q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard: number | undefined;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const q = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const token = name!.trim().toLowerCase();
    if (token === 'gzip' || token === 'x-gzip') return weight > 0;
    if (token === '*') wildcard = weight;
  }
  return wildcard !== undefined && wildcard > 0;
}

/**
 * gzip for bodies of at least `threshold` bytes when the client accepts it.
 * Smaller ones go out as they are: a zlib pass on each (and a gunzip at the
 * client) costs more than the few bytes it saves. Register it first: it also
 * sets up the body bookkeeping that bodyEtag() relies on.
 */
export function bodyCompress(options: { threshold: number }): MiddlewareHandler {
  return async (c, next) => {
    rememberBodies(c);
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (
      c.req.method === 'HEAD' || res.status === 204 || res.status === 206 || res.status === 304 ||
      res.headers.has('Content-Encoding') || res.headers.has('Transfer-Encoding') ||
      !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) || /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')
    )
      return;
    const declared = res.headers.get('Content-Length');
    if (declared !== null && Number(declared) < options.threshold) return;
    const got = await bodyOf(res);
    if (got === null) return;
    const size = byteLength(got.body);
    if (size < options.threshold) {
      if (got.read) replace(c, got.body, res.status, new Headers(res.headers));
      return;
    }
    const headers = new Headers(res.headers);
    const vary = headers.get('Vary');
    if (vary !== '*' && !(vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary))) headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    if (!acceptsGzip(c.req.header('Accept-Encoding'))) {
      replace(c, got.body, res.status, headers);
      return;
    }
    const zipped = size <= SYNC_GZIP_MAX ? gzipSync(got.body, GZIP) : await gzipAsync(got.body, GZIP);
    headers.delete('Content-Length');
    headers.set('Content-Encoding', 'gzip');
    const etag = headers.get('ETag');
    // The gzipped bytes are not the ones a strong ETag names.
    if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    replace(c, new Uint8Array(zipped.buffer, zipped.byteOffset, zipped.byteLength), res.status, headers);
  };
}
