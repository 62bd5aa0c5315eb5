import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import type { ChangeFeed } from '../../db/change-feed';
import type { ApiEnv } from '../types';
import { acceptsGzip, knownBody } from './body';

/**
 * Answers of the analytics reads (trends, rankings, themes, reputation vs CX)
 * kept in memory until the data behind them changes.
 *
 * Those answers are functions of the URL, the caller's role and scope, the
 * date (open-ended ranges end today) and the database. The database part is
 * covered by the change feed: every committed write to a table bumps that
 * table's version (see db/change-feed.ts), and an answer is reused only while
 * the tables behind its path (TABLES_BEHIND) have not changed. Crawls write
 * reviews all day; a league table, which reads only rollups and the roster,
 * stays cached through them until the next rollup refresh. A write through
 * this process's own API drops everything at once, so a client reads its own
 * import without waiting for the notification.
 *
 * An answer computed while the version moved is neither kept nor handed to
 * the requests that waited for it: it may have been read before the change.
 * Identical requests arriving while one is being computed wait for it instead
 * of computing it again (the 9 am league table opened by every dashboard).
 *
 * An entry keeps its ETag and, once a client asks for it, its gzipped bytes:
 * a hit costs neither a hash nor a zlib pass (a company-wide league table is
 * hundreds of KB). Responses carry `X-Cache: hit` or `miss`. With the feed
 * down (no listening connection) nothing is cached or served from the cache.
 */
/** The analytics reads, under /api/v1 or (in the dashboard's in-process API) at the root. */
export const ANALYTICS_PATHS = /^(?:\/api\/v1)?\/(?:trends|rankings|rankings\/improved|rankings\/attention|themes|reputation-vs-cx)$/;

/** Tables an answer depends on, or 'any' for a change to any table the feed watches. */
export type Dependencies = readonly string[] | 'any';

const ROLLUPS_AND_ROSTER = ['rollups', 'organizations', 'locations', 'people'];
/**
 * What each analytics read reads (see its route and db/queries). Attention and
 * themes also read reviews, their attributions, responses and themes: they
 * depend on every watched table rather than on a list that could miss one.
 */
const TABLES_BEHIND: Record<string, Dependencies> = {
  trends: ROLLUPS_AND_ROSTER,
  rankings: ROLLUPS_AND_ROSTER,
  'rankings/improved': ROLLUPS_AND_ROSTER,
  'reputation-vs-cx': [...ROLLUPS_AND_ROSTER, 'cx_scores'],
  'rankings/attention': 'any',
  themes: 'any',
};

/** The dependencies of an analytics path; undefined for any other path (not cached). */
export function analyticsDependencies(path: string): Dependencies | undefined {
  return ANALYTICS_PATHS.test(path) ? TABLES_BEHIND[path.replace(/^\/api\/v1/, '').slice(1)] : undefined;
}

export interface ResponseCacheOptions {
  /** Upper bound on the bodies held, in bytes. */
  maxBytes: number;
  /** The tables behind a request path's answers; undefined for paths not cached (they pass through untouched). */
  dependencies: (path: string) => Dependencies | undefined;
  /** Bodies this big or bigger are sent gzipped to clients that accept it (as bodyCompress does). */
  compressThresholdBytes: number;
  /**
   * No answer is reused after this long, notifications or not: the bound on
   * staleness should the feed go silent without the connection dropping
   * (a transaction-mode pooler swallows notifications). Default 5 minutes.
   */
  maxAgeMs?: number;
}

interface Entry {
  /** The version of its dependencies it was computed at. */
  version: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
  /** Strong ETag of body. */
  etag: string;
  bytes: number;
  /** gzip of body, made on the first hit that wants it. */
  gzipped?: Uint8Array<ArrayBuffer>;
  size: number;
}

export interface ResponseCache {
  middleware: MiddlewareHandler<ApiEnv>;
  /** Drops everything (after a write through this API). */
  forget(): void;
  readonly stats: { hits: number; misses: number; entries: number; bytes: number };
}

/** Headers the handler set that belong to the answer itself (security and caching headers are added outside). */
const KEPT_HEADERS = ['content-type', 'content-disposition', 'x-next-cursor'];

export function createResponseCache(feed: ChangeFeed, options: ResponseCacheOptions): ResponseCache {
  const entries = new LRUCache<string, Entry>({ maxSize: options.maxBytes, sizeCalculation: (e) => e.size, ttl: options.maxAgeMs ?? 300_000, ttlAutopurge: false });
  const inFlight = new Map<string, Promise<Entry | undefined>>();
  let localEpoch = 0;
  let hits = 0;
  let misses = 0;

  const current = (deps: Dependencies): string | undefined => {
    const v = deps === 'any' ? feed.version : feed.versionOf(...deps);
    return v === undefined ? undefined : `${v}.${localEpoch}`;
  };

  const middleware: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const deps = c.req.method === 'GET' ? options.dependencies(c.req.path) : undefined;
    if (!deps) return next();
    const version = current(deps);
    if (version === undefined) {
      // Whatever was kept may be stale by the time the feed is back.
      if (entries.size) entries.clear();
      return next();
    }
    const principal = c.get('principal');
    const today = new Date().toISOString().slice(0, 10);
    const url = c.req.url;
    const key = `${principal.role}\u0000${JSON.stringify(principal.scope)}\u0000${today}\u0000${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;

    const serve = (e: Entry) => {
      hits++;
      if (e.bytes >= options.compressThresholdBytes && acceptsGzip(c.req.header('accept-encoding'))) {
        if (!e.gzipped) {
          const z = gzipSync(e.body);
          e.gzipped = new Uint8Array(z.buffer as ArrayBuffer, z.byteOffset, z.byteLength);
        }
        // Content-Encoding set here: bodyCompress leaves it alone; the gzipped bytes get the weak form of the ETag, as there.
        return c.body(e.gzipped, 200, { ...e.headers, 'Content-Encoding': 'gzip', ETag: `W/${e.etag}`, 'X-Cache': 'hit' });
      }
      return c.body(e.body as string, 200, { ...e.headers, ETag: e.etag, 'X-Cache': 'hit' });
    };
    const found = entries.get(key);
    if (found?.version === version) return serve(found);
    if (found) entries.delete(key);
    const running = inFlight.get(key);
    if (running) {
      const shared = await running;
      if (shared?.version === version) return serve(shared);
    }

    let settle!: (e: Entry | undefined) => void;
    const mine = new Promise<Entry | undefined>((resolve) => (settle = resolve));
    const leader = !running;
    if (leader) inFlight.set(key, mine);
    let entry: Entry | undefined;
    try {
      misses++;
      await next();
      c.res.headers.set('X-Cache', 'miss');
      const body = c.res.status === 200 ? knownBody(c.res) : undefined;
      if (body !== undefined && current(deps) === version) {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const v = c.res.headers.get(name);
          if (v !== null) headers[name] = v;
        }
        const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
        const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
        // Counted as if gzipped later too (about a fifth of JSON), so the bound holds either way.
        entry = { version, body, headers, etag, bytes, size: Math.ceil(bytes * 1.2) + key.length + 200 };
        // Too big for the cache at all: LRUCache would refuse it anyway.
        if (entry.size <= options.maxBytes) entries.set(key, entry);
      }
    } finally {
      if (leader) inFlight.delete(key);
      settle(entry);
    }
  };

  return {
    middleware,
    forget() {
      localEpoch++;
      entries.clear();
    },
    get stats() {
      return { hits, misses, entries: entries.size, bytes: entries.calculatedSize };
    },
  };
}

/** The cache of the analytics reads (ANALYTICS_PATHS), or none without a feed or with 0 MB. */
export function analyticsCache(changes: ChangeFeed | undefined, megabytes: number, compressThresholdBytes: number): ResponseCache | undefined {
  if (!changes || megabytes <= 0) return undefined;
  return createResponseCache(changes, { maxBytes: megabytes * 1024 * 1024, dependencies: analyticsDependencies, compressThresholdBytes });
}
