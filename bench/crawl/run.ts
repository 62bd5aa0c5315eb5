import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit, logTo, numberList, option, quick, round } from '../lib/cli';
import { runTsScript } from '../lib/child';
import { startBenchServer, type BenchServer } from './bench';
import { incrementalBench, type IncrementalResult } from './incremental';
import type { CrawlMode, ModeResult } from './mode';
import { BROWSER_PAGES_PER_TARGET, PAGES_PER_TARGET } from './pages';
import { scrapyRun, type ScrapyResult } from './scrapy';

/**
 * Crawl benchmark (a script, not a test). Generated review pages (~27 KB,
 * 20 reviews each, chains of 20 pages per target) are served locally from a
 * worker thread; each way of reading them runs in a process of its own
 * (mode.ts) at the same concurrency:
 *  - engine: repwatch's crawl engine (crawlee BasicCrawler with its own fetch + host gate + block checks + schema-org adapter), no database writes;
 *  - plain: fetch + the same adapter (cheerio) in a loop — the baseline (issue: engine/plain >= 0.8);
 *  - cheerio: stock crawlee CheerioCrawler + the same adapter, for reference (at most 1,000 pages);
 *  - scrapy: Debian's Scrapy, same politeness settings (at most 1,000 pages);
 *  - browser: the engine's Playwright path against plain Playwright on JS-rendered pages;
 *  - incremental: pages fetched re-crawling an unchanged 100-page target.
 *
 *   tsx bench/crawl/run.ts [--quick] [--sizes 1000,10000] [--concurrency 8] [--out file]
 */
const log = logTo('crawl');
const modeScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'mode.ts');
const REFERENCE_MAX = 1000;

export interface CrawlSizeResult {
  pages: number;
  engine: ModeResult;
  plain: ModeResult;
  /** engine / plain pages per second (target >= 0.8). */
  ratio: number;
  cheerioCrawler: ModeResult | null;
  scrapy: ScrapyResult | null;
}

export interface CrawlBenchResult {
  concurrency: number;
  sizes: CrawlSizeResult[];
  browser: { pages: number; concurrency: number; engine: ModeResult; playwright: ModeResult; ratio: number } | { error: string };
  incremental: IncrementalResult;
  note: string;
}

const urlsFor = (server: BenchServer, kind: 't' | 'r', targets: number) => Array.from({ length: targets }, (_, i) => `${server.base}/${kind}/${i + 1}`);

async function mode(m: CrawlMode, urls: string[], concurrency: number, warmup: string): Promise<ModeResult> {
  const r = await runTsScript<ModeResult>(modeScript, ['--mode', m, '--urls', JSON.stringify(urls), '--concurrency', String(concurrency), '--warmup', warmup]);
  log(`${m}: ${r.pages} pages in ${r.seconds} s = ${r.pagesPerSec} pages/s, peak RSS ${r.peakRssMb} MB`);
  return r;
}

export async function runCrawlBench(opts: { sizes: number[]; concurrency: number; browserPages: number }): Promise<CrawlBenchResult> {
  const maxTargets = Math.ceil(Math.max(...opts.sizes) / PAGES_PER_TARGET);
  const server = await startBenchServer(PAGES_PER_TARGET);
  // The warm-up chain is a target outside every measured set.
  const warmup = `${server.base}/t/${maxTargets + 1}`;
  try {
    await server.prerender(maxTargets + 1);
    const sizes: CrawlSizeResult[] = [];
    for (const pages of opts.sizes) {
      const urls = urlsFor(server, 't', Math.ceil(pages / PAGES_PER_TARGET));
      log(`${pages} pages at concurrency ${opts.concurrency}`);
      const plain = await mode('plain', urls, opts.concurrency, warmup);
      const engine = await mode('engine', urls, opts.concurrency, warmup);
      const refUrls = urls.slice(0, Math.ceil(REFERENCE_MAX / PAGES_PER_TARGET));
      const reference = pages <= REFERENCE_MAX || !opts.sizes.some((s) => s <= REFERENCE_MAX);
      // Quick mode leaves the references (stock crawlee, Scrapy) out to stay within its time budget.
      const cheerioCrawler = reference && !quick ? await mode('cheerio', refUrls, opts.concurrency, warmup) : null;
      const scrapy = reference && !quick ? await scrapyRun(refUrls, opts.concurrency) : null;
      if (scrapy) log(scrapy.available ? `scrapy ${scrapy.version}: ${scrapy.pages} pages, ${scrapy.pagesPerSec} pages/s, peak RSS ${scrapy.peakRssMb} MB` : `scrapy: ${scrapy.reason}`);
      sizes.push({ pages: urls.length * PAGES_PER_TARGET, engine, plain, ratio: round(engine.pagesPerSec / plain.pagesPerSec, 2), cheerioCrawler, scrapy });
    }
    const browser = await browserBench(server, opts.browserPages).catch((e: Error) => ({ error: e.message.slice(0, 300) }));
    const incremental = await incrementalBench();
    log(`incremental re-crawl of an unchanged ${incremental.targetPages}-page target fetched ${incremental.incrementalPagesFetched} pages`);
    return {
      concurrency: opts.concurrency,
      sizes,
      browser,
      incremental,
      note: 'engine = repwatch crawl engine without database writes; every mode runs in its own process after an untimed warm-up chain; peak RSS is that process during the timed run',
    };
  } finally {
    await server.close();
  }
}

/** Both browser paths share Chromium and the concurrency the engine uses by default (2 pages at once). */
async function browserBench(server: BenchServer, pages: number) {
  const concurrency = 2;
  const urls = urlsFor(server, 'r', Math.max(1, Math.round(pages / BROWSER_PAGES_PER_TARGET)));
  const warmup = `${server.base}/r/${urls.length + 1}`;
  const playwright = await mode('playwright', urls, concurrency, warmup);
  const engine = await mode('engine-browser', urls, concurrency, warmup);
  return { pages: urls.length * BROWSER_PAGES_PER_TARGET, concurrency, engine, playwright, ratio: round(engine.pagesPerSec / playwright.pagesPerSec, 2) };
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain) {
  const result = await runCrawlBench({
    sizes: numberList('sizes', quick ? [200] : [1000, 10_000]),
    concurrency: Number(option('concurrency') ?? 8),
    browserPages: Number(option('browser-pages') ?? (quick ? 10 : 40)),
  });
  emit(result);
  process.exit(0);
}
