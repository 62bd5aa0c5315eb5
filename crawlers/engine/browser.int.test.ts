import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/errors';
import { useTestDatabase } from '../../test/support/db';
import { runCrawl } from './run-crawl';
import { createFixtureAdapter } from './testing/fixture-adapter';
import { fastTuning, seedTarget, testContext } from './testing/seed';

// vitest.config's projects do not inherit the root hookTimeout; a loaded machine needs more than 10 s for PGlite.
vi.setConfig({ hookTimeout: 60_000, testTimeout: 90_000 });
const t = useTestDatabase(import.meta.url);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A page whose reviews exist only after its script fetched them and built the list. */
const shell = `<!doctype html><html><head><title>JS reviews</title></head><body>
<div id="business" data-count="3" data-rating="4"><span class="name">Script Motors</span></div>
<ul id="reviews"></ul>
<script>
fetch('/api/reviews').then((r) => r.json()).then((data) => {
  const ul = document.getElementById('reviews');
  for (const r of data.reviews) {
    const li = document.createElement('li');
    li.className = 'review';
    li.dataset.id = r.id;
    li.dataset.rating = String(r.rating);
    li.innerHTML = '<span class="author"></span><time></time><p class="text"></p>';
    li.querySelector('.author').textContent = r.author;
    li.querySelector('time').setAttribute('datetime', r.date);
    li.querySelector('.text').textContent = r.text;
    ul.appendChild(li);
  }
});
</script></body></html>`;
const api = { reviews: [1, 2, 3].map((i) => ({ id: `js${i}`, rating: i + 2, author: `Scripted ${i}`, date: `2026-10-0${i}`, text: `Rendered review ${i}` })) };

let server: http.Server;
let base = '';
const uas: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    uas.push(String(req.headers['user-agent']));
    if (req.url === '/api/reviews') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(api));
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(shell);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('runCrawl with a browser', () => {
  it.skipIf(!existsSync(chromium))('renders a JavaScript page in Chromium, reads its reviews and keeps the JSON it loaded', async () => {
    const { db } = t();
    const targetId = await seedTarget(db, { url: `${base}/js-reviews`, options: { browser: true } });
    const ctx = testContext(db, createFixtureAdapter(), { userAgent: 'repwatch-browser-test/1.0' });
    const [run] = await runCrawl(ctx, { targetIds: [targetId], tuning: fastTuning });
    expect(run).toMatchObject({ status: 'ok', pages: 1, reviewsNew: 3, siteReviewCount: 3 });
    const stored = await db.selectFrom('reviews').select(['external_id', 'author_name', 'rating']).where('target_id', '=', targetId).orderBy('external_id').execute();
    expect(stored).toEqual([
      { external_id: 'js1', author_name: 'Scripted 1', rating: 3 },
      { external_id: 'js2', author_name: 'Scripted 2', rating: 4 },
      { external_id: 'js3', author_name: 'Scripted 3', rating: 5 },
    ]);
    const raw = await db.selectFrom('raw_pages').select(['captured_gzip']).where('crawl_run_id', '=', run!.runId).executeTakeFirstOrThrow();
    const captured = JSON.parse(gunzipSync(raw.captured_gzip!).toString('utf8')) as { url: string; body: string }[];
    expect(captured.map((c) => new URL(c.url).pathname)).toEqual(['/api/reviews']);
    expect(uas).toContain('repwatch-browser-test/1.0');
  });

  it('fails with BROWSER_MISSING before fetching anything when Chromium is not there', async () => {
    const { db } = t();
    const targetId = await seedTarget(db, { url: `${base}/needs-browser`, options: { browser: true } });
    const before = uas.length;
    const runsBefore = (await db.selectFrom('crawl_runs').select('id').execute()).length;
    const ctx = testContext(db, createFixtureAdapter(), {}, { CHROMIUM_PATH: '/nonexistent/chromium' });
    const error = await runCrawl(ctx, { targetIds: [targetId], tuning: fastTuning }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'BROWSER_MISSING',
      message: 'Chromium was not found at /nonexistent/chromium: install it (apt-get install chromium) or set CHROMIUM_PATH.',
    });
    expect(uas.length).toBe(before);
    expect((await db.selectFrom('crawl_runs').select('id').execute()).length).toBe(runsBefore);
  });
});
