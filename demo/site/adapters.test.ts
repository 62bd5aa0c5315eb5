import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealerraterAdapter } from '../../crawlers/adapters/dealerrater';
import { schemaOrgAdapter } from '../../crawlers/adapters/schema-org';
import { detectBlockedPage } from '../../crawlers/blocked';
import { ExtractionError, type PageExtraction, type SourceAdapter } from '../../crawlers/types';
import { buildDemoWorld } from '../world/build';
import { HOSTILE_TEXT } from '../world/reviews';
import type { DemoReview } from '../world/types';
import { CAPTCHA_PAGE } from './failures';
import { startDemoSite, type DemoSite } from './server';
import { personAverage, sitePaths, siteView } from './view';

/**
 * Round trip: the real adapters read the demo pages back into what the world
 * says is there. If this fails after an adapter change, either the adapter or
 * the demo markup drifted from the real site's shape.
 */

const world = buildDemoWorld({ asOf: '2026-03-15' });
const crawledAt = new Date(world.asOf);
let site: DemoSite;

beforeAll(async () => {
  site = await startDemoSite({ world, pageSize: 10 });
});
afterAll(async () => {
  await site.close();
});

async function extract(adapter: SourceAdapter, url: string): Promise<PageExtraction> {
  const res = await fetch(url);
  const body = await res.text();
  return adapter.extract({ url, body, status: res.status, contentType: res.headers.get('content-type') }, { crawledAt });
}

/** Follows nextPageUrl from the first page to the last. */
async function crawlAll(adapter: SourceAdapter, startUrl: string, maxPages = 500): Promise<PageExtraction[]> {
  const pages: PageExtraction[] = [];
  let url: string | null = adapter.startUrl(startUrl);
  while (url && pages.length < maxPages) {
    const page = await extract(adapter, url);
    pages.push(page);
    url = page.nextPageUrl;
  }
  return pages;
}

describe('schema-org adapter on the company page', () => {
  const list = siteView(world, 0).company;

  it('reads the organisation, its aggregate and the ten newest reviews with every field', async () => {
    const page = await extract(schemaOrgAdapter, `${site.url}${sitePaths.company()}`);
    expect(page.blocked).toBeNull();
    expect(page.business).toMatchObject({ name: 'Northwind Motors', aggregateRating: list.average, reviewCount: list.reviews.length, ratingScale: 5 });
    expect(page.nextPageUrl).toBe(`${site.url}/company/reviews?page=2`);
    expect(page.reviews).toHaveLength(10);
    page.reviews.forEach((got, i) => {
      const want = list.reviews[i]!;
      expect(got).toMatchObject({
        externalId: want.id,
        rating: want.rating,
        ratingScale: 5,
        title: want.title,
        text: want.text,
        language: want.language,
        authorName: want.author,
      });
      expect(got.publishedAt?.iso).toBe(want.publishedAt);
      expect(got.ownerResponse?.text ?? null).toBe(want.response?.text ?? null);
      if (want.response) expect(got.ownerResponse?.respondedAt?.iso).toBe(want.response.at);
    });
  });

  it('walks every page and finds every review once, the hostile text intact', async () => {
    const pages = await crawlAll(schemaOrgAdapter, `${site.url}${sitePaths.company()}`);
    const reviews = pages.flatMap((p) => p.reviews);
    expect(reviews.map((r) => r.externalId)).toEqual(list.reviews.map((r) => r.id));
    const hostile = list.reviews.find((r: DemoReview) => r.hostile)!;
    expect(reviews.find((r) => r.externalId === hostile.id)!.text).toBe(HOSTILE_TEXT);
    expect(pages.at(-1)!.nextPageUrl).toBeNull();
  });
});

/** What the DealerRater adapter should read for a demo review (the site shows dates to the day). */
function expectDealerReview(got: PageExtraction['reviews'][number], want: DemoReview, base: string): void {
  expect(got).toMatchObject({ externalId: want.id, rating: want.rating, ratingScale: 5, text: want.text, authorName: want.author });
  expect(got.publishedAt).toMatchObject({ iso: `${want.publishedAt.slice(0, 10)}T00:00:00.000Z`, precision: 'day' });
  expect(got.employees).toEqual(
    want.employees.map((tag) => {
      const person = world.people.find((p) => p.key === tag.personKey)!;
      return { name: person.name, rating: tag.rating, ratingScale: 5, profileUrl: `${base}${sitePaths.sales(person)}`, externalId: String(person.siteId) };
    }),
  );
  expect(got.ownerResponse?.text ?? null).toBe(want.response?.text ?? null);
  if (want.response) expect(got.ownerResponse?.respondedAt?.iso).toBe(`${want.response.at.slice(0, 10)}T00:00:00.000Z`);
  const subRatings = Object.fromEntries(Object.entries(want.subRatings).map(([k, v]) => [k.toLowerCase(), v]));
  expect(got.subRatings).toEqual(subRatings);
  expect(got.extra).toMatchObject({ visitType: want.visitType, recommendDealer: want.recommend });
}

describe('dealerrater adapter on the dealer pages', () => {
  const list = siteView(world, 0).dealer.get('riverside')!;

  it('reads the dealer, its aggregate and every field of the ten newest reviews', async () => {
    const page = await extract(dealerraterAdapter, `${site.url}${sitePaths.dealer('riverside')}`);
    expect(page.blocked).toBeNull();
    expect(page.business).toMatchObject({ name: 'Northwind Motors Riverside', aggregateRating: list.average, reviewCount: list.reviews.length });
    expect(page.nextPageUrl).toBe(`${site.url}/dealer/riverside/reviews/page2/`);
    expect(page.reviews).toHaveLength(10);
    page.reviews.forEach((got, i) => expectDealerReview(got, list.reviews[i]!, site.url));
  });

  it('reads rating-only, Spanish, multi-employee and hostile reviews exactly', async () => {
    const all = list.reviews;
    const wanted = [
      all.find((r) => r.text === null)!,
      all.find((r) => r.language === 'es' && r.text)!,
      all.find((r) => r.employees.length === 2)!,
      all.find((r) => r.hostile)!,
    ];
    for (const want of wanted) {
      const pageNumber = Math.floor(all.indexOf(want) / 10) + 1;
      const page = await extract(dealerraterAdapter, `${site.url}${sitePaths.dealer('riverside', pageNumber)}`);
      expectDealerReview(page.reviews.find((r) => r.externalId === want.id)!, want, site.url);
    }
  });

  it('walks a whole dealer listing through next links', async () => {
    const pages = await crawlAll(dealerraterAdapter, `${site.url}${sitePaths.dealer('lakeview')}`);
    expect(pages.flatMap((p) => p.reviews.map((r) => r.externalId))).toEqual(siteView(world, 0).dealer.get('lakeview')!.reviews.map((r) => r.id));
    expect(pages.at(-1)!.nextPageUrl).toBeNull();
    expect(pages.flatMap((p) => p.warnings)).toEqual([]);
  });

  it('reads a salesperson page: the person, their own average and count, their reviews', async () => {
    const person = world.people.find((p) => p.key === world.story.improvingPerson)!;
    const tagged = siteView(world, 0).byPerson.get(person.key)!.reviews;
    const pages = await crawlAll(dealerraterAdapter, `${site.url}${sitePaths.sales(person)}`);
    expect(pages[0]!.business).toMatchObject({
      name: person.name,
      aggregateRating: personAverage(person, tagged),
      reviewCount: tagged.length,
      externalId: String(person.siteId),
    });
    expect(pages[0]!.nextPageUrl).toBe(`${site.url}${sitePaths.sales(person, 2)}`);
    const reviews = pages.flatMap((p) => p.reviews);
    expect(reviews.map((r) => r.externalId)).toEqual(tagged.map((r) => r.id));
    reviews.slice(0, 30).forEach((got, i) => expectDealerReview(got, tagged[i]!, site.url));
  });

  it('reads a quoted nickname as the tag name', async () => {
    const rafa = world.people.find((p) => p.key === 'rafael-quintero')!;
    const page = await extract(dealerraterAdapter, `${site.url}${sitePaths.sales(rafa)}`);
    expect(page.business?.name).toBe('Rafael "Rafa" Quintero');
    for (const review of page.reviews) expect(review.employees.map((e) => e.name)).toContain('Rafael "Rafa" Quintero');
  });
});

describe('pages that are not review lists', () => {
  it('the captcha interstitial is recognised as a captcha by crawlers/blocked', () => {
    const signal = detectBlockedPage({ url: `${site.url}${sitePaths.dealer('riverside')}`, body: CAPTCHA_PAGE, status: 200, contentType: 'text/html; charset=utf-8' });
    expect(signal?.reason).toBe('captcha');
  });

  it('the map listing read without a browser gives no reviews (the schema-org adapter refuses it)', async () => {
    const url = `${site.url}${sitePaths.maps('riverside')}`;
    const body = await (await fetch(url)).text();
    expect(detectBlockedPage({ url, body, status: 200, contentType: 'text/html' })).toBeNull();
    expect(() => schemaOrgAdapter.extract({ url, body, status: 200, contentType: 'text/html' }, { crawledAt })).toThrow(ExtractionError);
  });
});
