import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorld } from '../world/build';
import { demoPhaseChanges } from '../world/phases';
import { HOSTILE_TEXT } from '../world/reviews';
import type { DemoReview } from '../world/types';
import { htmlProblems } from './html-check';
import { startDemoSite, type DemoSite } from './server';
import { sitePaths, siteView } from './view';

const world = buildDemoWorld({ asOf: '2026-03-15' });
let site: DemoSite;

beforeAll(async () => {
  site = await startDemoSite({ world, pageSize: 10 });
});
afterAll(async () => {
  await site.close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; type: string; body: string; res: Response }> {
  const res = await fetch(`${site.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text(), res };
}

function jsonLd(html: string): Record<string, any>[] {
  const $ = cheerio.load(html);
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => JSON.parse($(el).text()) as Record<string, any>);
}

/** Page number (1-based) on which a review appears in a newest-first listing. */
const pageOf = (list: readonly DemoReview[], id: string, size = 10) => Math.floor(list.findIndex((r) => r.id === id) / size) + 1;

describe('demo site basics', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves robots.txt that forbids only /private/, and counts hits on /private/', async () => {
    const robots = await get('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.type).toContain('text/plain');
    expect(robots.body).toMatch(/User-agent: \*\nDisallow: \/private\/\nAllow: \//);
    const before = site.stats().privateHits;
    expect((await get('/private/')).status).toBe(200);
    expect(site.stats().privateHits).toBe(before + 1);
  });

  it('serves valid HTML on every kind of page', async () => {
    const elena = world.people.find((p) => p.key === 'elena-marsh')!;
    const paths = ['/', sitePaths.company(), sitePaths.company(3), sitePaths.dealer('riverside'), sitePaths.dealer('lakeview', 4), sitePaths.sales(elena), sitePaths.sales(elena, 2), sitePaths.maps('riverside'), '/private/', '/nope'];
    for (const path of paths) {
      const page = await get(path);
      expect(page.type, path).toContain('text/html; charset=utf-8');
      expect(htmlProblems(page.body), path).toEqual([]);
    }
  });

  it('answers 404 past the last page and redirects paths without a trailing slash', async () => {
    const total = siteView(world, 0).dealer.get('lakeview')!.reviews.length;
    expect((await get(sitePaths.dealer('lakeview', Math.ceil(total / 10) + 1))).status).toBe(404);
    expect((await get('/dealer/atlantis/reviews/')).status).toBe(404);
    expect((await get('/company/reviews?page=zero')).status).toBe(404);
    const moved = await get('/dealer/riverside/reviews', { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.res.headers.get('location')).toBe('/dealer/riverside/reviews/');
  });

  it('is deterministic: two servers for the same world serve the same pages', async () => {
    const twin = await startDemoSite({ world: buildDemoWorld({ asOf: '2026-03-15' }) });
    try {
      for (const path of [sitePaths.dealer('harbor-point', 2), sitePaths.company(), sitePaths.mapsData('riverside')]) {
        const a = (await get(path)).body.replaceAll(site.url, 'BASE');
        const b = (await (await fetch(`${twin.url}${path}`)).text()).replaceAll(twin.url, 'BASE');
        expect(a).toBe(b);
      }
    } finally {
      await twin.close();
    }
  });
});

describe('dealer pages', () => {
  const list = siteView(world, 0).dealer.get('riverside')!.reviews;

  it('show the dealer header, JSON-LD aggregate and ten newest reviews', async () => {
    const { body } = await get(sitePaths.dealer('riverside'));
    const $ = cheerio.load(body);
    expect($('#dealerName').text()).toBe('Northwind Motors Riverside');
    expect($('.review-count').text()).toBe(`${list.length} Reviews`);
    const business = jsonLd(body).find((n) => n['@type'] === 'LocalBusiness')!;
    expect(business.aggregateRating.reviewCount).toBe(list.length);
    const ids = $('.review-entry').toArray().map((el) => $(el).attr('data-review-id'));
    expect(ids).toEqual(list.slice(0, 10).map((r) => r.id));
    expect($('link[rel="next"]').attr('href')).toBe(`${site.url}/dealer/riverside/reviews/page2/`);
    expect($('.review-page-nav a[rel="next"]').attr('href')).toBe(`${site.url}/dealer/riverside/reviews/page2/`);
  });

  it('render each review like the real site: rating class, date, employees with their own rating, response', async () => {
    const review = list.find((r) => r.employees.length === 2 && r.response && r.text && r.text.length > 60)!;
    const { body } = await get(sitePaths.dealer('riverside', pageOf(list, review.id)));
    const $ = cheerio.load(body);
    const entry = $(`.review-entry[data-review-id="${review.id}"]`);
    expect(entry.find('.dealership-rating .rating-static').attr('class')).toContain(`rating-${review.rating}0`);
    expect(entry.find('.review-date .font-20').text()).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
    // Like the real site: the first words as a headline, the rest (leading space kept) as the body.
    expect(entry.find('.review-title').text() + entry.find('.review-whole').text()).toBe(review.text);
    expect(entry.find('.review-whole').text()).toMatch(/^ \S/);
    expect(entry.find('.review-author').text()).toBe(`by ${review.author}`);
    expect(entry.find('.dr-grey').text()).toBe(review.visitType);
    const tags = entry.find('.review-employee').toArray();
    expect(tags).toHaveLength(2);
    review.employees.forEach((tag, i) => {
      const person = world.people.find((p) => p.key === tag.personKey)!;
      const a = $(tags[i]).find('a.tagged-emp');
      expect(a.text()).toBe(person.name);
      expect(a.attr('href')).toMatch(new RegExp(`^/sales/[A-Za-z-]+-review-${person.siteId}/$`));
      expect($(tags[i]).find('.employee-rating-badge-sm span').text()).toBe(tag.rating.toFixed(1));
    });
    expect(entry.find('.review-response').text()).toBe(review.response!.text);
    expect(entry.find('.public-messages-date').text()).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} - $/);
  });

  it('can be walked to the end by following next links, each review exactly once', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${site.url}${sitePaths.dealer('lakeview')}`;
    while (next) {
      const $ = cheerio.load(await (await fetch(next)).text());
      seen.push(...$('.review-entry').toArray().map((el) => $(el).attr('data-review-id')!));
      next = $('link[rel="next"]').attr('href');
    }
    expect(seen).toEqual(siteView(world, 0).dealer.get('lakeview')!.reviews.map((r) => r.id));
  });

  it('show the hostile review escaped, so extraction gives the literal text', async () => {
    const hostile = list.find((r) => r.hostile)!;
    const { body } = await get(sitePaths.dealer('riverside', pageOf(list, hostile.id)));
    expect(body).not.toContain('<script>alert(1)');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const $ = cheerio.load(body);
    const entry = $(`.review-entry[data-review-id="${hostile.id}"]`);
    expect(entry.find('.review-title').text() + entry.find('.review-whole').text()).toBe(HOSTILE_TEXT);
  });
});

describe('salesperson pages', () => {
  it('list the reviews that tag the person, with their name, own average and count', async () => {
    const person = world.people.find((p) => p.key === 'rafael-quintero')!;
    const tagged = siteView(world, 0).byPerson.get(person.key)!.reviews;
    expect(sitePaths.sales(person)).toBe(`/sales/Rafael-Rafa-Quintero-review-${person.siteId}/`);
    const { body } = await get(sitePaths.sales(person));
    const $ = cheerio.load(body);
    expect($('#employeeName').text()).toBe('Rafael "Rafa" Quintero');
    expect($('.review-count').text()).toBe(`${tagged.length} Reviews`);
    expect($('.review-entry').length).toBe(10);
    $('.review-entry').each((_, el) => {
      expect($(el).find(`a[data-emp-id="${person.siteId}"]`).length).toBe(1);
    });
    expect($('link[rel="next"]').attr('href')).toBe(`${site.url}${sitePaths.sales(person, 2)}`);
    const page2 = cheerio.load((await get(sitePaths.sales(person, 2))).body);
    expect(page2('.review-entry').first().attr('data-review-id')).toBe(tagged[10]!.id);
  });

  it('use ASCII slugs for accented names', () => {
    const sofia = world.people.find((p) => p.key === 'sofia-navarro')!;
    expect(sitePaths.sales(sofia)).toBe(`/sales/Sofia-Navarro-review-${sofia.siteId}/`);
  });
});

describe('company page (schema.org JSON-LD)', () => {
  const list = siteView(world, 0).company.reviews;

  it('carries an Organization with aggregateRating and the page reviews, newest first', async () => {
    const { body } = await get(sitePaths.company());
    const org = jsonLd(body).find((n) => n['@type'] === 'Organization')!;
    expect(org.name).toBe('Northwind Motors');
    expect(org.aggregateRating.reviewCount).toBe(list.length);
    expect(org.review).toHaveLength(10);
    const first = org.review[0];
    const expected = list[0]!;
    expect(first.identifier).toBe(expected.id);
    expect(first['@id']).toContain(`#r${expected.id}`);
    expect(first.datePublished).toBe(expected.publishedAt);
    expect(first.reviewRating.ratingValue).toBe(expected.rating);
    expect(first.author.name).toBe(expected.author);
    expect(first.inLanguage).toBe(expected.language);
    expect(cheerio.load(body)('link[rel="next"]').attr('href')).toBe(`${site.url}/company/reviews?page=2`);
    // Visible reviews carry no microdata, so nothing is counted twice.
    expect(body).not.toContain('itemprop');
  });

  it('keeps the hostile text intact inside JSON-LD without breaking out of the script', async () => {
    const hostile = list.find((r) => r.hostile)!;
    const { body } = await get(sitePaths.company(pageOf(list, hostile.id)));
    expect(body).not.toContain('<script>alert(1)');
    const node = jsonLd(body)[0]!.review.find((r: any) => r.identifier === hostile.id);
    expect(node.reviewBody).toBe(HOSTILE_TEXT);
  });
});

describe('map listing (needs a browser)', () => {
  it('is an empty app shell without JavaScript', async () => {
    const { body } = await get(sitePaths.maps('riverside'));
    const $ = cheerio.load(body);
    expect($('[itemtype]').length).toBe(0);
    expect($('#app').text()).toBe('Loading reviews…');
    expect(body).toContain('data.json?page=1');
    const newest = siteView(world, 0).maps.get('riverside')!.reviews[0]!;
    if (newest.text) expect(body).not.toContain(newest.text.slice(0, 30));
  });

  it('serves the newest 20 reviews as JSON for the script', async () => {
    const res = await get(sitePaths.mapsData('riverside'));
    expect(res.type).toContain('application/json');
    const data = JSON.parse(res.body);
    const list = siteView(world, 0).maps.get('riverside')!;
    expect(data.reviews.map((r: any) => r.id)).toEqual(list.reviews.slice(0, 20).map((r) => r.id));
    expect(data.business).toMatchObject({ name: 'Northwind Motors Riverside', reviewCount: list.reviews.length, ratingValue: list.average });
  });
});

describe('phases', () => {
  it('switch the site to phase 1: new reviews on top, edits, removals, answers; stats count requests', async () => {
    site.resetStats();
    const changes = demoPhaseChanges(world, 1);
    site.setPhase(1);
    try {
      const list1 = siteView(world, 1).dealer.get('harbor-point')!.reviews;
      const $ = cheerio.load((await get(sitePaths.dealer('harbor-point'))).body);
      const top = $('.review-entry').first().attr('data-review-id')!;
      expect(changes.added).toContain(top);
      expect($('.review-count').text()).toBe(`${list1.length} Reviews`);
      const edit = changes.edited.find((e) => list1.some((r) => r.id === e.id))!;
      const page = cheerio.load((await get(sitePaths.dealer('harbor-point', pageOf(list1, edit.id)))).body);
      const edited = page(`.review-entry[data-review-id="${edit.id}"]`);
      expect(edited.find('.review-title').text() + edited.find('.review-whole').text()).toBe(edit.after.text);
      expect(site.stats().byPrefix['/dealer/harbor-point']).toBe(2);
      expect(site.stats().total).toBe(2);
      expect(() => site.setPhase(2)).toThrow(RangeError);
    } finally {
      site.setPhase(0);
    }
  });
});
