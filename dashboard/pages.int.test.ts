import { beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../test/support/db';
import { HOSTILE_TEXTS } from '../test/support/seed-api';
import { chartData, login, page, RANGE, useDashboardWorld } from './testing/world';

/**
 * Each page rendered from the seeded world (built by the real processing
 * jobs): the numbers the charts are drawn from, the tables, the filters in
 * the URL, CSV downloads, and review text from strangers shown as text.
 */
const w = useDashboardWorld(import.meta.url);
const range = `from=${RANGE.from}&to=${RANGE.to}`;
let admin: string;
beforeAll(async () => {
  admin = await login(w().app, w().seed.keys.admin);
});

/** The API's own answer, to check the page against it rather than against numbers copied from the seed. */
async function api(path: string): Promise<any> {
  const r = await w().app.request(`/api/v1/${path}`, { headers: { Authorization: `Bearer ${w().seed.keys.admin}` } });
  expect(r.status, path).toBe(200);
  return r.json();
}

describe(`dashboard pages (${testDialect()})`, () => {
  it('overview: index next to NPS, rating, sources, what changed, attention, league table', async () => {
    const r = await page(w().app, admin, `/overview?${range}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toMatch(/^<!DOCTYPE html><html lang="en">/);
    const index = chartData(r.text, 'chart-index');
    expect(index.x).toHaveLength(10);
    expect(index.series.map((s) => s.label)).toEqual(['Reputation Index', 'Internal NPS']);
    const cx = await api(`reputation-vs-cx?granularity=month&${range}&reputation=reputation_index`);
    expect(index.series[1]!.values).toEqual(cx.series.map((p: { cx: number | null }) => p.cx));
    expect(index.series[0]!.values).toEqual(cx.series.map((p: { reputation: number | null }) => p.reputation));
    expect(chartData(r.text, 'chart-rating').series[0]!.values.every((v) => v !== null && v >= 1 && v <= 5)).toBe(true);
    expect(chartData(r.text, 'chart-volume').series.map((s) => s.label)).toEqual(['All sources', 'dealerrater', 'google']);
    expect(r.text).toContain('What changed in Oct 2026');
    const trends = await api(`trends?granularity=month&${range}&split=source`);
    const dealerrater = trends.series.find((x: { source: string }) => x.source === 'dealerrater');
    const total = dealerrater.points.reduce((a: number, p: { review_count: number }) => a + p.review_count, 0);
    expect(r.text).toContain(`<th scope="row">dealerrater</th><td class="num">${total}</td>`);
    expect(r.text).toMatch(/id="attention"[\s\S]*Acme North[\s\S]*without a response/);
    expect(r.text).toMatch(/<table class="league">/);
    expect(r.text).toContain('<svg class="whisker"');
  });

  it('the filters live in the URL and change the numbers', async () => {
    const month = chartData((await page(w().app, admin, `/overview?${range}`)).text, 'chart-rating');
    const quarter = await page(w().app, admin, `/overview?granularity=quarter&${range}`);
    const q = chartData(quarter.text, 'chart-rating');
    expect(q.x).toEqual(['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01']);
    expect(q.series[0]!.values).not.toEqual(month.series[0]!.values.slice(0, 4));
    expect(quarter.text).toMatch(/<option value="quarter" selected="">Quarter<\/option>/);
    expect(quarter.text).toContain(`value="${RANGE.from}"`);
    const google = await page(w().app, admin, `/overview?source=google&${range}`);
    expect(google.text).toMatch(/<option value="google" selected="">google<\/option>/);
    expect(chartData(google.text, 'chart-rating').series[0]!.values).not.toEqual(month.series[0]!.values);
    // Nonsense in the address is reported and replaced by the default, not a failure.
    const odd = await page(w().app, admin, `/overview?granularity=fortnight&from=2026-02-30`);
    expect(odd.status).toBe(200);
    expect(odd.text).toContain('Ignored in the address: granularity &quot;fortnight&quot;, from &quot;2026-02-30&quot;');
  });

  it('location: rating with interval band, sources, themes with quotes, unanswered negatives, salespeople ranked fairly', async () => {
    const { locations } = w().seed;
    const r = await page(w().app, admin, `/locations/${locations.north}?${range}`);
    expect(r.status).toBe(200);
    const rating = chartData(r.text, 'chart-rating');
    expect(rating.x).toHaveLength(10);
    expect(rating.series.map((s) => s.label)).toEqual(['95 % interval (high)', '95 % interval (low)', 'Shrunk rating', 'Raw average']);
    const [hi, lo, shrunk] = rating.series.map((s) => s.values);
    shrunk!.forEach((v, i) => expect(v! >= lo![i]! && v! <= hi![i]!).toBe(true));
    expect(chartData(r.text, 'chart-mood').series).toHaveLength(2);
    expect(r.text).toMatch(/What reviews talk about, Oct 2026/);
    expect(r.text).toMatch(/<th scope="row">price<\/th>/);
    expect(r.text).toMatch(/<q>[^<]+<\/q>/);
    const needing = r.text.slice(r.text.indexOf('id="needing-list"'), r.text.indexOf('id="themes"'));
    const unanswered = await api(`reviews?entity=location:${locations.north}&responded=false&removed=false&stars_max=2&${range}&limit=25`);
    expect(unanswered.items.length).toBeGreaterThan(0);
    expect(needing.match(/<tr role="row">/g)?.length).toBe(1 + unanswered.items.length);
    expect(needing).toContain('Not yet');
    const people = r.text.slice(r.text.indexOf('id="people"'));
    expect(people).toMatch(/Mike Lambert|Sarah Connor/);
    expect(people).toMatch(/Not enough reviews to rank|<td class="num">1<\/td>/);
    // Nobody below the minimum gets a rank number.
    const notEnough = people.includes('not-enough') ? people.slice(people.indexOf('not-enough')) : '';
    expect(notEnough).not.toMatch(/<td class="num">\d+<\/td>/);
  });

  it('salesperson: interval band, how each review was attributed, coaching wording without a rank', async () => {
    const { people } = w().seed;
    const mike = await page(w().app, admin, `/people/${people.mike}?${range}`);
    expect(mike.status).toBe(200);
    const chart = chartData(mike.text, 'chart-person');
    expect(chart.x).toHaveLength(10);
    expect(chart.series.slice(0, 2).map((s) => s.label)).toEqual(['95 % interval (high)', '95 % interval (low)']);
    expect(mike.text).toContain('Own review profile');
    expect(mike.text).toContain('What customers appreciate');
    expect(mike.text).toContain('Where customers see room to grow');
    expect(mike.text).not.toMatch(/Rank<\/th>/);
    const dave = await page(w().app, admin, `/people/${people.dave}?${range}`);
    expect(dave.text).toMatch(/Tagged by the review site \(\d+ % confidence\)/);
    const ann = await page(w().app, admin, `/people/${people.ann}?${range}`);
    expect(ann.text).toMatch(/Named in the review text \(\d+ % confidence(, waiting for review)?\)/);
    expect(ann.text).toContain('(no longer active)');
  });

  it('leadership: scatter of locations, correlation with n and interval, lag, gaps both ways, aligned series', async () => {
    const lead = await login(w().app, w().seed.keys.leadership);
    const r = await page(w().app, lead, `/leadership?${range}`);
    expect(r.status).toBe(200);
    const scatter = chartData(r.text, 'chart-scatter');
    expect(scatter.kind).toBe('xy');
    expect(scatter.x).toHaveLength(3);
    expect([...scatter.pointLabels!].sort()).toEqual(['Acme East', 'Acme North', 'Acme South']);
    expect(chartData(r.text, 'chart-aligned').x).toHaveLength(10);
    expect(r.text).toMatch(/Correlation \(Pearson r\)[\s\S]*n = 10 periods, 95 % interval/);
    expect(r.text).toContain('Which moves first');
    expect(r.text).toContain('Public reputation ahead of CX');
    expect(r.text).toContain('CX ahead of public reputation');
    // East: customers happier internally than its reviews say.
    const cxAhead = r.text.slice(r.text.indexOf('id="cx-ahead"'));
    expect(cxAhead).toContain('Acme East');
    const people = await page(w().app, lead, `/leadership?entity=location:${w().seed.locations.north}&${range}`);
    expect(chartData(people.text, 'chart-scatter').pointLabels).toEqual(expect.arrayContaining(['Mike Lambert', 'Sarah Connor']));
  });

  it('sources: per target last run, status, coverage, blocked and errors', async () => {
    const r = await page(w().app, admin, '/sources');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/east:google[\s\S]*Blocked \(captcha\), 3 runs in a row/);
    expect(r.text).toContain('HTTP 500 from the site');
    expect(r.text).toMatch(/north:google[\s\S]*Low coverage/);
    expect(r.text).toMatch(/acme:google[\s\S]*Never crawled/);
    expect(r.text).toContain('Latest crawl runs');
  });

  it('shows hostile review text as text: no tag, no handler, no javascript: link', async () => {
    const r = await page(w().app, admin, `/locations/${w().seed.locations.east}?${range}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('Nobody called back. &lt;script&gt;alert(1)&lt;/script&gt; and then &lt;img src=x onerror=alert(1)&gt;');
    expect(r.text).toContain('&lt;b&gt;bold&lt;/b&gt; title');
    expect(r.text).toContain('&lt;i&gt;Mallory&lt;/i&gt;');
    expect(r.text).not.toMatch(/<img/i);
    expect(r.text).not.toMatch(/<script>alert/i);
    expect(r.text).not.toMatch(/<b>bold/);
    expect(r.text).not.toMatch(/href="javascript:/i);
    // Every <script> on the page is ours: the uPlot file, our module, and JSON blocks.
    for (const tag of r.text.match(/<script[^>]*>/g)!) expect(tag).toMatch(/src="\/assets\/|type="application\/json"/);
    const person = await page(w().app, admin, `/people/${w().seed.people.mike}?q=${encodeURIComponent('<script>')}`);
    expect(person.text).not.toContain('<script>"');
    expect(HOSTILE_TEXTS.script).toContain('<script>');
  });

  it('CSV downloads serve the same read as the page, with the same access rules', async () => {
    const { locations } = w().seed;
    const r = await w().app.request(`/export/rankings?level=person&within=location:${locations.north}&granularity=month&period_start=2026-10-01`, { headers: { Cookie: admin } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="rankings-person-month-2026-10-01.csv"/);
    const csv = await r.text();
    expect(csv.split('\r\n')[0]).toBe('rank,entity_kind,entity_id,name,value,low,high,review_count,rated_count,rating_avg,status');
    const reviews = await (await w().app.request(`/export/reviews?entity=location:${locations.east}`, { headers: { Cookie: admin } })).text();
    expect(reviews).toContain('<script>alert(1)</script>');
    expect(reviews).toContain(`'=HYPERLINK`);
    expect((await w().app.request('/export/trends')).status).toBe(401);
    expect((await w().app.request('/export/locations', { headers: { Cookie: admin } })).status).toBe(404);
    expect((await w().app.request('/export/trends?granularity=decade', { headers: { Cookie: admin } })).status).toBe(400);
    // Every CSV link on a page points at an export the same key can download.
    const html = (await page(w().app, admin, `/locations/${locations.north}?${range}`)).text;
    const links = [...html.matchAll(/class="csv" href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const href of links) expect((await w().app.request(href, { headers: { Cookie: admin } })).status, href).toBe(200);
  });

  it('sends its own security headers and embeds chart JSON without a way out of the script tag', async () => {
    const r = await page(w().app, admin, `/overview?${range}`);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('cache-control')).toBe('no-store');
    for (const m of r.text.matchAll(/<script type="application\/json" id="[^"]+">([^]*?)<\/script>/g)) expect(m[1]).not.toMatch(/[<>&]/);
    const js = await w().app.request(r.text.match(/src="(\/assets\/dashboard\.js\?v=[0-9a-f]+)"/)![1]!);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const uplot = await w().app.request('/assets/vendor/uplot.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(uplot.headers.get('content-type')).toMatch(/javascript/);
    expect(uplot.headers.get('content-encoding')).toBe('gzip');
  });
});
