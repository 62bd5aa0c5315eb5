import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local review site for engine tests: paged review lists newest-first,
 * failure injection per URL, and request counts. Listens on 127.0.0.1:0.
 */
export interface FixtureReview {
  id: string | null;
  author: string;
  rating: number;
  title?: string;
  text: string;
  date: string;
  response?: string;
}

export type Failure =
  | { kind: 'status'; status: number; retryAfter?: string | (() => string) }
  | { kind: 'hang'; ms: number }
  | { kind: 'captcha' }
  | { kind: 'truncated' }
  | { kind: 'malformed' };

export interface FixtureSiteOptions {
  reviews: FixtureReview[];
  perPage?: number;
  /** Serve pages as ISO-8859-1 (declared in the header, or only in a <meta> tag). */
  latin1?: 'header' | 'meta';
  /** The last page links "next" back to page 1. */
  endlessNext?: boolean;
  robotsTxt?: string;
  siteReviewCount?: number;
}

export interface FixtureSite {
  url(path?: string): string;
  /** Requests per path (with query), robots.txt included. */
  hits: Map<string, number>;
  /** Timestamps (ms) of requests per path. */
  times: Map<string, number[]>;
  userAgents: string[];
  total(): number;
  /** Queues failures for the next requests to `pathWithQuery`. */
  fail(pathWithQuery: string, ...failures: Failure[]): void;
  options: FixtureSiteOptions;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderReviewPage(opts: FixtureSiteOptions, page: number, basePath: string): string {
  const perPage = opts.perPage ?? 10;
  const slice = opts.reviews.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(opts.reviews.length / perPage));
  const next = page < last ? `${basePath}?page=${page + 1}` : opts.endlessNext ? `${basePath}?page=1` : null;
  const items = slice
    .map(
      (r) => `<li class="review"${r.id ? ` data-id="${esc(r.id)}"` : ''} data-rating="${r.rating}">
  <span class="author">${esc(r.author)}</span> <time datetime="${r.date}">${r.date}</time>
  ${r.title ? `<h3 class="title">${esc(r.title)}</h3>` : ''}<p class="text">${esc(r.text)}</p>
  ${r.response ? `<div class="response">${esc(r.response)}</div>` : ''}
</li>`,
    )
    .join('\n');
  const meta = opts.latin1 === 'meta' ? '<meta charset="iso-8859-1">' : '<meta charset="utf-8">';
  return `<!doctype html><html><head>${meta}<title>Reviews of Fixture Motors</title></head><body>
<div id="business" data-count="${opts.siteReviewCount ?? opts.reviews.length}" data-rating="4.5"><span class="name">Fixture Motors</span></div>
<ul id="reviews">
${items}
</ul>
${next ? `<a rel="next" href="${next}">Next</a>` : ''}
<footer>${'Lorem ipsum dolor sit amet. '.repeat(20)}</footer>
</body></html>`;
}

export async function startFixtureSite(options: FixtureSiteOptions): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  const times = new Map<string, number[]>();
  const userAgents: string[] = [];
  const failures = new Map<string, Failure[]>();
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const key = u.pathname + u.search;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    times.set(key, [...(times.get(key) ?? []), Date.now()]);
    userAgents.push(String(req.headers['user-agent'] ?? ''));
    if (u.pathname === '/robots.txt') {
      if (options.robotsTxt === undefined) return void res.writeHead(404).end('not found');
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(options.robotsTxt);
    }
    const failure = failures.get(key)?.shift();
    if (failure?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'text/html' };
      if (failure.retryAfter) headers['retry-after'] = typeof failure.retryAfter === 'function' ? failure.retryAfter() : failure.retryAfter;
      return void res.writeHead(failure.status, headers).end(`<html><body><h1>Error ${failure.status}</h1></body></html>`);
    }
    if (failure?.kind === 'hang') return void setTimeout(() => res.destroyed || res.end(''), failure.ms);
    if (failure?.kind === 'captcha')
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<html><head><title>Are you a robot?</title></head><body><h1>Please verify you are a human</h1><div class="g-recaptcha"></div></body></html>');
    const page = Number(u.searchParams.get('page') ?? '1');
    const html = renderReviewPage(options, page, u.pathname);
    if (failure?.kind === 'truncated') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(html)) });
      res.write(html.slice(0, Math.floor(html.length / 3)));
      return void setTimeout(() => res.destroy(), 20);
    }
    if (failure?.kind === 'malformed')
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><div id="content"><p>Something <b>else entirely</div></body></html>');
    if (options.latin1) {
      const ct = options.latin1 === 'header' ? 'text/html; charset=ISO-8859-1' : 'text/html';
      return void res.writeHead(200, { 'content-type': ct }).end(Buffer.from(html, 'latin1'));
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/biz/fixture-motors') => `http://127.0.0.1:${port}${path}`,
    hits,
    times,
    userAgents,
    total: () => [...hits.values()].reduce((a, b) => a + b, 0),
    fail: (key, ...f) => failures.set(key, [...(failures.get(key) ?? []), ...f]),
    options,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `n` reviews, newest first, with ids unless `withIds` is false. */
export function makeReviews(n: number, opts: { withIds?: boolean; prefix?: string } = {}): FixtureReview[] {
  const start = Date.UTC(2026, 10, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: opts.withIds === false ? null : `${opts.prefix ?? 'r'}${n - i}`,
    author: `Author ${n - i}`,
    rating: ((n - i) % 5) + 1,
    title: `Visit ${n - i}`,
    text: `Review number ${n - i}: the service was ${(n - i) % 2 ? 'quick and friendly' : 'slow but fair'}.`,
    date: new Date(start - i * 86_400_000).toISOString().slice(0, 10),
  }));
}
