import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ReviewBody, TrendPointBody } from './api-types';
import { focusPeriod, hrefWith, parseFilters } from './filters';
import { num, period, signed } from './format';
import { IntervalBar, jsonForScript, JsonScript } from './pages/components';
import { attributionText, ReviewTable, safeUrl } from './pages/reviews';
import { totals } from './series';
import { safeNext, sameOrigin } from './session';
import { isDashboardPath } from './app';

/** The dashboard's pure parts: filters in the URL, formatting, escaping, and the guards on forms and links. */
const render = (el: unknown) => String(el);

describe('filters in the URL', () => {
  it('defaults to months over the API default range', () => {
    expect(parseFilters({})).toEqual({ filters: { granularity: 'month', level: 'location' }, ignored: [] });
  });

  it('reads valid values and reports the rest instead of failing', () => {
    const { filters, ignored } = parseFilters({ granularity: 'quarter', from: '2026-01-01', to: '2026-13-01', source: 'google', level: 'person', entity: 'location:3' });
    expect(filters).toEqual({ granularity: 'quarter', from: '2026-01-01', source: 'google', level: 'person', entity: 'location:3' });
    expect(ignored).toEqual(['to "2026-13-01"']);
    expect(parseFilters({ granularity: 'decade', source: 'Bad Source!', entity: 'company:1' }).ignored).toHaveLength(3);
    expect(parseFilters({ from: '2026-05-01', to: '2026-01-01' }).filters.from).toBeUndefined();
  });

  it('carries the filters on links, leaving defaults out', () => {
    const { filters } = parseFilters({ granularity: 'week', from: '2026-02-01', source: 'yelp' });
    expect(hrefWith('/locations/3', filters)).toBe('/locations/3?granularity=week&from=2026-02-01&source=yelp');
    expect(hrefWith('/overview', parseFilters({ granularity: 'month' }).filters)).toBe('/overview');
    expect(hrefWith('/leadership', filters, {}, ['granularity'])).toBe('/leadership?granularity=week');
  });

  it('focuses single-period panels on the period containing "to"', () => {
    expect(focusPeriod(parseFilters({ to: '2026-10-31' }).filters)).toBe('2026-10-01');
    expect(focusPeriod(parseFilters({ granularity: 'quarter', to: '2026-08-15' }).filters)).toBe('2026-07-01');
    expect(focusPeriod(parseFilters({}).filters)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('shows missing values as a dash, never 0 or NaN', () => {
    expect(num(null)).toBe('–');
    expect(num(Number.NaN)).toBe('–');
    expect(num(4.256)).toBe('4.26');
    expect(signed(0.5)).toBe('+0.50');
    expect(signed(-0.5)).toBe('−0.50');
  });

  it('names periods the way people say them', () => {
    expect(period('2026-10-01', 'month')).toBe('Oct 2026');
    expect(period('2026-07-01', 'quarter')).toBe('Q3 2026');
    expect(period('2026-10-05', 'week')).toBe('week of 5 Oct 2026');
    expect(period('2026-10-01', 'r90')).toBe('90 days to end of Oct 2026');
  });

  it('adds up a range from rated counts, not as a mean of means', () => {
    const p = (n: number, avg: number | null) => ({ period_start: '2026-01-01', review_count: n, rated_count: n, rating_avg: avg, responded_count: 1 }) as TrendPointBody;
    expect(totals([p(1, 1), p(3, 5)])).toMatchObject({ reviews: 4, rated: 4, rating: 4, responseRate: 0.5 });
    expect(totals([]).rating).toBeNull();
  });
});

describe('escaping', () => {
  it('embeds JSON for scripts with no way to close the tag', () => {
    const data = { label: '</script><script>alert(1)</script>', amp: 'a & b', sep: '\u2028' };
    const out = jsonForScript(data);
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual(data);
    const tag = render(JsonScript({ id: 'x', data }));
    expect(tag.match(/<\/script>/g)).toHaveLength(1);
    expect(tag).toMatch(/^<script type="application\/json" id="x">/);
  });

  const hostile: ReviewBody = {
    id: 1, source: 'google', target_id: 1, entity_kind: 'location', location_id: 1, person_id: null, rating: 1, rating_raw: 1, rating_scale: 5,
    title: '<b onmouseover=alert(1)>hi</b>', text: '<script>alert(1)</script><img src=x onerror=alert(1)>', language: 'en',
    author_name: '"><svg onload=alert(1)>', published_at: '2026-10-27T12:00:00.000Z', first_seen_at: '2026-10-27T12:00:00.000Z',
    url: 'javascript:alert(1)', owner_response: null, removed_at: null, version: 1, sentiment: null, sentiment_label: null, themes: [],
    attributions: [{ id: 9, person_id: 7, person_name: 'Ann', method: 'text', status: 'pending', confidence: 0.72 }],
  } as ReviewBody;

  it('renders review text, titles and authors as text, and drops javascript: links', () => {
    const html = render(ReviewTable({ reviews: [hostile], caption: 'c', empty: 'none' }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b onmouseover=alert(1)&gt;hi&lt;/b&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(html).not.toMatch(/<(img|svg|b )/);
    expect(html).not.toContain('javascript:');
  });

  it('says how a review came to count for a person', () => {
    expect(attributionText(hostile, 7)).toBe('Named in the review text (72 % confidence, waiting for review)');
    expect(attributionText({ ...hostile, person_id: 7 }, 7)).toBe('Own review profile');
    expect(attributionText(hostile, 8)).toBe('–');
  });

  it('only links to http(s) pages', () => {
    expect(safeUrl('https://example.com/r/1')).toBe('https://example.com/r/1');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,<script>')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
  });

  it('draws an interval whisker with a text alternative', () => {
    const svg = render(IntervalBar({ value: 4.2, low: 3.9, high: 4.5, raw: 4.8 }));
    expect(svg).toContain('aria-label="Shrunk rating 4.20, 95 % interval 3.90 to 4.50, raw average 4.80"');
    expect(render(IntervalBar({ value: null, low: null, high: null }))).not.toContain('<svg');
  });
});

describe('form and redirect guards', () => {
  it('follows only local paths after sign-in', () => {
    expect(safeNext('/locations/3?granularity=week')).toBe('/locations/3?granularity=week');
    for (const bad of [undefined, '', '//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/ x']) expect(safeNext(bad)).toBe('/');
  });

  it('accepts form posts from this origin only', async () => {
    const app = new Hono().post('/', (c) => c.text(String(sameOrigin(c))));
    const post = async (headers: Record<string, string>) => (await app.request('http://dash.example/', { method: 'POST', headers })).text();
    expect(await post({ Origin: 'http://dash.example' })).toBe('true');
    expect(await post({})).toBe('true');
    expect(await post({ Origin: 'http://evil.example' })).toBe('false');
    expect(await post({ Origin: 'null' })).toBe('false');
    expect(await post({ 'Sec-Fetch-Site': 'cross-site', Origin: 'http://dash.example' })).toBe('false');
  });

  it('knows its own paths, so a host can dispatch to it', () => {
    for (const p of ['/', '/login', '/overview', '/locations/3', '/people/1', '/leadership', '/sources', '/assets/x', '/export/trends']) expect(isDashboardPath(p)).toBe(true);
    for (const p of ['/api/v1/trends', '/health', '/docs', '/openapi.json', '/loginx']) expect(isDashboardPath(p)).toBe(false);
  });
});
