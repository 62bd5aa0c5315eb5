import { NonRetryableError } from '@crawlee/core';
import { describe, expect, it } from 'vitest';
import { emptyExtraction, emptyReview } from '../types';
import { parseRetryAfter, retryDelayMs } from './backoff';
import { decodeBody } from './decode';
import { HostGate } from './host-gate';
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
});
