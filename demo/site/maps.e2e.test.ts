import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaOrgAdapter } from '../../crawlers/adapters/schema-org';
import { buildDemoWorld } from '../world/build';
import { MAPS_PAGE_SIZE } from './maps-page';
import { startDemoSite, type DemoSite } from './server';
import { sitePaths, siteView } from './view';

/**
 * The map listing only has reviews once its script ran: render it in
 * Chromium and read the rendered DOM's microdata with the schema-org adapter.
 */

const world = buildDemoWorld({ asOf: '2026-03-15' });
let site: DemoSite;
let browser: Browser;

beforeAll(async () => {
  site = await startDemoSite({ world });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('map listing in a browser', () => {
  it('renders the newest reviews as schema.org microdata that the schema-org adapter reads', async () => {
    const page = await browser.newPage();
    const url = `${site.url}${sitePaths.maps('riverside')}`;
    await page.goto(url);
    await page.waitForSelector('#app[data-loaded="true"]');
    const html = await page.content();
    await page.close();

    const list = siteView(world, 0).maps.get('riverside')!;
    const want = list.reviews.slice(0, MAPS_PAGE_SIZE);
    const out = schemaOrgAdapter.extract({ url, body: html, status: 200, contentType: 'text/html' }, { crawledAt: new Date(world.asOf) });
    expect(out.business).toMatchObject({ name: 'Northwind Motors Riverside', aggregateRating: list.average, reviewCount: list.reviews.length });
    expect(out.reviews.map((r) => r.externalId)).toEqual(want.map((r) => r.id));
    out.reviews.forEach((got, i) => {
      const r = want[i]!;
      expect(got).toMatchObject({ rating: r.rating, text: r.text, title: r.title, authorName: r.author, language: r.language });
      expect(got.publishedAt?.iso).toBe(r.publishedAt);
    });
    expect(out.nextPageUrl).toBeNull();
  });
});
