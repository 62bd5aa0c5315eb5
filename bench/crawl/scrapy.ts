import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Scrapy (Debian's python3-scrapy) over the same local pages with the same
 * politeness settings as the engine's run: no delay, the same per-host
 * concurrency, robots.txt off, 2 retries. The spider is written to a temp dir
 * at run time; it reads the same JSON-LD the schema-org adapter reads (json +
 * parsel, no extra packages) and follows rel=next.
 */
export type ScrapyResult =
  | { available: true; version: string; pages: number; reviews: number; seconds: number; pagesPerSec: number; peakRssMb: number }
  | { available: false; reason: string };

const python = process.env.SCRAPY_PYTHON ?? '/usr/bin/python3';

const spider = `
import json, os, resource, time
import scrapy

class BenchSpider(scrapy.Spider):
    name = "bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": int(os.environ["BENCH_CONCURRENCY"]),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(os.environ["BENCH_CONCURRENCY"]),
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": False,
        "RETRY_TIMES": 2,
        "AUTOTHROTTLE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def start_requests(self):
        self.pages = 0
        self.reviews = 0
        self.t0 = time.perf_counter()
        for url in json.load(open(os.environ["BENCH_URLS"])):
            yield scrapy.Request(url)

    def parse(self, response):
        self.pages += 1
        for raw in response.css('script[type="application/ld+json"]::text').getall():
            data = json.loads(raw)
            self.reviews += len(data.get("review", []))
        nxt = response.css('link[rel~="next"]::attr(href)').get() or response.css('a[rel~="next"]::attr(href)').get()
        if nxt:
            yield response.follow(nxt)

    def closed(self, reason):
        elapsed = time.perf_counter() - self.t0
        with open(os.environ["BENCH_OUT"], "w") as f:
            json.dump({"pages": self.pages, "reviews": self.reviews, "seconds": elapsed, "reason": reason,
                       "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, f)
`;

export function scrapyVersion(): string | null {
  const r = spawnSync(python, ['-c', 'import scrapy; print(scrapy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export async function scrapyRun(urls: string[], concurrency: number): Promise<ScrapyResult> {
  const version = scrapyVersion();
  if (!version) return { available: false, reason: `python3-scrapy is not importable by ${python} (apt-get install -y python3-scrapy)` };
  const dir = mkdtempSync(path.join(tmpdir(), 'repwatch-scrapy-'));
  try {
    writeFileSync(path.join(dir, 'spider.py'), spider);
    writeFileSync(path.join(dir, 'urls.json'), JSON.stringify(urls));
    const out = path.join(dir, 'out.json');
    const child = spawn(python, ['-m', 'scrapy', 'runspider', path.join(dir, 'spider.py')], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, BENCH_URLS: path.join(dir, 'urls.json'), BENCH_OUT: out, BENCH_CONCURRENCY: String(concurrency) },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) return { available: false, reason: `scrapy exited with ${code}: ${stderr.slice(-300)}` };
    const r = JSON.parse(readFileSync(out, 'utf8')) as { pages: number; reviews: number; seconds: number; maxRssKb: number };
    return {
      available: true,
      version,
      pages: r.pages,
      reviews: r.reviews,
      seconds: Math.round(r.seconds * 100) / 100,
      pagesPerSec: Math.round((r.pages / r.seconds) * 10) / 10,
      peakRssMb: Math.round(r.maxRssKb / 102.4) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
