import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError } from '../types';
import { extractTruncated, page, readOwnFixture } from './__fixtures__/helpers';
import { schemaOrgAdapter } from './schema-org';

const crawledAt = new Date('2025-06-01T00:00:00Z');

describe('schemaOrgAdapter basics', () => {
  it('never claims a URL by itself and crawls the URL as given', () => {
    expect(schemaOrgAdapter.name).toBe('schema-org');
    expect(schemaOrgAdapter.matches(new URL('https://www.trustpilot.com/review/x.com'))).toBe(false);
    expect(schemaOrgAdapter.startUrl('https://a.example/r?x=1')).toBe('https://a.example/r?x=1');
    expect(schemaOrgAdapter.needsBrowser).toBe(false);
  });

  it('reads JSON-LD, warns about the broken block, and resolves rel=next', () => {
    const out = schemaOrgAdapter.extract(page('https://directory.example/shops/lakeside-bikes/reviews', readOwnFixture('schema-org-jsonld.html')), { crawledAt });
    expect(out.source).toBe('schema-org');
    expect(out.business?.name).toBe('Lakeside Bikes & Repairs');
    expect(out.reviews).toHaveLength(2);
    expect(out.nextPageUrl).toBe('https://directory.example/shops/lakeside-bikes/reviews?page=2');
    expect(out.warnings.some((w) => /block 2 is not valid JSON/.test(w))).toBe(true);
    expect(out.blocked).toBeNull();
  });

  it('reads microdata and a[rel=next]', () => {
    const out = schemaOrgAdapter.extract(page('https://cars.example/dealers/77/reviews', readOwnFixture('schema-org-microdata.html')), { crawledAt });
    expect(out.business).toMatchObject({ name: 'Harbor Auto North', aggregateRating: 4.2, reviewCount: 1310 });
    expect(out.reviews.map((r) => r.authorName)).toEqual(['Lee W.', 'Rosa']);
    expect(out.nextPageUrl).toBe('https://cars.example/dealers/77/reviews?p=2');
  });

  it('reads RDFa', () => {
    const out = schemaOrgAdapter.extract(page('https://food.example/cafe', readOwnFixture('schema-org-rdfa.html')), { crawledAt });
    expect(out.business).toMatchObject({ name: 'Café Meridian', aggregateRating: 8.4, ratingScale: 10 });
    expect(out.reviews[0]).toMatchObject({ rating: 9, ratingScale: 10 });
    expect(out.nextPageUrl).toBeNull();
  });

  it('throws ExtractionError on a page without any review markup', () => {
    const run = () => schemaOrgAdapter.extract(page('https://a.example/', '<html><body><h1>About us</h1></body></html>'), { crawledAt });
    expect(run).toThrow(ExtractionError);
    expect(run).toThrow(/no schema.org Review or AggregateRating/);
  });

  it('throws ExtractionError, naming the reason, when the only JSON-LD block is broken', () => {
    const body = '<script type="application/ld+json">{"@type": "Review", "reviewRating": </script>';
    expect(() => schemaOrgAdapter.extract(page('https://a.example/', body), { crawledAt })).toThrow(/not valid JSON/);
  });

  it('survives empty and binary-looking bodies', () => {
    expect(() => schemaOrgAdapter.extract(page('https://a.example/', ''), { crawledAt })).toThrow(ExtractionError);
    expect(() => schemaOrgAdapter.extract(page('https://a.example/', '\u0000\u0001<<<>>>'), { crawledAt })).toThrow(ExtractionError);
  });
});

describeWithSharedFixtures('schemaOrgAdapter on real pages', () => {
  it('reads a Trustpilot page from its JSON-LD @graph alone', () => {
    const out = schemaOrgAdapter.extract(page('https://www.trustpilot.com/review/beautytheshop.com', readSharedFixture('real-pages/trustpilot/beautytheshop.com.html')), { crawledAt });
    expect(out.business).toMatchObject({ name: 'BeautyTheShop', aggregateRating: 4.4, reviewCount: 2989 });
    expect(out.reviews).toHaveLength(20);
    expect(out.reviews[0]).toMatchObject({
      externalId: '66685a58c62d2f2148b5f054',
      rating: 5,
      authorName: 'SR JOSé JUAN LEAL BLANES',
      language: 'es',
      title: 'Rapidez y comodidad',
      publishedAt: { iso: '2024-06-11T16:08:24.000Z', precision: 'exact' },
    });
  });

  it('reads the LendingTree ProfilePage aggregate (no reviews in schema.org there)', () => {
    const out = schemaOrgAdapter.extract(page('https://www.lendingtree.com/reviews/personal/first-midwest-bank/52903183', readSharedFixture('real-pages/lendingtree/first-midwest-page1.html')), { crawledAt });
    expect(out.business).toMatchObject({ name: 'First Midwest Bank', aggregateRating: 4.9, reviewCount: 1674 });
    expect(out.reviews).toEqual([]);
  });

  it('reads the DealerRater LocalBusiness and its rel=next link', () => {
    const url = 'https://www.dealerrater.com/dealer/McKaig-Chevrolet-Buick-A-Dealer-For-The-People-dealer-reviews-23685/';
    const out = schemaOrgAdapter.extract(page(url, readSharedFixture('real-pages/dealerrater/dealer-reviews-page1.html')), { crawledAt });
    expect(out.business).toMatchObject({ name: 'McKaig Chevrolet Buick - A Dealer For The People', aggregateRating: 4.9, reviewCount: 2200 });
    expect(out.business?.address).toContain('Gladewater, TX');
    expect(out.nextPageUrl).toBe(`${url}page2/`);
  });

  it('throws ExtractionError on a page with no schema.org reviews (Yelp 2020)', () => {
    expect(() => schemaOrgAdapter.extract(page('https://www.yelp.com/biz/x', readSharedFixture('real-pages/yelp/thanh-son-tofu-garden-grove.html')), { crawledAt })).toThrow(ExtractionError);
  });

  it('gives a partial result or an ExtractionError on truncated pages', () => {
    for (const file of ['trustpilot/sumeria.eu.html', 'dealerrater/dealer-landing.html', 'lendingtree/first-midwest-page2.html']) {
      extractTruncated(schemaOrgAdapter, 'https://example.com/page', readSharedFixture(`real-pages/${file}`), crawledAt);
    }
  });
});
