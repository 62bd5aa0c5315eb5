import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageInput } from '../types';
import { googleMapsAdapter, parseGooglePlace, parseGoogleReviews } from './google-maps';
import { at, parseGoogleJson, stripXssi } from './google-maps/arrays';
import { extractAppInitializationState } from './google-maps/app-state';

const crawledAt = new Date('2026-05-01T12:00:00Z');
const ctx = { crawledAt };
const placeUrl = 'https://www.google.com/maps/place/Kipriakon/@34.67,33.04,17z?hl=en';

/** A Maps HTML page the way the browser renders it: the place payload is a `)]}'`-prefixed string inside the state. */
function mapsHtml(placePayload: string): string {
  const state = [[['fictional']], [null, null, null, null, null, `)]}'\n${placePayload}`]];
  return `<!doctype html><html><head><title>Kipriakon - Google Maps</title></head><body><div id="app"></div>
<script>window.APP_INITIALIZATION_STATE=${JSON.stringify(state)};window.APP_FLAGS=[1];</script></body></html>`;
}

function page(body: string, captured?: PageInput['captured']): PageInput {
  return { url: placeUrl, body, status: 200, contentType: 'text/html', captured };
}

describe('positional array helpers', () => {
  it('at() reads nested positions and never throws', () => {
    const data = [1, [2, [3, 'x']], null];
    expect(at(data, 1, 1, 1)).toBe('x');
    expect(at(data, 2, 0, 5)).toBeUndefined();
    expect(at('not an array', 0)).toBeUndefined();
    expect(at(data, 9)).toBeUndefined();
  });

  it('strips the XSSI prefix and reads chunked RPC framing', () => {
    expect(stripXssi(")]}'\n[1,2]")).toBe('[1,2]');
    expect(parseGoogleJson(")]}'\n[[1],2]")).toEqual([[[1], 2]]);
    expect(parseGoogleJson(")]}'\n\n25\n[[\"wrb.fr\",\"x\",null]]\n10\n[[\"e\",4]]")).toEqual([[['wrb.fr', 'x', null]], [['e', 4]]]);
    expect(parseGoogleJson('<html>not json</html>')).toEqual([]);
  });

  it('cuts APP_INITIALIZATION_STATE out even when strings contain brackets and semicolons', () => {
    const html = `<script>x=1;window.APP_INITIALIZATION_STATE=[["a];b",{"k":"]"}],null];y=[2];</script>`;
    expect(extractAppInitializationState(html)).toEqual([[['a];b', { k: ']' }], null]]);
  });
});

describe('Google Maps relative dates and fallbacks (own fixtures)', () => {
  // A review in the RPC layout with no timestamp, only the relative text (fictional data).
  const review = [
    'FictionalReviewId0001',
    ['0x0:0x1234abcd', null, null, null, [null, null, null, null, null, ['Pat Example']], null, '3 weeks ago'],
    [[4], null, null, null, null, null, null, null, null, null, null, null, null, null, ['en'], [['Friendly staff, slow kitchen.', null, [0, 28]]]],
    [],
  ];

  it('resolves "3 weeks ago" against the crawl time as an approximate date', () => {
    const [r] = parseGoogleReviews([[review, null, 'cursor']], { crawledAt });
    expect(r?.publishedAt?.precision).toBe('approximate');
    expect(r?.publishedAt?.raw).toBe('3 weeks ago');
    expect(r?.publishedAt?.iso).toBe('2026-04-10T00:00:00.000Z');
    expect(r?.rating).toBe(4);
    expect(r?.text).toBe('Friendly staff, slow kitchen.');
    expect(r?.authorName).toBe('Pat Example');
  });

  it('gives no date for relative text without a crawl time; the adapter always has one', () => {
    expect(parseGoogleReviews([[review]])[0]?.publishedAt).toBeNull();
    const out = googleMapsAdapter.extract(page('<html><body></body></html>', [{ url: 'rpc', body: JSON.stringify([[review]]) }]), ctx);
    expect(out.reviews).toHaveLength(1);
    expect(out.reviews[0]?.publishedAt?.precision).toBe('approximate');
    expect(out.business).toBeNull();
    expect(out.warnings.some((w) => w.includes('place data not found'))).toBe(true);
  });

  it('throws ExtractionError on a page with neither place data nor reviews', () => {
    expect(() => googleMapsAdapter.extract(page('<html><body><p>Some other page</p></body></html>'), ctx)).toThrow(ExtractionError);
  });

  it('reports a consent wall instead of throwing', () => {
    const consent = `<html><head><title>Before you continue to Google Maps</title></head><body>
      <form action="https://consent.google.com/save"><button>Accept all</button></form></body></html>`;
    expect(googleMapsAdapter.extract(page(consent), ctx).blocked?.reason).toBe('consent-wall');
  });
});

describe('googleMapsAdapter URL handling', () => {
  it('matches Google Maps place URLs only', () => {
    expect(googleMapsAdapter.matches(new URL('https://www.google.com/maps/place/Kipriakon/@34.6,33.0,17z'))).toBe(true);
    expect(googleMapsAdapter.matches(new URL('https://www.google.com.cy/maps/place/X'))).toBe(true);
    expect(googleMapsAdapter.matches(new URL('https://www.google.com/search?q=kipriakon'))).toBe(false);
    expect(googleMapsAdapter.matches(new URL('https://www.yelp.com/biz/x'))).toBe(false);
    expect(googleMapsAdapter.needsBrowser).toBe(true);
  });

  it('startUrl pins the interface language so relative dates are English', () => {
    expect(new URL(googleMapsAdapter.startUrl('https://www.google.com/maps/place/X?hl=de')).searchParams.get('hl')).toBe('en');
  });
});

describeWithSharedFixtures('Google Maps real data (shared fixtures)', () => {
  const raw = () => readSharedFixture('real-pages/google-maps/raw.json');
  const withReply = () => readSharedFixture('real-pages/google-maps/review_native_with_reply.json');
  const noText = () => readSharedFixture('real-pages/google-maps/review_native_no_text.json');

  it('parseGooglePlace reads Kipriakon: 396 reviews, 4.2, per-star counts', () => {
    const place = parseGooglePlace(JSON.parse(raw()), { crawledAt });
    expect(place?.business.name).toBe('Kipriakon');
    expect(place?.business.reviewCount).toBe(396);
    expect(place?.business.aggregateRating).toBe(4.2);
    expect(place?.business.starDistribution).toEqual({ '1': 37, '2': 16, '3': 27, '4': 60, '5': 256 });
    expect(place?.business.address).toContain('Limassol');
    expect(place?.business.categories).toContain('Restaurant');
    expect(place?.business.externalId).toMatch(/^ChIJ/);
    expect(place?.featureId).toMatch(/^0x[0-9a-f]+:0x[0-9a-f]+$/);
  });

  it('parseGooglePlace also reads the reviews embedded with the place, de-duplicated', () => {
    const place = parseGooglePlace(JSON.parse(raw()), { crawledAt })!;
    const ids = place.reviews.map((r) => r.externalId);
    expect(place.reviews.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of place.reviews) expect(r.publishedAt?.precision).toBe('exact');
    expect(place.reviews.some((r) => r.subRatings.food !== undefined)).toBe(true);
  });

  it('parseGoogleReviews maps the review with translation and owner reply', () => {
    const json = JSON.parse(withReply());
    const [review, ...rest] = parseGoogleReviews(json);
    expect(rest).toHaveLength(0);
    expect(review?.rating).toBe(1);
    expect(review?.ratingScale).toBe(5);
    expect(review?.language).toBe('de');
    expect(review?.authorName).toBe('E. Ö.');
    // Original and translation are both kept, and are different texts.
    expect(review?.text?.length).toBeGreaterThan(100);
    expect(review?.translatedLanguage).toBe('en');
    expect(review?.translatedText?.length).toBeGreaterThan(100);
    expect(review?.translatedText).not.toBe(review?.text);
    // The microsecond timestamp becomes an exact date.
    const micros = at(json, 0, 0, 1, 2) as number;
    expect(review?.publishedAt).toEqual({ iso: new Date(Math.floor(micros / 1000)).toISOString(), precision: 'exact' });
    expect(review?.ownerResponse?.text.length).toBeGreaterThan(100);
    expect(review?.ownerResponse?.respondedAt?.precision).toBe('exact');
    expect(review!.ownerResponse!.respondedAt!.iso > review!.publishedAt!.iso).toBe(true);
    expect(review?.externalId).toBe(at(json, 0, 0, 0));
    expect(review?.url).toMatch(/^https:\/\/www\.google\.com\/maps\/reviews\//);
  });

  it('keeps a rating-only review with null text', () => {
    const reviews = parseGoogleReviews(JSON.parse(noText()));
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.rating).toBe(5);
    expect(reviews[0]?.text).toBeNull();
    expect(reviews[0]?.translatedText).toBeNull();
    expect(reviews[0]?.ownerResponse).toBeNull();
    expect(reviews[0]?.publishedAt?.precision).toBe('exact');
  });

  it('extract combines HTML place data with captured RPC responses (XSSI-prefixed), newest first', () => {
    const out = googleMapsAdapter.extract(
      page(mapsHtml(raw()), [
        { url: 'https://www.google.com/maps/rpc/listugcposts?a', body: `)]}'\n${withReply()}` },
        { url: 'https://www.google.com/maps/rpc/listugcposts?b', body: `)]}'\n${noText()}` },
        { url: 'https://www.google.com/log', body: 'ok' },
      ]),
      ctx,
    );
    expect(out.source).toBe('google-maps');
    expect(out.blocked).toBeNull();
    expect(out.business?.name).toBe('Kipriakon');
    expect(out.business?.reviewCount).toBe(396);
    expect(out.reviews.map((r) => r.authorName)).toEqual(expect.arrayContaining(['E. Ö.']));
    expect(out.reviews.find((r) => r.rating === 5 && r.text === null)).toBeDefined();
    const dates = out.reviews.map((r) => r.publishedAt!.iso);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(out.nextPageUrl).toBeNull();
  });

  it('extract reads the review responses alone, as the engine hands them while scrolling (no page body yet)', () => {
    const out = googleMapsAdapter.extract(
      page('', [
        { url: 'https://www.google.com/maps/rpc/listugcposts?a', body: `)]}'\n${withReply()}` },
        { url: 'https://www.google.com/maps/rpc/listugcposts?b', body: `)]}'\n${noText()}` },
      ]),
      ctx,
    );
    expect(out.reviews).toHaveLength(2);
    expect(out.reviews.every((r) => r.externalId)).toBe(true);
    expect(out.business).toBeNull();
  });

  it('extract reads a plain JSON body (a stored place payload)', () => {
    const out = googleMapsAdapter.extract({ ...page(raw()), contentType: 'application/json' }, ctx);
    expect(out.business?.aggregateRating).toBe(4.2);
  });
});
