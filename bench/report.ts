import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Turns a results file into the short table of docs/benchmarks.md. The doc
 * keeps one generated block per mode between markers, so a quick run never
 * overwrites the figures of the last full run; the prose around the blocks is
 * written by hand.
 */
export interface Machine {
  cpu: string;
  cores: number;
  ramGb: number;
  node: string;
  postgres: string;
  os: string;
}

export interface BenchOutcome {
  seconds: number;
  result?: any;
  error?: string;
}

export interface SuiteResults {
  mode: 'quick' | 'full' | 'large';
  date: string;
  command: string;
  machine: Machine;
  totalSeconds: number;
  benchmarks: Record<string, BenchOutcome>;
}

const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en') : '–');
const ok = (met: boolean | null) => (met === null ? '' : met ? ' (met)' : ' (**missed**)');

function crawlRows(r: any): string[] {
  const rows: string[] = [];
  for (const s of r.sizes ?? []) {
    rows.push(`| Crawl ${n(s.pages)} pages, concurrency ${r.concurrency}: engine vs plain fetch+cheerio | ${n(s.engine.pagesPerSec)} vs ${n(s.plain.pagesPerSec)} pages/s, ratio ${s.ratio}${ok(s.ratio >= 0.8)}; peak RSS ${n(s.engine.peakRssMb)} vs ${n(s.plain.peakRssMb)} MB | ratio ≥ 0.8 |`);
    if (s.cheerioCrawler) rows.push(`| &nbsp;&nbsp;stock CheerioCrawler, ${n(s.cheerioCrawler.pages)} pages | ${n(s.cheerioCrawler.pagesPerSec)} pages/s, peak RSS ${n(s.cheerioCrawler.peakRssMb)} MB | reference |`);
    if (s.scrapy) rows.push(s.scrapy.available ? `| &nbsp;&nbsp;Scrapy ${s.scrapy.version}, ${n(s.scrapy.pages)} pages | ${n(s.scrapy.pagesPerSec)} pages/s, peak RSS ${n(s.scrapy.peakRssMb)} MB | reference |` : `| &nbsp;&nbsp;Scrapy | not run: ${s.scrapy.reason} | reference |`);
  }
  const b = r.browser;
  if (b?.error) rows.push(`| Browser pages | failed: ${b.error} | |`);
  else if (b) rows.push(`| Browser-rendered, ${b.pages} pages, ${b.concurrency} tabs: engine vs plain Playwright | ${b.engine.pagesPerSec} vs ${b.playwright.pagesPerSec} pages/s, ratio ${b.ratio}; peak RSS ${n(b.engine.peakRssMb)} vs ${n(b.playwright.peakRssMb)} MB | |`);
  const inc = r.incremental;
  if (inc) rows.push(`| Incremental re-crawl, unchanged ${inc.targetPages}-page target | ${inc.incrementalPagesFetched} pages fetched${ok(inc.incrementalPagesFetched <= 2)} | ≤ 2 pages |`);
  return rows;
}

function processingRows(r: any): string[] {
  return (r.steps ?? []).flatMap((s: any) => [
    `| Processing at ${n(s.storedReviews)} stored: normalize+attribute+score+store vs bulk insert of the same rows | ${n(s.processing.reviewsPerSecond)} vs ${n(s.baseline.reviewsPerSecond)} reviews/s (ratio ${s.ratio})${ok(s.processing.reviewsPerSecond >= 10_000)}${s.firstBatch ? `; first batch after start ${n(s.firstBatch.reviewsPerSecond)} vs ${n(s.firstBatch.baselineReviewsPerSecond)} (ratio ${s.firstBatch.ratio})` : ''} | ≥ 10,000 reviews/s |`,
    `| Rollups at ${n(s.storedReviews)} stored: refresh after a 1,000-review batch | ${s.afterBatch.refreshSeconds} s${s.storedReviews >= 1_000_000 ? ok(s.afterBatch.refreshSeconds < 1) : ''}; full rebuild ${s.fullRebuildSeconds} s | < 1 s at 1M |`,
  ]);
}

function apiRows(r: any): string[] {
  const d = r.dataset ?? {};
  const soak = r.soak
    ? [`| API soak: ${r.soak.seconds} s @${r.soak.concurrency}, random mix of ${r.soak.scenarios} scenarios | ${n(r.soak.requests)} requests, **${r.soak.errors} errors**, p50/p95/p99 ${r.soak.p50}/${r.soak.p95}/${r.soak.p99} ms | no errors (30 s @64) |`]
    : [];
  return [...(r.results ?? []).map((x: any) => {
    const target = x.concurrency === 32 ? ` ${x.api.p95 <= 25 ? '(≤ 25 ms' : '(**> 25 ms'}${d.reviews < 5_000_000 ? `, at ${n(d.reviews)} not 5M reviews)` : ')'}${x.api.p95 <= 25 ? '' : '**'}` : '';
    return `| API ${x.scenario} @${x.concurrency} (${n(d.reviews)} reviews, ${n(d.people)} people) | p50/p95/p99 ${x.api.p50}/${x.api.p95}/${x.api.p99} ms, ${x.api.errors} errors${x.api.cacheHitRate === undefined ? '' : `, ${Math.round(x.api.cacheHitRate * 100)} % from cache`}${target}; plain SQL ${x.baseline_sql.p50}/${x.baseline_sql.p95}/${x.baseline_sql.p99} ms | p95 ≤ 25 ms @32 |`;
  }), ...soak];
}

function jobsRows(r: any): string[] {
  const o = r.overhead;
  const rows = [
    `| Queue: no-op job (pg-boss, polling ${o.pollingIntervalSeconds} s) | send ${o.send.msPerJob} ms; idle pickup p50 ${o.pickup.p50Ms} ms; busy ${o.drain.msPerJob} ms per job per loop = ${(r.overheadShareOfCrawlJob * 100).toFixed(1)}% of a typical crawl job (${n(r.typicalCrawlJobMs)} ms) | |`,
  ];
  const steps = r.scaling?.steps ?? [];
  if (steps.length) rows.push(`| Crawl jobs, ${steps.map((s: any) => s.workers).join(' → ')} worker processes (${steps[0].pages} pages each) | ${steps.map((s: any) => s.pagesPerSec).join(' → ')} pages/s | |`);
  return rows;
}

const sections: Record<string, (r: any) => string[]> = { crawl: crawlRows, processing: processingRows, api: apiRows, jobs: jobsRows };

export function renderTable(res: SuiteResults): string {
  const m = res.machine;
  const lines = [
    `**${res.mode} run, ${res.date}** — \`${res.command}\` — ${res.totalSeconds} s in all.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM, ${m.os}, Node ${m.node}, PostgreSQL ${m.postgres}.`,
    '',
    '| Benchmark | Measured | Issue target |',
    '| --- | --- | --- |',
  ];
  for (const [name, outcome] of Object.entries(res.benchmarks)) {
    if (outcome.error || !outcome.result) lines.push(`| ${name} | **failed**: ${String(outcome.error).replace(/\|/g, '/').slice(0, 200)} | |`);
    else lines.push(...sections[name]!(outcome.result));
  }
  return lines.join('\n');
}

export function updateDoc(docPath: string, res: SuiteResults): void {
  const start = `<!-- bench:${res.mode}:start -->`;
  const end = `<!-- bench:${res.mode}:end -->`;
  const block = `${start}\n${renderTable(res)}\n${end}`;
  let doc = readFileSync(docPath, 'utf8');
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(docPath, doc);
}
