import { describe, expect, it } from 'vitest';
import { changedFields, cleanReviewText, contentHash, normaliseRating, reviewFingerprint } from './index';

describe('normaliseRating', () => {
  it('keeps 5-star ratings and maps other scales onto 1..5', () => {
    expect(normaliseRating(4, 5)).toBe(4);
    expect(normaliseRating(10, 10)).toBe(5);
    expect(normaliseRating(1, 10)).toBe(1);
    expect(normaliseRating(100, 100)).toBe(5);
    expect(normaliseRating(50, 100)).toBe(3);
    expect(normaliseRating(1, 1)).toBe(5);
    expect(normaliseRating(0, 1)).toBe(1);
  });
  it('returns null for missing ratings and clamps out-of-range ones', () => {
    expect(normaliseRating(null, 5)).toBeNull();
    expect(normaliseRating(Number.NaN, 5)).toBeNull();
    expect(normaliseRating(7, 5)).toBe(5);
    expect(normaliseRating(0, 5)).toBe(1);
  });
});

describe('reviewFingerprint', () => {
  const base = { authorName: 'José P.', publishedAt: { iso: '2026-03-04T15:00:00.000Z', precision: 'exact' as const }, text: 'Great service!' };
  it('is stable across time of day, case, punctuation and spacing', () => {
    const fp = reviewFingerprint(base);
    expect(fp).toMatch(/^fp:[0-9a-f]{40}$/);
    expect(reviewFingerprint({ ...base, publishedAt: { iso: '2026-03-04T09:00:00.000Z', precision: 'day' }, text: '  great   SERVICE ' })).toBe(fp);
    expect(reviewFingerprint({ ...base, authorName: 'josé p' })).toBe(fp);
  });
  it('differs for another author, day or text', () => {
    const fp = reviewFingerprint(base);
    expect(reviewFingerprint({ ...base, authorName: 'Ann' })).not.toBe(fp);
    expect(reviewFingerprint({ ...base, publishedAt: { iso: '2026-03-05T00:00:00.000Z', precision: 'day' } })).not.toBe(fp);
    expect(reviewFingerprint({ ...base, text: 'Bad service' })).not.toBe(fp);
  });
  it('leaves relative dates out, since "3 weeks ago" moves with the crawl', () => {
    const a = reviewFingerprint({ ...base, publishedAt: { iso: '2026-03-04T00:00:00.000Z', precision: 'approximate', raw: '3 weeks ago' } });
    const b = reviewFingerprint({ ...base, publishedAt: { iso: '2026-03-11T00:00:00.000Z', precision: 'approximate', raw: '3 weeks ago' } });
    expect(a).toBe(b);
  });
});

describe('contentHash and changedFields', () => {
  const v1 = { rating: 4, title: 'Good', text: 'Fine visit', ownerResponseText: null };
  it('changes with rating, title, text or owner response, and only those', () => {
    const h = contentHash(v1);
    expect(contentHash({ ...v1 })).toBe(h);
    for (const change of [{ rating: 3 }, { title: 'Great' }, { text: 'Fine' }, { ownerResponseText: 'Thanks!' }]) expect(contentHash({ ...v1, ...change })).not.toBe(h);
    expect(changedFields(v1, { ...v1, rating: 2, ownerResponseText: 'Sorry' })).toEqual(['rating', 'owner_response_text']);
  });
  it('cleanReviewText trims and collapses whitespace but keeps paragraphs', () => {
    expect(cleanReviewText('  Hello   world \r\n\r\n\r\n Bye ')).toBe('Hello world\n\nBye');
    expect(cleanReviewText('   ')).toBeNull();
  });
});
