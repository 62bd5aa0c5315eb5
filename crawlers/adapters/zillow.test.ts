import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageInput } from '../types';
import { zillowAdapter } from './zillow';

const ctx = { crawledAt: new Date('2024-06-01T00:00:00Z') };
const page = (url: string, body: string): PageInput => ({ url, body, status: 200, contentType: 'text/html' });
const ownFixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('zillowAdapter on an agent profile page (own fictional fixture)', () => {
  const url = 'https://www.zillow.com/profile/dana-whitfield-fictional/';
  const out = () => zillowAdapter.extract(page(url, ownFixture('zillow-profile.html')), ctx);

  it('makes the agent the business', () => {
    expect(out().business).toEqual({
      name: 'Dana Whitfield',
      aggregateRating: 4.7,
      ratingScale: 5,
      reviewCount: 4,
      starDistribution: null,
      address: '12 Example Street, Springfield, ZZ 00000',
      categories: [],
      externalId: 'X1-ZUfictional_0001',
    });
    expect(out().profiles).toEqual([]);
  });

  it('maps reviews with id, rating, text, date, reviewer, sub-ratings and reply', () => {
    const [first, second, third] = out().reviews;
    expect(first).toMatchObject({
      externalId: '900001',
      rating: 5,
      authorName: 'homebuyer-ty',
      text: 'Dana knew every street in the neighbourhood and kept us calm through two counter-offers.',
      subRatings: { 'local knowledge': 5, 'process expertise': 5, responsiveness: 4, 'negotiation skills': 5 },
    });
    expect(first?.publishedAt).toEqual({ iso: '2024-05-14T15:20:00.000Z', precision: 'exact', raw: '2024-05-14T15:20:00Z' });
    expect(first?.ownerResponse).toEqual({
      text: 'Thank you, Ty & family! Enjoy the new porch.',
      respondedAt: { iso: '2024-05-16T00:00:00.000Z', precision: 'day', raw: '2024-05-16' },
    });
    expect(first?.extra.workDescription).toMatch(/^Bought a single family home/);
    // Sub-ratings given as a camelCase map are named the same way.
    expect(second?.subRatings).toEqual({ 'local knowledge': 4, 'process expertise': 3, responsiveness: 5, 'negotiation skills': 4 });
    expect(second?.publishedAt?.precision).toBe('day');
    // A rating-only review is kept with null text; US-style dates are month first.
    expect(third).toMatchObject({ externalId: '900003', rating: 5, text: null, subRatings: {} });
    expect(third?.publishedAt?.iso).toBe('2023-11-20T00:00:00.000Z');
  });

  it('warns that the profile has more reviews than the page holds', () => {
    expect(out().warnings.join(' ')).toMatch(/reports 4 reviews, the page holds 3/);
    expect(out().nextPageUrl).toBeNull();
  });
});

describe('zillowAdapter edge cases', () => {
  it('throws when there is no __NEXT_DATA__ and the page is not a block page', () => {
    expect(() => zillowAdapter.extract(page('https://www.zillow.com/profile/x/', '<html><body>Hi</body></html>'), ctx)).toThrow(ExtractionError);
  });

  it('reports the PerimeterX challenge as a captcha', () => {
    const px = `<html><head><title>Access to this page has been denied</title></head><body>
      <h1>Press &amp; Hold to confirm you are a human (and not a bot).</h1><div id="px-captcha"></div></body></html>`;
    expect(zillowAdapter.extract(page('https://www.zillow.com/profile/x/', px), ctx).blocked?.reason).toBe('captcha');
  });

  it('matches agent profile and directory URLs', () => {
    expect(zillowAdapter.matches(new URL('https://www.zillow.com/profile/Vincent-Koo'))).toBe(true);
    expect(zillowAdapter.matches(new URL('https://www.zillow.com/professionals/real-estate-agent-reviews/new-york-ny/'))).toBe(true);
    expect(zillowAdapter.matches(new URL('https://www.zillow.com/homedetails/1-Main-St/123_zpid/'))).toBe(false);
  });
});

describeWithSharedFixtures('zillowAdapter on the saved New York agent directory', () => {
  const url = 'https://www.zillow.com/professionals/real-estate-agent-reviews/new-york-ny/';
  const out = () => zillowAdapter.extract(page(url, readSharedFixture('real-pages/zillow/agent-directory-new-york.html')), ctx);

  it('lists the 5 agent cards as profiles with average, count and profile URL', () => {
    const { profiles, reviews, business, blocked } = out();
    expect(blocked).toBeNull();
    expect(reviews).toEqual([]);
    expect(business).toBeNull();
    expect(profiles).toHaveLength(5);
    for (const p of profiles) {
      expect(p.aggregateRating).toBeGreaterThan(0);
      expect(p.reviewCount).toBeGreaterThan(0);
      expect(p.profileUrl).toMatch(/^https:\/\/www\.zillow\.com\/profile\//);
      expect(p.ratingScale).toBe(5);
    }
  });

  it('reads REMAX EDGE 5.0 (2531) and Vincent Koo 4.9 (749)', () => {
    const byName = new Map(out().profiles.map((p) => [p.name, p]));
    expect(byName.get('REMAX EDGE')).toMatchObject({ aggregateRating: 5, reviewCount: 2531, profileUrl: 'https://www.zillow.com/profile/REMAX-EDGE' });
    expect(byName.get('Vincent Koo')).toMatchObject({ aggregateRating: 4.9, reviewCount: 749, profileUrl: 'https://www.zillow.com/profile/Vincent-Koo' });
  });
});
