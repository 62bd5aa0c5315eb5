import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageExtraction } from '../types';
import { extractTruncated, page } from './__fixtures__/helpers';
import { trustpilotAdapter } from './trustpilot';

const crawledAt = new Date('2025-06-01T00:00:00Z');
const tp = (domain: string) => `https://www.trustpilot.com/review/${domain}`;
const extractReal = (domain: string): PageExtraction =>
  trustpilotAdapter.extract(page(trustpilotAdapter.startUrl(tp(domain)), readSharedFixture(`real-pages/trustpilot/${domain}.html`)), { crawledAt });

describe('trustpilotAdapter URLs', () => {
  it('matches company pages on every Trustpilot host', () => {
    expect(trustpilotAdapter.matches(new URL('https://www.trustpilot.com/review/example.com'))).toBe(true);
    expect(trustpilotAdapter.matches(new URL('https://uk.trustpilot.com/review/example.co.uk?page=3'))).toBe(true);
    expect(trustpilotAdapter.matches(new URL('https://trustpilot.com/review/example.com'))).toBe(true);
    expect(trustpilotAdapter.matches(new URL('https://www.trustpilot.com/categories/bank'))).toBe(false);
    expect(trustpilotAdapter.matches(new URL('https://nottrustpilot.com/review/example.com'))).toBe(false);
  });

  it('starts newest first, in all languages, from page 1', () => {
    const url = new URL(trustpilotAdapter.startUrl('https://de.trustpilot.com/review/example.de?page=4&stars=1#top'));
    expect(url.origin + url.pathname).toBe('https://de.trustpilot.com/review/example.de');
    expect(url.searchParams.get('sort')).toBe('recency');
    expect(url.searchParams.get('languages')).toBe('all');
    expect(url.searchParams.get('stars')).toBe('1');
    expect(url.searchParams.has('page')).toBe(false);
    expect(url.hash).toBe('');
  });
});

describe('trustpilotAdapter on pages that are not Trustpilot company pages', () => {
  it('throws ExtractionError', () => {
    expect(() => trustpilotAdapter.extract(page(tp('x.com'), '<html><body>Hello</body></html>'), { crawledAt })).toThrow(ExtractionError);
  });

  it('reads JSON-LD alone when __NEXT_DATA__ is broken, with a warning', () => {
    const body = `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"LocalBusiness","@id":"#b","name":"Fictional Shop","aggregateRating":{"ratingValue":"3.5","reviewCount":"12"}},
      {"@type":"Review","@id":"https://www.trustpilot.com/#/schema/Review/x/abc","itemReviewed":{"@id":"#b"},"author":{"name":"Ann"},
       "datePublished":"2024-01-02T03:04:05.000Z","reviewRating":{"ratingValue":"4"},"reviewBody":"Fine."}]}</script>
      <script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":</script>`;
    const out = trustpilotAdapter.extract(page(tp('x.com'), body), { crawledAt });
    expect(out.business).toMatchObject({ name: 'Fictional Shop', aggregateRating: 3.5, reviewCount: 12, starDistribution: null });
    expect(out.reviews).toHaveLength(1);
    expect(out.reviews[0]).toMatchObject({ externalId: 'abc', rating: 4, url: 'https://www.trustpilot.com/reviews/abc' });
    expect(out.warnings.join(' ')).toMatch(/__NEXT_DATA__ is not valid JSON/);
    expect(out.warnings.join(' ')).toMatch(/owner replies unavailable/);
  });
});

const facts = [
  { domain: 'beautytheshop.com', name: 'BeautyTheShop', rating: 4.4, count: 2989, first: { iso: '2024-06-11T16:08:24.000Z', stars: 5, author: 'SR JOSé JUAN LEAL BLANES', language: 'es', title: 'Rapidez y comodidad' } },
  { domain: 'burgerking.no', name: 'Burger King', rating: 2.3, count: 99, first: { iso: '2024-06-21T10:47:53.000Z', stars: 5, author: 'Olav Kleven', language: 'no' } },
  { domain: 'sumeria.eu', name: 'Sumeria', rating: 4.4, count: 16327 },
  { domain: 'twenix.es', name: 'Twenix', rating: 4.4, count: 85 },
  { domain: 'www.burgerking.fr', name: 'BURGER KING FRANCE', rating: 3.1, count: 775 },
] as const;

describeWithSharedFixtures('trustpilotAdapter on real pages', () => {
  it.each(facts)('$domain: name, aggregate, count, 20 reviews', ({ domain, name, rating, count }) => {
    const out = extractReal(domain);
    expect(out.source).toBe('trustpilot');
    expect(out.business).toMatchObject({ name, aggregateRating: rating, ratingScale: 5, reviewCount: count });
    expect(out.reviews).toHaveLength(20);
    expect(out.blocked).toBeNull();
    expect(out.warnings).toEqual([]);
    for (const r of out.reviews) {
      expect(r.externalId).toMatch(/^[0-9a-f]{24}$/);
      expect(r.rating).toBeGreaterThanOrEqual(1);
      expect(r.rating).toBeLessThanOrEqual(5);
      expect(r.publishedAt?.precision).toBe('exact');
      expect(r.authorName).toBeTruthy();
      expect(r.url).toBe(`https://www.trustpilot.com/reviews/${r.externalId}`);
    }
  });

  it('beautytheshop.com: first review, categories, distribution, owner reply', () => {
    const out = extractReal('beautytheshop.com');
    const f = facts[0].first;
    expect(out.reviews[0]).toMatchObject({
      externalId: '66685a58c62d2f2148b5f054',
      rating: f.stars,
      authorName: f.author,
      language: f.language,
      title: f.title,
      publishedAt: { iso: f.iso, precision: 'exact' },
      ownerResponse: { respondedAt: { iso: '2024-06-12T10:00:55.000Z', precision: 'exact' } },
      extra: { experiencedAt: '2024-06-10T00:00:00.000Z', verified: true },
    });
    // The reply's paragraphs survive as line breaks.
    expect(out.reviews[0]?.ownerResponse?.text).toContain('\n\n');
    expect(out.business?.categories).toEqual(['Cosmetics and Perfumes Supplier', 'Cosmetics Store', 'Perfume Store']);
    expect(out.business?.starDistribution).toEqual({ '1': 368, '2': 41, '3': 51, '4': 185, '5': 2344 });
    expect(out.business?.externalId).toBe('55a6146e0000ff00058111ad');
    expect(out.reviews.filter((r) => r.ownerResponse !== null)).toHaveLength(18);
    expect(new Set(out.reviews.map((r) => r.language))).toEqual(new Set(['es', 'it', 'de', 'en', 'nl']));
  });

  it('burgerking.no: first review', () => {
    const f = facts[1].first;
    expect(extractReal('burgerking.no').reviews[0]).toMatchObject({
      rating: f.stars,
      authorName: f.author,
      language: f.language,
      publishedAt: { iso: f.iso, precision: 'exact' },
      ownerResponse: null,
    });
  });

  it('sumeria.eu: star distribution from the csvw Dataset block sums to the count', () => {
    const out = extractReal('sumeria.eu');
    expect(out.business?.starDistribution).toEqual({ '1': 1529, '2': 329, '3': 630, '4': 2423, '5': 11416 });
    const total = Object.values(out.business?.starDistribution ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBe(16327);
    expect(out.business?.categories).toEqual(['Bank']);
  });

  it('next page keeps the crawl parameters and counts up', () => {
    const out = extractReal('twenix.es');
    const next = new URL(out.nextPageUrl!);
    expect(next.pathname).toBe('/review/twenix.es');
    expect(next.searchParams.get('page')).toBe('2');
    expect(next.searchParams.get('sort')).toBe('recency');
  });

  it('returns no next page on the last page', () => {
    const body = readSharedFixture('real-pages/trustpilot/twenix.es.html').replace('"currentPage":1,', '"currentPage":4,');
    const out = trustpilotAdapter.extract(page(`${tp('twenix.es')}?page=4`, body), { crawledAt });
    expect(out.nextPageUrl).toBeNull();
  });

  it.each(facts.map((f) => f.domain))('%s: a truncated copy gives a partial result or an ExtractionError', (domain) => {
    const result = extractTruncated(trustpilotAdapter, tp(domain), readSharedFixture(`real-pages/trustpilot/${domain}.html`), crawledAt);
    if (!(result instanceof ExtractionError)) expect(result.business?.name).toBeTruthy();
  });
});
