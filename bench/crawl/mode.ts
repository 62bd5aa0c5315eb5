import { cheerioCrawlerRun, engineRun, plainRun, withPeakRss } from './bench';
import { plainPlaywrightRun } from './browser';
import { emit, option, round } from '../lib/cli';

/**
 * One crawl mode in a process of its own, so its peak RSS is its own:
 *   tsx bench/crawl/mode.ts --mode engine|plain|cheerio|engine-browser|playwright --urls <json> --warmup <url> --concurrency N --out file
 * The warm-up chain (a target outside the measured set) runs first, untimed,
 * so the timed run does not pay module loading and JIT warm-up.
 */
const runs = {
  plain: (urls: string[], c: number) => plainRun(urls, c),
  engine: (urls: string[], c: number) => engineRun(urls, c),
  cheerio: (urls: string[], c: number) => cheerioCrawlerRun(urls, c),
  'engine-browser': (urls: string[], c: number) => engineRun(urls, c, true),
  playwright: (urls: string[], c: number) => plainPlaywrightRun(urls, c),
};
export type CrawlMode = keyof typeof runs;

export interface ModeResult {
  mode: CrawlMode;
  pages: number;
  reviews: number;
  seconds: number;
  pagesPerSec: number;
  /** Peak RSS of this process during the timed run; baseRssMb is where it started (after the warm-up). */
  peakRssMb: number;
  baseRssMb: number;
}

const mode = option('mode') as CrawlMode;
const run = runs[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const urls = JSON.parse(option('urls') ?? '[]') as string[];
const concurrency = Number(option('concurrency') ?? 8);
const warmup = option('warmup');
if (warmup) await run([warmup], 1);
const baseRssMb = round(process.memoryUsage().rss / 1048576);
const r = await withPeakRss(() => run(urls, concurrency));
const result: ModeResult = {
  mode,
  pages: r.result.pages,
  reviews: r.result.reviews,
  seconds: round(r.ms / 1000, 2),
  pagesPerSec: round((r.result.pages / r.ms) * 1000),
  peakRssMb: r.peakRssMb,
  baseRssMb,
};
emit(result);
process.exit(0);
