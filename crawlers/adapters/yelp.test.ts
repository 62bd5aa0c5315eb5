import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageExtraction, type PageInput } from '../types';
import { yelpAdapter } from './yelp';

const ctx = { crawledAt: new Date('2021-01-15T00:00:00Z') };
const page = (url: string, body: string): PageInput => ({ url, body, status: 200, contentType: 'text/html' });

/** A small fictional page in the 2020 hypernova layout, with an owner reply. */
function hypernovaPage(props: unknown): string {
  const blob = JSON.stringify({ gaConfig: { dimensions: { www: { rating: [114, 3.5] } } }, bizDetailsPageProps: props });
  return `<html><head><title>Copper Kettle Diner - Springfield</title></head><body><div id="root"></div>
<script type="application/json" data-hypernova-key="BizDetailsApp"><!--${blob}--></script></body></html>`;
}

const fictionalProps = {
  businessName: 'Copper Kettle Diner',
  businessId: 'fictional-biz-1',
  bizContactInfoProps: { businessAddress: '1 Example Road<br>Springfield, ZZ 00000' },
  ratingDetailsProps: {
    numReviews: 45,
    ratingHistogram: {
      histogramData: [
        { count: 20, label: '5 stars' },
        { count: 10, label: '4 stars' },
        { count: 5, label: '3 stars' },
        { count: 5, label: '2 stars' },
        { count: 5, label: '1 star' },
      ],
    },
  },
  reviewFeedQueryProps: {
    pagination: { totalResults: 45, resultsPerPage: 20, startResult: 40 },
    reviews: [
      {
        id: 'fictional-review-1',
        rating: 2,
        localizedDate: '1/3/2021',
        comment: { text: 'Cold pancakes &amp;amp; a long wait.<br&gt;Won&amp;#39;t rush back.', language: 'en' },
        user: { markupDisplayName: 'Robin Q.', displayLocation: 'Springfield, ZZ' },
        business: { alias: 'copper-kettle-diner-springfield' },
        businessOwnerReplies: [
          { comment: { text: 'Sorry Robin, we have added a second cook on weekends.', language: 'en' }, localizedDate: '1/5/2021' },
        ],
      },
    ],
  },
};

describe('yelpAdapter (own fixtures)', () => {
  const url = 'https://www.yelp.com/biz/copper-kettle-diner-springfield?sort_by=date_desc&start=40';

  it('maps review, decoded text and owner reply from hypernova props', () => {
    const out = yelpAdapter.extract(page(url, hypernovaPage(fictionalProps)), ctx);
    const [r] = out.reviews;
    expect(r?.externalId).toBe('fictional-review-1');
    expect(r?.rating).toBe(2);
    expect(r?.text).toBe("Cold pancakes & a long wait.\nWon't rush back.");
    expect(r?.authorName).toBe('Robin Q.');
    expect(r?.publishedAt).toEqual({ iso: '2021-01-03T00:00:00.000Z', precision: 'day', raw: '1/3/2021' });
    expect(r?.ownerResponse?.text).toBe('Sorry Robin, we have added a second cook on weekends.');
    expect(r?.ownerResponse?.respondedAt?.iso).toBe('2021-01-05T00:00:00.000Z');
    expect(r?.url).toBe('https://www.yelp.com/biz/copper-kettle-diner-springfield?hrid=fictional-review-1');
    expect(out.business).toMatchObject({ name: 'Copper Kettle Diner', aggregateRating: 3.5, reviewCount: 45, address: '1 Example Road, Springfield, ZZ 00000' });
  });

  it('returns no next page on the last page of the feed', () => {
    expect(yelpAdapter.extract(page(url, hypernovaPage(fictionalProps)), ctx).nextPageUrl).toBeNull();
  });

  it('falls back to the histogram (half-star rounding) when the displayed rating is missing', () => {
    const html = hypernovaPage(fictionalProps).replace('"rating":[114,3.5]', '"other":1');
    const out = yelpAdapter.extract(page(url, html), ctx);
    expect(out.business?.aggregateRating).toBe(4); // 170 stars / 45 reviews = 3.78, shown as 4
    expect(out.warnings.join(' ')).toMatch(/histogram/);
  });

  it('reads apollo-style normalised data with {__ref} links', () => {
    const state = {
      'Business:b1': { __typename: 'Business', encid: 'b1', name: 'Harbor Noodle Bar', rating: 4.5, reviewCount: 12 },
      'User:u1': { displayName: 'Sam T.' },
      'Review:r1': { encid: 'r1', rating: 5, text: { full: 'Broth was &quot;perfect&quot;.', language: 'en' }, createdAt: { utcDateTime: '2020-11-02T18:30:00Z' }, author: { __ref: 'User:u1' } },
    };
    const html = `<html><body><script type="application/json" data-apollo-state="true"><!--${JSON.stringify(state)}--></script></body></html>`;
    const out = yelpAdapter.extract(page('https://www.yelp.com/biz/harbor-noodle-bar', html), ctx);
    expect(out.reviews).toHaveLength(1);
    expect(out.reviews[0]).toMatchObject({ externalId: 'r1', rating: 5, text: 'Broth was "perfect".', authorName: 'Sam T.' });
    expect(out.reviews[0]?.publishedAt).toEqual({ iso: '2020-11-02T18:30:00.000Z', precision: 'exact', raw: '2020-11-02T18:30:00Z' });
    expect(out.business).toMatchObject({ name: 'Harbor Noodle Bar', aggregateRating: 4.5, reviewCount: 12 });
  });

  it('flags a captcha page and throws on an unrelated page', () => {
    const captcha = '<html><head><title>yelp.com</title></head><body><script src="https://geo.captcha-delivery.com/captcha/?x=1"></script><p>Please enable JS</p></body></html>';
    expect(yelpAdapter.extract(page('https://www.yelp.com/biz/x', captcha), ctx).blocked?.reason).toBe('captcha');
    expect(() => yelpAdapter.extract(page('https://www.yelp.com/biz/x', '<html><body><p>Hello</p></body></html>'), ctx)).toThrow(ExtractionError);
  });

  it('matches /biz/ URLs and sorts newest first', () => {
    expect(yelpAdapter.matches(new URL('https://www.yelp.com/biz/thanh-son-tofu-garden-grove-3'))).toBe(true);
    expect(yelpAdapter.matches(new URL('https://www.yelp.ca/biz/some-place'))).toBe(true);
    expect(yelpAdapter.matches(new URL('https://www.yelp.com/search?find_desc=tofu'))).toBe(false);
    const start = new URL(yelpAdapter.startUrl('https://www.yelp.com/biz/x?start=40&hrid=abc'));
    expect(start.searchParams.get('sort_by')).toBe('date_desc');
    expect(start.searchParams.has('start')).toBe(false);
    expect(start.searchParams.has('hrid')).toBe(false);
  });
});

describeWithSharedFixtures('yelpAdapter on the saved Thanh Son Tofu page', () => {
  const url = 'https://www.yelp.com/biz/thanh-son-tofu-garden-grove-3?hrid=fictional-highlight';
  let cached: PageExtraction | undefined;
  // Extracted once: the assertions below only read the result.
  const extract = () => (cached ??= yelpAdapter.extract(page(url, readSharedFixture('real-pages/yelp/thanh-son-tofu-garden-grove.html')), ctx));

  it('finds the 20 reviews of the page and the 106 recommended reviews in total', () => {
    const out = extract();
    expect(out.blocked).toBeNull();
    expect(out.reviews).toHaveLength(20);
    expect(out.business?.reviewCount).toBe(106);
  });

  it('reads the business name and address', () => {
    const b = extract().business;
    expect(b?.name).toBe('Thanh Son Tofu');
    expect(b?.address).toContain('9688 Westminster Ave');
    expect(b?.address).toContain('Garden Grove, CA');
    expect(b?.aggregateRating).toBe(4);
    expect(b?.starDistribution).toEqual({ '1': 16, '2': 2, '3': 7, '4': 19, '5': 62 });
  });

  it('maps every review with id, rating, text, date and author', () => {
    const out = extract();
    const ids = out.reviews.map((r) => r.externalId);
    expect(new Set(ids).size).toBe(20);
    for (const r of out.reviews) {
      expect(r.externalId).toMatch(/^[\w-]{22}$/);
      expect(r.rating).toBeGreaterThanOrEqual(1);
      expect(r.rating).toBeLessThanOrEqual(5);
      expect(r.text && r.text.length).toBeGreaterThan(20);
      expect(r.text).not.toMatch(/&amp;|&#39;|<br/);
      expect(r.publishedAt?.precision).toBe('day');
      expect(r.authorName).toBeTruthy();
      expect(r.language).toBe('en');
    }
    // US-style "M/D/YYYY" dates: all in 2018-2020 for this 2020 snapshot.
    for (const r of out.reviews) expect(r.publishedAt!.iso >= '2018-01-01' && r.publishedAt!.iso < '2021-01-01').toBe(true);
    // <br><br> in the double-escaped JSON becomes a paragraph break.
    expect(out.reviews.some((r) => r.text!.includes('\n\n'))).toBe(true);
    for (const r of out.reviews) expect(r.url).toBe(`https://www.yelp.com/biz/thanh-son-tofu-garden-grove-3?hrid=${r.externalId}`);
  });

  it('points to the next page with start=20', () => {
    const next = new URL(extract().nextPageUrl!);
    expect(next.pathname).toBe('/biz/thanh-son-tofu-garden-grove-3');
    expect(next.searchParams.get('start')).toBe('20');
    expect(next.searchParams.has('hrid')).toBe(false);
  });
});
