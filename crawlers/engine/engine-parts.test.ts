import { NonRetryableError } from '@crawlee/core';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { emptyExtraction, emptyReview } from '../types';
import { parseRetryAfter, retryDelayMs } from './backoff';
import { decodeBody } from './decode';
import { HostGate } from './host-gate';
import { MemoryGuard } from './memory-guard';
import { chooseMode } from './run-crawl';
import { assertCompleteHtml, classifyStatus, RetryableStatusError } from './status';
import { TargetCrawl } from './target-state';
import { defaultTuning, type EngineTarget } from './types';

describe('Retry-After and backoff', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
  it('never waits less than Retry-After (capped) and grows exponentially', () => {
    const policy = { baseMs: 100, maxMs: 1000, retryAfterCapMs: 5000 };
    expect(retryDelayMs(policy, 1, 3000)).toBe(3000);
    expect(retryDelayMs(policy, 1, 86_400_000)).toBe(5000);
    expect(retryDelayMs(policy, 3, null)).toBeGreaterThanOrEqual(360);
    expect(retryDelayMs(policy, 10, null)).toBeLessThanOrEqual(1100);
  });
});

describe('decodeBody', () => {
  const latin1 = Buffer.from('<html><head><meta charset="iso-8859-1"></head><body>José Müller</body></html>', 'latin1');
  it('uses the Content-Type charset, then <meta>, then UTF-8', () => {
    expect(decodeBody(Buffer.from('Zoë', 'latin1'), 'text/html; charset=ISO-8859-1').text).toBe('Zoë');
    expect(decodeBody(latin1, 'text/html').text).toContain('José Müller');
    expect(decodeBody(Buffer.from('Zoë', 'utf8'), null).text).toBe('Zoë');
    expect(decodeBody(Buffer.from('\ufeffZoë', 'utf8'), 'text/html; charset=iso-8859-1').text).toBe('Zoë');
  });
});

describe('classifyStatus', () => {
  it('retries 429/5xx, blocks 401/403, gives up on 404', () => {
    expect(() => classifyStatus(429, 'u', '3')).toThrow(RetryableStatusError);
    expect(() => classifyStatus(503, 'u', null)).toThrow(RetryableStatusError);
    expect(classifyStatus(403, 'u', null)?.reason).toBe('access-denied');
    expect(classifyStatus(401, 'u', null)?.reason).toBe('login-wall');
    expect(() => classifyStatus(404, 'u', null)).toThrow(NonRetryableError);
    expect(classifyStatus(200, 'u', null)).toBeNull();
  });
  it('spots HTML cut off before </html>', () => {
    expect(() => assertCompleteHtml('<html><body><p>half', 'text/html', 'u')).toThrow(/cut off/);
    expect(() => assertCompleteHtml('<html><body></body></html>\n', 'text/html', 'u')).not.toThrow();
    expect(() => assertCompleteHtml('{"a":1}', 'application/json', 'u')).not.toThrow();
  });
});

describe('HostGate', () => {
  it('allows one request per host at a time and waits the delay between them', async () => {
    const gate = new HostGate(1, () => 50);
    const started: [string, number][] = [];
    const t0 = Date.now();
    for (const host of ['a', 'a', 'b']) gate.schedule(host, () => started.push([host, Date.now() - t0]));
    expect(started.map(([h]) => h)).toEqual(['a', 'b']);
    gate.release('a');
    await new Promise((r) => setTimeout(r, 250));
    expect(started.map(([h]) => h)).toEqual(['a', 'b', 'a']);
    expect(started[2]![1]).toBeGreaterThanOrEqual(45);
    gate.close();
  });
});

describe('TargetCrawl', () => {
  const target = (mode: 'full' | 'incremental', maxPages = 10): EngineTarget => ({ id: 1, key: 't', adapter: {} as never, startUrl: 'http://x/1', mode, browser: false, maxPages });
  const page = (url: string, ids: string[], next: string | null) => ({
    ...emptyExtraction('schema-org', url),
    reviews: ids.map((id) => ({ ...emptyReview(), externalId: id })),
    nextPageUrl: next,
  });
  it('follows next links, stops on the last page, a loop, the cap, or an incremental catch-up', () => {
    const st = new TargetCrawl(target('full'));
    st.markVisited('http://x/1');
    st.pages = 1;
    expect(st.afterPage(page('http://x/1', ['a'], 'http://x/2'), true)).toEqual({ next: 'http://x/2' });
    expect(st.afterPage(page('http://x/2', ['a'], 'http://x/3'), false)).toMatchObject({ stop: 'loop' });
    expect(new TargetCrawl(target('incremental')).afterPage(page('http://x/1', ['a'], 'http://x/2'), true)).toMatchObject({ stop: 'caught-up' });
    const capped = new TargetCrawl(target('full', 1));
    capped.pages = 1;
    expect(capped.afterPage(page('http://x/1', ['a'], 'http://x/2'), false)).toMatchObject({ stop: 'page-cap' });
    const looped = new TargetCrawl(target('full'));
    looped.markVisited('http://x/1#top');
    expect(looped.afterPage(page('http://x/1', ['z'], 'http://x/1'), false)).toMatchObject({ stop: 'loop' });
    expect(new TargetCrawl(target('full')).afterPage(page('http://x/1', [], null), false)).toEqual({ stop: 'last-page', message: null });
  });
});

describe('chooseMode', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  it("'auto' sweeps fully when the last full sweep is older than the interval", () => {
    expect(chooseMode({ last_full_sweep_at: null, options: {} }, 'auto', defaultTuning, now)).toBe('full');
    expect(chooseMode({ last_full_sweep_at: new Date('2026-11-20T00:00:00Z'), options: {} }, 'auto', defaultTuning, now)).toBe('incremental');
    expect(chooseMode({ last_full_sweep_at: new Date('2026-11-10T00:00:00Z'), options: {} }, 'auto', defaultTuning, now)).toBe('full');
    expect(chooseMode({ last_full_sweep_at: new Date('2026-11-20T00:00:00Z'), options: { fullSweepEveryDays: 1 } }, 'auto', defaultTuning, now)).toBe('full');
    expect(chooseMode({ last_full_sweep_at: null, options: {} }, 'incremental', defaultTuning, now)).toBe('incremental');
  });
});

describe('HostGate total limit', () => {
  it('lets only as many requests run over all hosts as the limit allows', () => {
    let limit = 1;
    const gate = new HostGate(4, () => 0, () => limit);
    const started: string[] = [];
    for (const host of ['a', 'b', 'c']) gate.schedule(host, () => started.push(host));
    expect(started).toEqual(['a']);
    limit = 5;
    gate.release('a');
    expect(started).toEqual(['a', 'b', 'c']);
    gate.close();
  });

  it("puts a target's next page ahead of the host's waiting requests when asked", () => {
    const gate = new HostGate(1, () => 0);
    const started: string[] = [];
    for (const name of ['t1', 't2', 't3']) gate.schedule('a', () => started.push(name));
    gate.schedule('a', () => started.push('t1 page 2'), true);
    for (let i = 0; i < 3; i++) gate.release('a');
    expect(started).toEqual(['t1', 't1 page 2', 't2', 't3']);
    gate.close();
  });
});

describe('MemoryGuard', () => {
  it('collects before reporting the process over its budget, and stays quiet under it', () => {
    const roomy = new MemoryGuard(64 * 1024 ** 3);
    roomy.start();
    expect(roomy.overBudget()).toBe(false);
    expect(roomy.collections).toBe(0);
    roomy.stop();
    // No process runs in 1 MB: a full GC is tried first, and the crawl is still told to slow down.
    const tight = new MemoryGuard(1024 * 1024);
    tight.start();
    expect(tight.overBudget()).toBe(true);
    expect(tight.collections).toBe(1);
    tight.stop();
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  it('runs a full GC when a major GC leaves far more than the live size it knew', async () => {
    const guard = new MemoryGuard(64 * 1024 ** 3);
    guard.start();
    const majorGc = async () => {
      // A full GC is a major one; the guard's observer hears of it on a later tick.
      v8.setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      v8.setFlagsFromString('--no-expose-gc');
      await new Promise((r) => setTimeout(r, 50));
    };
    await majorGc();
    const before = guard.collections;
    const held = Array.from({ length: 40 }, () => new Array(500_000).fill(0).map((_, i) => i + 0.5));
    await majorGc();
    expect(guard.collections).toBe(before + 1);
    expect(held.length).toBe(40);
    guard.stop();
  });
});
