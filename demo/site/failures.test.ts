import * as cheerio from 'cheerio';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDemoWorld } from '../world/build';
import { htmlProblems } from './html-check';
import { startDemoSite, type DemoSite, type DemoSiteOptions } from './server';
import { sitePaths } from './view';

const world = buildDemoWorld({ asOf: '2026-03-15' });
let site: DemoSite | undefined;

async function start(options: Omit<DemoSiteOptions, 'world'>): Promise<DemoSite> {
  site = await startDemoSite({ world, ...options });
  return site;
}
afterEach(async () => {
  await site?.close();
  site = undefined;
});

/** Raw GET without fetch's decoding, to see the bytes and the socket's fate. */
function rawGet(url: string, timeoutMs = 5000): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer } | { error: string; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', (e) => resolve({ error: e.message, afterMs: Date.now() - started }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ error: e.message, afterMs: Date.now() - started }));
    req.end();
  });
}

const dealer = sitePaths.dealer('riverside');

describe('failure injection', () => {
  it("'429' answers Too Many Requests with Retry-After once per URL, then the page", async () => {
    const s = await start({ failures: [{ path: '/dealer/', kind: '429', retryAfterSecs: 7 }] });
    const first = await fetch(`${s.url}${dealer}`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${s.url}${dealer}`)).status).toBe(200);
    expect((await fetch(`${s.url}${sitePaths.dealer('riverside', 2)}`)).status).toBe(429);
    expect((await fetch(`${s.url}${sitePaths.company()}`)).status).toBe(200);
    expect(s.stats().failuresServed).toBe(2);
    expect(s.stats().byStatus).toEqual({ '429': 2, '200': 2 });
  });

  it("'503-once' fails once then succeeds", async () => {
    const s = await start({ failures: [{ path: /^\/company\//, kind: '503-once' }] });
    expect((await fetch(`${s.url}${sitePaths.company()}`)).status).toBe(503);
    expect((await fetch(`${s.url}${sitePaths.company()}`)).status).toBe(200);
  });

  it("'timeout' sends nothing and drops the connection after hangMs", async () => {
    const s = await start({ failures: [{ path: dealer, kind: 'timeout', hangMs: 300 }] });
    const client = await rawGet(`${s.url}${dealer}`, 100);
    expect(client).toMatchObject({ error: 'client timeout' });
    const dropped = await rawGet(`${s.url}${dealer}`, 5000);
    expect('error' in dropped && dropped.error).toMatch(/socket hang up|ECONNRESET/);
    expect('afterMs' in dropped && dropped.afterMs).toBeGreaterThanOrEqual(250);
  });

  it('close() does not wait for hanging requests', async () => {
    const s = await start({ failures: [{ path: '/', kind: 'timeout' }] });
    const pending = rawGet(`${s.url}/`, 60_000);
    await new Promise((r) => setTimeout(r, 50));
    const t = Date.now();
    await s.close();
    site = undefined;
    expect(Date.now() - t).toBeLessThan(1000);
    expect(await pending).toHaveProperty('error');
  });

  it("'captcha' serves a human-verification interstitial instead of reviews", async () => {
    const s = await start({ failures: [{ path: dealer, kind: 'captcha' }] });
    const res = await fetch(`${s.url}${dealer}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Please verify you are a human');
    expect(cheerio.load(html)('.g-recaptcha').length).toBe(1);
    expect(html).not.toContain('review-entry');
    await s.close();
    const blocked = await start({ failures: [{ path: dealer, kind: 'captcha', status: 403 }] });
    expect((await fetch(`${blocked.url}${dealer}`)).status).toBe(403);
  });

  it("'truncated' cuts the page in half", async () => {
    const s = await start({ failures: [{ path: /^\/dealer\/riverside\/reviews\/$/, kind: 'truncated' }] });
    const full = await (await fetch(`${s.url}${sitePaths.dealer('riverside')}?x=1`)).text();
    const cut = await (await fetch(`${s.url}${dealer}`)).text();
    expect(full).toContain('</html>');
    expect(cut).not.toContain('</html>');
    expect(Math.abs(cut.length - full.length / 2)).toBeLessThan(2);
    expect(full.startsWith(cut)).toBe(true);
  });

  it("'malformed' serves broken tag soup", async () => {
    const s = await start({ failures: [{ path: dealer, kind: 'malformed' }] });
    const html = await (await fetch(`${s.url}${dealer}`)).text();
    expect(htmlProblems(html).length).toBeGreaterThan(0);
    expect(html).not.toContain('data-review-id');
  });

  it("'latin1' serves ISO-8859-1 bytes with that charset, accented names intact", async () => {
    const sofia = world.people.find((p) => p.key === 'sofia-navarro')!;
    const path = sitePaths.sales(sofia);
    const s = await start({ failures: [{ path, kind: 'latin1' }] });
    const res = await rawGet(`${s.url}${path}`);
    if (!('bytes' in res)) throw new Error(res.error);
    expect(res.headers['content-type']).toBe('text/html; charset=ISO-8859-1');
    // "í" is the single byte 0xED, not UTF-8's 0xC3 0xAD.
    const name = Buffer.from('Sofía Navarro', 'latin1');
    expect(res.bytes.includes(name)).toBe(true);
    expect(res.bytes.includes(Buffer.from('Sofía Navarro', 'utf8'))).toBe(false);
    const html = new TextDecoder('latin1').decode(res.bytes);
    expect(html).toContain('<meta charset="iso-8859-1">');
    expect(cheerio.load(html)('#employeeName').text()).toBe('Sofía Navarro');
  });

  it("'endless-next' keeps pointing the next link at the same page with a new query parameter", async () => {
    const s = await start({ failures: [{ path: '/dealer/lakeview/', kind: 'endless-next' }] });
    let url = `${s.url}${sitePaths.dealer('lakeview', 2)}`;
    const firstIds: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const $ = cheerio.load(await (await fetch(url)).text());
      const next = $('link[rel="next"]').attr('href')!;
      expect(next).toBe(`${s.url}/dealer/lakeview/reviews/page2/?loop=${i}`);
      expect($('.review-page-nav a[rel="next"]').attr('href')).toBe(next);
      const ids = $('.review-entry').toArray().map((el) => $(el).attr('data-review-id')!);
      if (i === 1) firstIds.push(...ids);
      else expect(ids).toEqual(firstIds);
      url = next;
    }
  });

  it('delays every answer by delayMs', async () => {
    const s = await start({ delayMs: 120 });
    const t = Date.now();
    await fetch(`${s.url}/robots.txt`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(100);
  });
});
