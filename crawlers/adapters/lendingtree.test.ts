import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { ExtractionError, type PageExtraction } from '../types';
import { extractTruncated, page } from './__fixtures__/helpers';
import { lendingTreePagination, lendingtreeAdapter } from './lendingtree';
import { loadHtml } from './shared/dom';

const crawledAt = new Date('2019-06-30T00:00:00Z');
const LENDER = 'https://www.lendingtree.com/reviews/personal/first-midwest-bank/52903183';
const NEWEST = 'cmV2aWV3c3VibWl0dGVkX2Rlc2M=';

describe('lendingtreeAdapter URLs', () => {
  it('matches lender review pages', () => {
    expect(lendingtreeAdapter.matches(new URL(LENDER))).toBe(true);
    expect(lendingtreeAdapter.matches(new URL('https://www.lendingtree.com/personal/'))).toBe(false);
    expect(lendingtreeAdapter.matches(new URL('https://lendingtree.example.com/reviews/x'))).toBe(false);
  });

  it('starts at page 1 sorted newest first', () => {
    const url = new URL(lendingtreeAdapter.startUrl(`${LENDER}?pid=12`));
    expect(Buffer.from(url.searchParams.get('sort')!, 'base64').toString()).toBe('reviewsubmitted_desc');
    expect(url.searchParams.get('pid')).toBe('1');
  });
});

describe('lendingtreeAdapter on own markup', () => {
  it('splits "Name from CITY, ST" even without the nested span, and reads a width-only star bar', () => {
    const body = `<div class="mainReviews"><div class="rating-stars-bar" style="width:60%"></div>
      <p class="reviewTitle">Okay</p><p class="reviewText">Slow but fine.</p>
      <p class="consumerName">Ana Maria from EL PASO, TX</p><p class="consumerReviewDate">Reviewed in March 2019</p>
      <input class="reviewId" value="abc"></div>`;
    const out = lendingtreeAdapter.extract(page(LENDER, body), { crawledAt });
    expect(out.reviews[0]).toMatchObject({ rating: 3, authorName: 'Ana Maria', extra: { authorLocation: 'EL PASO, TX' }, publishedAt: { precision: 'month', iso: '2019-03-01T00:00:00.000Z' } });
    expect(out.business).toBeNull();
    expect(out.warnings).toEqual(['no ProfilePage JSON-LD: lender name and aggregate unknown']);
  });

  it('throws ExtractionError on a page with neither reviews nor lender data', () => {
    expect(() => lendingtreeAdapter.extract(page(LENDER, '<html><body>Not found</body></html>'), { crawledAt })).toThrow(ExtractionError);
  });
});

describeWithSharedFixtures('lendingtreeAdapter on real pages', () => {
  // Read in beforeAll, not at collection time: a skipped suite still collects.
  let body1 = '';
  let body2 = '';
  let out1: PageExtraction;
  beforeAll(() => {
    body1 = readSharedFixture('real-pages/lendingtree/first-midwest-page1.html');
    body2 = readSharedFixture('real-pages/lendingtree/first-midwest-page2.html');
    out1 = lendingtreeAdapter.extract(page(LENDER, body1), { crawledAt });
  });

  it('page 1: lender, aggregate 4.9 from 1674', () => {
    expect(out1.business).toEqual({
      name: 'First Midwest Bank',
      aggregateRating: 4.9,
      ratingScale: 5,
      reviewCount: 1674,
      starDistribution: null,
      address: null,
      categories: [],
      externalId: '52903183',
    });
    expect(out1.warnings).toEqual([]);
  });

  it('page 1: 10 reviews with stars, title, text, author, place and a month-precision date', () => {
    expect(out1.reviews).toHaveLength(10);
    for (const r of out1.reviews) {
      expect(r.rating).toBe(5);
      expect(r.ratingScale).toBe(5);
      expect(r.title).toBeTruthy();
      expect(r.text).toBeTruthy();
      expect(r.authorName).toBeTruthy();
      expect(r.authorName).not.toMatch(/ from /);
      expect(r.extra['authorLocation']).toMatch(/^[A-Za-z .'-]+, [A-Z]{2}$/);
      expect(r.externalId).toMatch(/^[0-9a-f]{24}$/);
      expect(r.publishedAt).toEqual({ iso: '2019-06-01T00:00:00.000Z', precision: 'month', raw: 'Reviewed in June 2019' });
    }
    expect(out1.reviews[0]).toMatchObject({
      externalId: '5d0ce75dad0610000102246a',
      extra: { recommended: true, closedWithLender: true, loanType: 'Personal Loan', reviewType: 'Lender Review' },
    });
  });

  it('keeps line breaks of multi-paragraph reviews', () => {
    expect(out1.reviews[1]?.text?.split('\n').length).toBeGreaterThan(2);
  });

  it('pagination: 168 pages, next page URL', () => {
    expect(lendingTreePagination(loadHtml(body1))).toEqual({ currentPage: 1, totalPages: 168 });
    expect(out1.nextPageUrl).toBe(`${LENDER}?sort=${NEWEST}&pid=2`);
  });

  it('the next saved page: 10 reviews and its own next link', () => {
    const out2 = lendingtreeAdapter.extract(page(`${LENDER}?sort=${NEWEST}&pid=8`, body2), { crawledAt });
    expect(out2.reviews).toHaveLength(10);
    expect(out2.business?.reviewCount).toBe(1674);
    expect(lendingTreePagination(loadHtml(body2))).toEqual({ currentPage: 8, totalPages: 168 });
    expect(out2.nextPageUrl).toBe(`${LENDER}?sort=${NEWEST}&pid=9`);
    const ids = new Set([...out1.reviews, ...out2.reviews].map((r) => r.externalId));
    expect(ids.size).toBe(20);
  });

  it.each([['first-midwest-page1.html'], ['first-midwest-page2.html']])('%s: a truncated copy gives a partial result or an ExtractionError', (file) => {
    const result = extractTruncated(lendingtreeAdapter, LENDER, readSharedFixture(`real-pages/lendingtree/${file}`), crawledAt);
    if (!(result instanceof ExtractionError)) expect(result.reviews.length).toBeLessThan(10);
  });
});
