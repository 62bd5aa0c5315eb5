import { describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageExtraction } from '../types';
import { extractTruncated, page, readOwnFixture } from './__fixtures__/helpers';
import { dealerraterAdapter } from './dealerrater';

const crawledAt = new Date('2022-01-30T12:00:00Z');
const DEALER = 'https://www.dealerrater.com/dealer/McKaig-Chevrolet-Buick-A-Dealer-For-The-People';
const LIST = `${DEALER}-dealer-reviews-23685/`;
const LANDING = `${DEALER}-review-23685/`;
const real = (file: string, url: string): PageExtraction =>
  dealerraterAdapter.extract(page(url, readSharedFixture(`real-pages/dealerrater/${file}`)), { crawledAt });

describe('dealerraterAdapter URLs', () => {
  it('matches dealer and salesperson pages only', () => {
    expect(dealerraterAdapter.matches(new URL(LIST))).toBe(true);
    expect(dealerraterAdapter.matches(new URL(LANDING))).toBe(true);
    expect(dealerraterAdapter.matches(new URL('https://www.dealerrater.com/sales/Mike-Lambert-review-54375/'))).toBe(true);
    expect(dealerraterAdapter.matches(new URL('https://www.dealerrater.com/directory/'))).toBe(false);
    expect(dealerraterAdapter.matches(new URL('https://example.com/dealer/X-review-1/'))).toBe(false);
  });

  it('starts at the full, newest-first review list', () => {
    expect(dealerraterAdapter.startUrl(LANDING)).toBe(LIST);
    expect(dealerraterAdapter.startUrl(`${LIST}page7/#link`)).toBe(LIST);
    expect(dealerraterAdapter.startUrl('https://www.dealerrater.com/sales/Mike-Lambert-review-54375/page2/')).toBe('https://www.dealerrater.com/sales/Mike-Lambert-review-54375/');
  });
});

describe('dealerraterAdapter on a salesperson page (own fictional fixture)', () => {
  const url = 'https://www.dealerrater.com/sales/Dana-Ortiz-review-900001/';
  const out = dealerraterAdapter.extract(page(url, readOwnFixture('dealerrater-salesperson.html')), { crawledAt: new Date('2024-06-01T00:00:00Z') });

  it('describes the person, not the dealership, as the business', () => {
    expect(out.business).toEqual({
      name: 'Dana Ortiz',
      aggregateRating: 4.8,
      ratingScale: 5,
      reviewCount: 57,
      starDistribution: null,
      address: null,
      categories: [],
      externalId: '900001',
    });
  });

  it('reads the review entries like a dealer page', () => {
    expect(out.reviews.map((r) => r.externalId)).toEqual(['7000002', '7000001', '7000000']);
    expect(out.reviews[0]).toEqual({
      externalId: '7000002',
      rating: 4,
      ratingScale: 5,
      title: 'Dana found us a hatchback in one',
      text: 'Dana found us a hatchback in one afternoon.\nPaperwork took a while but she kept us posted 🚗',
      language: null,
      translatedText: null,
      translatedLanguage: null,
      authorName: 'paperclip_fan',
      publishedAt: { iso: '2024-03-03T00:00:00.000Z', precision: 'day', raw: 'March 3, 2024' },
      ownerResponse: {
        text: 'Thank you for the kind words, and sorry about the wait on paperwork.',
        respondedAt: { iso: '2024-03-05T00:00:00.000Z', precision: 'day', raw: 'Mar 5, 2024' },
      },
      employees: [
        { name: 'Dana Ortiz', rating: 4.8, ratingScale: 5, profileUrl: url, externalId: '900001' },
        { name: 'Sam Okafor', rating: 4.5, ratingScale: 5, profileUrl: 'https://www.dealerrater.com/sales/Sam-Okafor-review-900002/', externalId: '900002' },
      ],
      subRatings: { 'customer service': 5, pricing: 3 },
      url: 'https://www.dealerrater.com/consumer/social/7000002',
      extra: { visitType: 'SALES VISIT - NEW', titleIsLeadIn: true, recommendDealer: false, responseAuthor: 'Harbor Auto North' },
    });
  });

  it('does not repeat a real title that the body already starts with', () => {
    expect(out.reviews[1]).toMatchObject({ title: 'Fine.', text: 'Fine. Nothing special either way.', rating: 3, employees: [], extra: {} });
  });

  it('keeps an undated, unrated entry and says so', () => {
    expect(out.reviews[2]).toMatchObject({ rating: null, publishedAt: null, text: 'Undated, unrated entry.' });
    expect(out.warnings).toEqual(['review 3 (7000000) has no readable date', 'review 3 (7000000) has no star rating']);
    expect(out.nextPageUrl).toBe(`${url}page2/`);
  });
});

describe('dealerraterAdapter on pages it does not understand', () => {
  it('throws ExtractionError', () => {
    expect(() => dealerraterAdapter.extract(page(LIST, '<html><body><p>Maintenance</p></body></html>'), { crawledAt })).toThrow(ExtractionError);
  });
});

describeWithSharedFixtures('dealerraterAdapter on real pages', () => {
  it('page 1: dealer, 10 reviews Jan 27 → Jan 15, 2022, all 5.0', () => {
    const out = real('dealer-reviews-page1.html', LIST);
    expect(out.business).toMatchObject({
      name: 'McKaig Chevrolet Buick - A Dealer For The People',
      aggregateRating: 4.9,
      reviewCount: 2200,
      externalId: '23685',
    });
    expect(out.business?.address).toContain('Gladewater, TX');
    expect(out.reviews).toHaveLength(10);
    expect(out.reviews.every((r) => r.rating === 5 && r.ratingScale === 5)).toBe(true);
    expect(out.reviews.every((r) => r.publishedAt?.precision === 'day')).toBe(true);
    expect(out.reviews[0]?.publishedAt?.iso).toBe('2022-01-27T00:00:00.000Z');
    expect(out.reviews[9]?.publishedAt?.iso).toBe('2022-01-15T00:00:00.000Z');
    expect(out.reviews.every((r) => r.employees.length > 0)).toBe(true);
    expect(out.nextPageUrl).toBe(`${LIST}page2/`);
    expect(out.warnings).toEqual([]);
  });

  it('page 1: first review', () => {
    const first = real('dealer-reviews-page1.html', LIST).reviews[0]!;
    expect(first).toMatchObject({
      externalId: '9110438',
      rating: 5,
      authorName: 'johnkim2005webb',
      publishedAt: { iso: '2022-01-27T00:00:00.000Z', precision: 'day', raw: 'January 27, 2022' },
      extra: { visitType: 'SALES VISIT - USED', recommendDealer: true },
      subRatings: { 'customer service': 5, friendliness: 5, pricing: 5, 'overall experience': 5 },
      url: 'https://www.dealerrater.com/consumer/social/9110438',
    });
    expect(first.employees).toEqual([
      {
        name: 'Adrian "AyyDee" Cortes',
        rating: 5,
        ratingScale: 5,
        profileUrl: 'https://www.dealerrater.com/sales/Adrian-AyyDee-Cortes-review-273456/',
        externalId: '273456',
      },
    ]);
    expect(first.text?.startsWith(first.title!)).toBe(true);
    expect(first.text?.length).toBeGreaterThan(first.title!.length);
  });

  it('page 1: fifth review (January 17) tags Kent Abernathy, Adrian "AyyDee" Cortes, Mike Lambert, Kyre Lewis, Kristina Manning first', () => {
    const fifth = real('dealer-reviews-page1.html', LIST).reviews[4]!;
    expect(fifth.publishedAt?.iso).toBe('2022-01-17T00:00:00.000Z');
    const names = fifth.employees.map((e) => e.name);
    expect(names.slice(0, 5)).toEqual(['Kent Abernathy', 'Adrian "AyyDee" Cortes', 'Mike Lambert', 'Kyre Lewis', 'Kristina Manning']);
    // The saved page tags four more after those five (all linked, all 5.0).
    expect(names).toHaveLength(9);
    expect(fifth.employees.find((e) => e.name === 'Mike Lambert')).toMatchObject({ externalId: '54375', rating: 5, profileUrl: 'https://www.dealerrater.com/sales/Mike-Lambert-review-54375/' });
  });

  it('page 2: 10 reviews Jan 10, 2022 → Dec 11, 2021; two tag no employee; an owner response', () => {
    const out = real('dealer-reviews-page2.html', `${LIST}page2/`);
    expect(out.reviews).toHaveLength(10);
    expect(out.reviews[0]?.publishedAt?.iso).toBe('2022-01-10T00:00:00.000Z');
    expect(out.reviews[9]?.publishedAt?.iso).toBe('2021-12-11T00:00:00.000Z');
    const untagged = out.reviews.filter((r) => r.employees.length === 0);
    expect(untagged.map((r) => r.externalId)).toEqual(['8978344', '8909370']);
    // Names typed without a profile link are kept apart from the site's tags.
    expect(untagged[1]?.extra['untaggedEmployees']).toEqual([expect.stringMatching(/^\S+ \S+$/)]);
    const answered = out.reviews.filter((r) => r.ownerResponse !== null);
    expect(answered).toHaveLength(1);
    expect(answered[0]?.ownerResponse?.respondedAt).toEqual({ iso: '2021-12-18T00:00:00.000Z', precision: 'day', raw: 'Dec 18, 2021' });
    expect(answered[0]?.ownerResponse?.text.length).toBeGreaterThan(20);
    expect(answered[0]?.extra['responseAuthor']).toBe('McKaig Chevrolet Buick - A Dealer For The People');
    expect(out.nextPageUrl).toBe(`${LIST}page3/`);
  });

  it('landing page: dealer facts, employee profiles, no snippet reviews, continues on the full list', () => {
    const out = real('dealer-landing.html', LANDING);
    expect(out.business).toMatchObject({ name: 'McKaig Chevrolet Buick - A Dealer For The People', aggregateRating: 4.9, reviewCount: 2200, externalId: '23685' });
    expect(out.business?.address).toContain('Gladewater, TX');
    expect(out.reviews).toEqual([]);
    expect(out.nextPageUrl).toBe(LIST);
    expect(out.warnings.join(' ')).toMatch(/review snippets only/);
    expect(out.profiles[0]).toEqual({
      name: 'Adrian "AyyDee" Cortes',
      aggregateRating: 5,
      ratingScale: 5,
      reviewCount: 423,
      profileUrl: 'https://www.dealerrater.com/sales/Adrian-AyyDee-Cortes-review-273456/',
      externalId: '273456',
    });
    expect(out.profiles.length).toBeGreaterThan(1);
    expect(new Set(out.profiles.map((p) => p.externalId)).size).toBe(out.profiles.length);
  });

  it.each([
    ['dealer-reviews-page1.html', LIST],
    ['dealer-reviews-page2.html', `${LIST}page2/`],
    ['dealer-landing.html', LANDING],
  ])('%s: a truncated copy gives a partial result or an ExtractionError', (file, url) => {
    const result = extractTruncated(dealerraterAdapter, url, readSharedFixture(`real-pages/dealerrater/${file}`), crawledAt);
    if (!(result instanceof ExtractionError) && result.reviews.length > 0) {
      expect(result.reviews[0]?.externalId).toMatch(/^\d+$/);
    }
  });
});
