import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_PHASES } from '../world/phases';
import type { DemoWorld } from '../world/types';
import {
  CAPTCHA_PAGE,
  MALFORMED_PAGE,
  answersInsteadOfPage,
  failureMatches,
  isOneShot,
  toLatin1,
  truncateHalf,
  type DemoFailure,
} from './failures';
import { route, type Rendered } from './routes';

/**
 * The demo review site: a plain node:http server on 127.0.0.1 (port 0 by
 * default) serving the world's pages. Never used in production; `repwatch
 * demo`, the crawler tests and the benchmarks point the real crawlers at it.
 */

export interface DemoSiteOptions {
  world: DemoWorld;
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Reviews per listing page (dealer, salesperson and company pages). */
  pageSize?: number;
  /** Delay before every answer, to imitate a slow site. */
  delayMs?: number;
  /** Initial phase (default 0). */
  phase?: number;
  failures?: DemoFailure[];
}

export interface DemoSiteStats {
  total: number;
  /** "/dealer/riverside", "/sales", "/company", "/maps/riverside", "/robots.txt", "/private"... */
  byPrefix: Record<string, number>;
  /** Exact path + query. */
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  /** Requests to /private/, which robots.txt forbids. */
  privateHits: number;
  /** Requests answered by an injected failure. */
  failuresServed: number;
}

export interface DemoSite {
  /** "http://127.0.0.1:<port>" (no trailing slash). */
  url: string;
  world: DemoWorld;
  close(): Promise<void>;
  setPhase(n: number): void;
  phase(): number;
  stats(): DemoSiteStats;
  resetStats(): void;
  /** Replaces the failure rules (and forgets which one-shot failures were already served). */
  setFailures(failures: DemoFailure[]): void;
}

/** Groups paths per listing: "/dealer/<key>" and "/maps/<key>" per location, otherwise the first segment. */
export function statsPrefix(pathname: string): string {
  const parts = pathname.split('/').filter(Boolean);
  if (!parts.length) return '/';
  if ((parts[0] === 'dealer' || parts[0] === 'maps') && parts[1]) return `/${parts[0]}/${parts[1]}`;
  return `/${parts[0]}`;
}

function emptyStats(): DemoSiteStats {
  return { total: 0, byPrefix: {}, byPath: {}, byStatus: {}, privateHits: 0, failuresServed: 0 };
}

const bump = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  const { world } = options;
  const pageSize = options.pageSize ?? 10;
  const delayMs = options.delayMs ?? 0;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  let phase = 0;
  let failures = options.failures ?? [];
  /** One-shot failures already served, keyed by rule index + URL. */
  let served = new Set<string>();
  let stats = emptyStats();
  const timers = new Set<NodeJS.Timeout>();
  let base = '';

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const send = (req: IncomingMessage, res: ServerResponse, r: Rendered, body: string | Buffer, contentType = r.contentType) => {
    bump(stats.byStatus, String(r.status));
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(r.status, { 'Content-Type': contentType, 'Content-Length': bytes.length, 'Cache-Control': 'no-store', ...r.headers });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    const pathAndQuery = `${url.pathname}${url.search}`;
    stats.total++;
    bump(stats.byPath, pathAndQuery);
    bump(stats.byPrefix, statsPrefix(url.pathname));
    if (url.pathname === '/private' || url.pathname.startsWith('/private/')) stats.privateHits++;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(req, res, { status: 405, contentType: 'text/plain; charset=utf-8', body: '', headers: { Allow: 'GET, HEAD' } }, 'Method not allowed\n');
      return;
    }

    let rule: DemoFailure | undefined;
    failures.forEach((f, i) => {
      if (rule || !failureMatches(f, pathAndQuery)) return;
      const key = `${i} ${pathAndQuery}`;
      if (isOneShot(f.kind)) {
        if (served.has(key)) return;
        served.add(key);
      }
      rule = f;
    });
    if (rule) stats.failuresServed++;

    if (rule && answersInsteadOfPage(rule.kind)) {
      const text = { status: 0, contentType: 'text/plain; charset=utf-8', body: '' };
      switch (rule.kind) {
        case '429':
          send(req, res, { ...text, status: 429, headers: { 'Retry-After': String(rule.retryAfterSecs ?? 1) } }, 'Too many requests. Slow down.\n');
          return;
        case '503-once':
          send(req, res, { ...text, status: 503 }, 'Service temporarily unavailable.\n');
          return;
        case 'captcha':
          send(req, res, { status: rule.status ?? 200, contentType: 'text/html; charset=utf-8', body: CAPTCHA_PAGE }, CAPTCHA_PAGE);
          return;
        case 'timeout':
          // Say nothing, then drop the connection: the client must give up on its own timeout first.
          later(rule.hangMs ?? 35_000, () => res.socket?.destroy());
          return;
      }
    }

    let rendered: Rendered;
    try {
      rendered = route({ world, phase, base, pageSize, url, endless: rule?.kind === 'endless-next' });
    } catch (error) {
      // A bug in the demo must show up in the test that hit it, not hang the crawler.
      const message = `Demo site error: ${(error as Error).message}\n`;
      send(req, res, { status: 500, contentType: 'text/plain; charset=utf-8', body: message }, message);
      return;
    }
    switch (rule?.kind) {
      case 'truncated':
        send(req, res, rendered, truncateHalf(rendered.body));
        return;
      case 'malformed':
        send(req, res, rendered, MALFORMED_PAGE, 'text/html; charset=utf-8');
        return;
      case 'latin1':
        send(req, res, rendered, toLatin1(rendered.body), rendered.contentType.replace(/charset=utf-8/i, 'charset=ISO-8859-1'));
        return;
      default:
        send(req, res, rendered, rendered.body);
    }
  };

  const server = createServer((req, res) => {
    if (delayMs > 0) later(delayMs, () => handle(req, res));
    else handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const site: DemoSite = {
    url: base,
    world,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setPhase(n: number) {
      if (!Number.isInteger(n) || n < 0 || n >= DEMO_PHASES) throw new RangeError(`phase must be an integer from 0 to ${DEMO_PHASES - 1}, got ${n}`);
      phase = n;
    },
    phase: () => phase,
    stats: () => structuredClone(stats),
    resetStats() {
      stats = emptyStats();
    },
    setFailures(next: DemoFailure[]) {
      failures = next;
      served = new Set();
    },
  };
  if (options.phase !== undefined) site.setPhase(options.phase);
  return site;
}
