import { Worker } from 'node:worker_threads';
import { CheerioCrawler, createCheerioRouter } from '@crawlee/cheerio';
import { settingsSchema } from '../../core/config/schema';
import { silentLogger } from '../../core/logger';
import { schemaOrgAdapter } from '../../crawlers/adapters/schema-org';
import { crawleeLog } from '../../crawlers/engine/crawlee-log';
import { crawleeConfig } from '../../crawlers/engine/crawlers';
import { crawlTargets } from '../../crawlers/engine/crawl-targets';
import { decodeBody } from '../../crawlers/engine/decode';
import { defaultTuning, type EngineTarget, type PageSink } from '../../crawlers/engine/types';
import type { SourceAdapter } from '../../crawlers/types';

/**
 * Pieces of the crawl benchmark: the page server (worker thread), an RSS
 * sampler, and the ways of reading the same chains of pages over HTTP (the
 * browser ones are in browser.ts).
 */
export interface BenchServer {
  base: string;
  requests(): Promise<number>;
  reset(): void;
  /** Renders targets 1..n up front. */
  prerender(targets: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchServer(pagesPerTarget: number, opts: { latencyMs?: number } = {}): Promise<BenchServer> {
  // Workers do not inherit tsx's loader (and Node 20 ignores --import for workers): register it in the worker first.
  const entry = new URL('./server.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { pagesPerTarget, latencyMs: opts.latencyMs ?? 0 } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    requests: () =>
      new Promise((resolve) => {
        worker.once('message', (m: { requests: number }) => resolve(m.requests));
        worker.postMessage('count');
      }),
    reset: () => worker.postMessage('reset'),
    prerender: (targets) =>
      new Promise((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage({ prerender: targets });
      }),
    close: async () => {
      worker.postMessage('close');
      await new Promise((r) => worker.once('exit', r));
    },
  };
}

/** Peak RSS while `fn` runs, sampled every 25 ms. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; ms: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, peakRssMb: Math.round((Math.max(peak, process.memoryUsage().rss) / 1048576) * 10) / 10, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const benchCrawlSettings = (concurrency: number) =>
  settingsSchema.parse({ crawl: { delayMs: 0, maxConcurrencyPerHost: concurrency, maxPagesPerRun: 100_000, respectRobotsTxt: false, maxRetries: 2 } }).crawl;

/** repwatch's engine (crawlee HttpCrawler, host gate, block checks, adapter), sink without database writes. */
export async function engineRun(startUrls: string[], concurrency: number, browser = false, adapter: SourceAdapter = schemaOrgAdapter): Promise<{ pages: number; reviews: number }> {
  let pages = 0;
  let reviews = 0;
  const sink: PageSink = {
    async page(_t, _p, extraction) {
      pages++;
      reviews += extraction?.reviews.length ?? 0;
      return { caughtUp: false };
    },
  };
  const targets: EngineTarget[] = startUrls.map((url, i) => ({ id: i + 1, key: `bench-${i}`, adapter, startUrl: url, mode: 'full', browser, maxPages: 100_000 }));
  const outcomes = await crawlTargets(targets, {
    crawl: benchCrawlSettings(concurrency),
    env: { CHROMIUM_PATH: chromiumPath() },
    logger: silentLogger,
    tuning: { ...defaultTuning, maxConcurrency: concurrency, maxBrowserPages: concurrency },
    sink,
  });
  const bad = [...outcomes.values()].filter((o) => o.status !== 'ok');
  if (bad.length) throw new Error(`engine run: ${bad.length} targets did not finish ok (${bad[0]!.errorMessage})`);
  return { pages, reviews };
}

/** The baseline: `concurrency` workers, each following chains with fetch + the same adapter (cheerio). */
export async function plainRun(startUrls: string[], concurrency: number, adapter: SourceAdapter = schemaOrgAdapter): Promise<{ pages: number; reviews: number }> {
  const queue = [...startUrls];
  let pages = 0;
  let reviews = 0;
  const worker = async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      let next: string | null = url;
      while (next) {
        const res = await fetch(next, { headers: { 'user-agent': 'bench' } });
        const body = decodeBody(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type')).text;
        const ex = adapter.extract({ url: next, body, status: res.status, contentType: res.headers.get('content-type') }, { crawledAt: new Date() });
        pages++;
        reviews += ex.reviews.length;
        next = ex.nextPageUrl;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { pages, reviews };
}

/** Stock CheerioCrawler (parses each page itself before the handler), for reference. */
export async function cheerioCrawlerRun(startUrls: string[], concurrency: number, adapter: SourceAdapter = schemaOrgAdapter): Promise<{ pages: number; reviews: number }> {
  let pages = 0;
  let reviews = 0;
  const router = createCheerioRouter();
  router.addDefaultHandler(async ({ request, body, enqueueLinks: _e, crawler }) => {
    const url = request.loadedUrl ?? request.url;
    const ex = adapter.extract({ url, body: String(body), status: 200, contentType: 'text/html' }, { crawledAt: new Date() });
    pages++;
    reviews += ex.reviews.length;
    if (ex.nextPageUrl) await crawler.addRequests([ex.nextPageUrl]);
  });
  const crawler = new CheerioCrawler(
    {
      requestHandler: router,
      maxConcurrency: concurrency,
      autoscaledPoolOptions: { desiredConcurrency: concurrency },
      useSessionPool: false,
      maxRequestRetries: 2,
      log: crawleeLog(silentLogger),
    },
    crawleeConfig(benchCrawlSettings(concurrency)),
  );
  await crawler.run(startUrls);
  return { pages, reviews };
}
