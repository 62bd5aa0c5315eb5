import { describe, expect, it } from 'vitest';
import { readOwnFixture } from '../__fixtures__/helpers';
import { loadHtml } from './dom';
import { localName, parseJsonLdText, readJsonLd } from './jsonld';
import { readMicrodata, readRdfa } from './microdata';
import { readStructuredData } from './structured-data';

const ctx = { crawledAt: new Date('2024-06-01T00:00:00Z'), pageUrl: 'https://directory.example/shops/lakeside-bikes' };

describe('JSON-LD reader', () => {
  it('parses clean JSON, and repairs trailing commas, raw newlines and comment wrappers', () => {
    expect(parseJsonLdText('{"a":1}')).toEqual({ value: { a: 1 }, repaired: false });
    expect(parseJsonLdText('{"a":[1,2,],}').value).toEqual({ a: [1, 2] });
    expect(parseJsonLdText('{"a":"line\nbreak"}').value).toEqual({ a: 'line break' });
    expect(parseJsonLdText('<!-- {"a":1} -->').value).toEqual({ a: 1 });
    expect(parseJsonLdText('{&quot;a&quot;:1}').value).toEqual({ a: 1 });
    expect(() => parseJsonLdText('{"a":')).toThrow();
  });

  it('skips a broken block with a warning and keeps the others, flattening @graph', () => {
    const $ = loadHtml(readOwnFixture('schema-org-jsonld.html'));
    const result = readJsonLd($);
    expect(result.blocks).toBe(3);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/block 2 is not valid JSON and was skipped/);
    expect(result.warnings[1]).toMatch(/block 3 was malformed .* read after repair/);
    expect(result.nodes.map((n) => n['@type'])).toEqual(['WebSite', 'ProfilePage', ['LocalBusiness', 'BicycleStore'], 'Review', 'http://schema.org/Review', 'Review']);
  });

  it('reduces type IRIs to local names', () => {
    expect(localName('http://schema.org/Review')).toBe('Review');
    expect(localName('https://schema.org/LocalBusiness')).toBe('LocalBusiness');
    expect(localName('schema:Rating')).toBe('Rating');
    expect(localName('Product')).toBe('Product');
  });
});

describe('interpretation of JSON-LD', () => {
  const data = readStructuredData(loadHtml(readOwnFixture('schema-org-jsonld.html')), ctx);

  it('finds the business through the page mainEntity and resolves @id references', () => {
    expect(data.syntax).toBe('json-ld');
    expect(data.business).toEqual({
      name: 'Lakeside Bikes & Repairs',
      aggregateRating: 4.6,
      ratingScale: 5,
      reviewCount: 1204,
      starDistribution: null,
      address: '12 Harbour Lane, Springfield, OR 97477, US',
      categories: [],
      externalId: null,
    });
  });

  it('collects nested and back-pointing reviews of that business only', () => {
    expect(data.reviews.map((r) => r.externalId)).toEqual(['r-102', 'r-101']);
    const [first, second] = data.reviews;
    expect(first).toMatchObject({
      rating: 4,
      ratingScale: 5,
      title: 'Quick tune-up',
      text: 'Brakes fixed the same day.\nFair price, friendly staff 👍',
      language: 'en',
      authorName: 'Mo K.',
      publishedAt: { iso: '2024-04-02T00:00:00.000Z', precision: 'day' },
      subRatings: { service: 5 },
      ownerResponse: { text: 'Thanks Mo, see you in spring!', respondedAt: { iso: '2024-04-03T00:00:00.000Z', precision: 'day' } },
    });
    expect(second).toMatchObject({ rating: 2, text: null, authorName: 'Priya', publishedAt: { iso: '2024-03-28T07:15:00.000Z', precision: 'exact' } });
  });
});

describe('microdata reader', () => {
  const $ = loadHtml(readOwnFixture('schema-org-microdata.html'));

  it('builds nested items with HTML value rules (meta content, time datetime)', () => {
    const items = readMicrodata($);
    expect(items).toHaveLength(1);
    const dealer = items[0]!;
    expect(dealer['@type']).toBe('AutoDealer');
    expect(dealer['@id']).toBe('https://cars.example/dealers/77');
    expect(dealer['aggregateRating']).toMatchObject({ '@type': 'AggregateRating', ratingValue: '4.2', bestRating: '5' });
    expect(Array.isArray(dealer['review'])).toBe(true);
  });

  it('is interpreted like JSON-LD', () => {
    const data = readStructuredData($, { ...ctx, pageUrl: 'https://cars.example/dealers/77' });
    expect(data.syntax).toBe('microdata');
    expect(data.business).toMatchObject({ name: 'Harbor Auto North', aggregateRating: 4.2, reviewCount: 1310, address: '1 Example Road, Springfield' });
    expect(data.reviews).toHaveLength(2);
    expect(data.reviews[0]).toMatchObject({
      externalId: '5501',
      title: 'Smooth trade-in',
      authorName: 'Lee W.',
      rating: 5,
      text: 'They gave a fair number for my old sedan.\nNo haggling.',
      publishedAt: { iso: '2024-05-14T00:00:00.000Z', precision: 'day' },
    });
    expect(data.reviews[1]).toMatchObject({ externalId: null, authorName: 'Rosa', rating: 3, text: null, publishedAt: { iso: '2024-05-02T00:00:00.000Z' } });
  });
});

describe('RDFa reader', () => {
  const $ = loadHtml(readOwnFixture('schema-org-rdfa.html'));

  it('reads typeof/property items', () => {
    const items = readRdfa($);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ '@type': 'Restaurant', name: 'Café Meridian' });
  });

  it('is interpreted with the scale the page gives (bestRating 10)', () => {
    const data = readStructuredData($, { ...ctx, pageUrl: 'https://food.example/cafe-meridian' });
    expect(data.syntax).toBe('rdfa');
    expect(data.business).toMatchObject({ name: 'Café Meridian', aggregateRating: 8.4, ratingScale: 10, reviewCount: 96 });
    expect(data.reviews).toEqual([
      expect.objectContaining({
        externalId: 'abc123',
        rating: 9,
        ratingScale: 10,
        authorName: 'Jonas',
        text: 'Great espresso, tiny tables.',
        publishedAt: { iso: '2023-11-20T00:00:00.000Z', precision: 'day', raw: '2023-11-20' },
      }),
    ]);
  });
});

describe('reviews without an aggregate', () => {
  it('take the business from itemReviewed', () => {
    const html = `<div itemscope itemtype="https://schema.org/Review">
      <div itemprop="itemReviewed" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Fictional Plumbing</span></div>
      <span itemprop="author">Dee</span><span itemprop="reviewBody">On time.</span></div>`;
    const data = readStructuredData(loadHtml(html), ctx);
    expect(data.business).toMatchObject({ name: 'Fictional Plumbing', aggregateRating: null, reviewCount: null });
    expect(data.reviews).toEqual([expect.objectContaining({ authorName: 'Dee', text: 'On time.', rating: null })]);
  });
});

describe('pages without schema.org', () => {
  it('yield nothing, without throwing', () => {
    const data = readStructuredData(loadHtml('<html><body><p>Hello</p></body></html>'), ctx);
    expect(data).toMatchObject({ syntax: null, business: null, reviews: [], warnings: [] });
  });
});
