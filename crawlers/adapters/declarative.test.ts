import { describe, expect, it } from 'vitest';
import { ExtractionError } from '../types';
import { extractTruncated, page } from './__fixtures__/helpers';
import { createDeclarativeAdapter, declarativeSiteSchema, type DeclarativeSiteInput } from './declarative';

const crawledAt = new Date('2024-06-20T12:00:00Z');

// A fictional review directory, written for this test.
const DIRECTORY = `<!DOCTYPE html><html><body>
  <h1 class="biz">Harbor Auto North</h1>
  <div class="summary"><span class="avg">4.3</span> from <span class="count">1,024 reviews</span></div>
  <article class="review" data-id="rv-3">
    <span class="stars" data-rating="5"></span>
    <h3>Great trade-in</h3>
    <span class="author">Kim P.</span>
    <time datetime="2024-06-18T09:30:00Z">2 days ago</time>
    <div class="body"><p>Fast and fair.</p><p>Would return 😀</p></div>
    <div class="reply">Thanks Kim!</div>
  </article>
  <article class="review" data-id="rv-2">
    <span class="stars" data-rating="2"></span>
    <span class="author">Lou</span>
    <time>3 weeks ago</time>
    <div class="body">Waited an hour.</div>
  </article>
  <article class="review" data-id="rv-1">
    <span class="stars" data-rating="4"></span>
    <span class="author">Sam</span>
    <time>04.03.2024</time>
  </article>
  <a class="next" href="/harbor-auto-north/reviews?page=2">Older</a>
</body></html>`;

const site: DeclarativeSiteInput = {
  key: 'local-directory',
  label: 'Local Directory',
  urlPattern: '^https://directory\\.example/',
  selectors: {
    review: 'article.review',
    rating: '.stars',
    ratingFrom: 'data-rating',
    date: 'time',
    dateFormat: 'dd.MM.yyyy',
    author: '.author',
    title: 'h3',
    text: '.body',
    reviewId: ':scope',
    reviewIdFrom: 'data-id',
    ownerResponse: '.reply',
    nextPage: 'a.next',
    aggregateRating: '.avg',
    reviewCount: '.count',
    businessName: 'h1.biz',
  },
};

describe('declarativeSiteSchema', () => {
  it('accepts the example from config/repwatch.example.yaml and applies defaults', () => {
    const parsed = declarativeSiteSchema.parse({
      key: 'local-directory',
      label: 'Local Directory',
      selectors: { review: '.review', rating: '.stars', ratingFrom: 'data-rating', author: '.author', date: 'time', text: '.body', nextPage: 'a.next' },
    });
    expect(parsed.needsBrowser).toBe(false);
    expect(parsed.selectors.ratingScale).toBe(5);
    expect(parsed.selectors.reviewIdFrom).toBe('text');
  });

  it('rejects an invalid regex, with the path of the field', () => {
    const result = declarativeSiteSchema.safeParse({ ...site, urlPattern: '^https://(broken' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['urlPattern'], message: 'not a valid regular expression' });
    const pattern = declarativeSiteSchema.safeParse({ ...site, selectors: { ...site.selectors, ratingPattern: '([0-9' } });
    expect(pattern.error?.issues[0]?.path).toEqual(['selectors', 'ratingPattern']);
  });

  it('rejects an invalid CSS selector, a missing required selector, and unknown keys', () => {
    expect(declarativeSiteSchema.safeParse({ ...site, selectors: { ...site.selectors, review: 'div[' } }).error?.issues[0]).toMatchObject({
      path: ['selectors', 'review'],
      message: 'not a valid CSS selector',
    });
    const { rating: _rating, ...noRating } = site.selectors;
    expect(declarativeSiteSchema.safeParse({ ...site, selectors: noRating }).error?.issues[0]?.path).toEqual(['selectors', 'rating']);
    expect(declarativeSiteSchema.safeParse({ ...site, selectors: { ...site.selectors, raiting: '.x' } }).success).toBe(false);
    expect(declarativeSiteSchema.safeParse({ ...site, key: 'Has Spaces' }).success).toBe(false);
    expect(declarativeSiteSchema.safeParse({ ...site, selectors: { ...site.selectors, ratingFrom: 'not an attribute' } }).success).toBe(false);
  });

  it('createDeclarativeAdapter throws the zod error for a bad config', () => {
    expect(() => createDeclarativeAdapter({ ...site, urlPattern: '(' })).toThrow(/not a valid regular expression/);
  });
});

describe('createDeclarativeAdapter', () => {
  const adapter = createDeclarativeAdapter(site);
  const out = adapter.extract(page('https://directory.example/harbor-auto-north/reviews', DIRECTORY), { crawledAt });

  it('has a custom: name and matches by urlPattern', () => {
    expect(adapter.name).toBe('custom:local-directory');
    expect(adapter.label).toBe('Local Directory');
    expect(adapter.needsBrowser).toBe(false);
    expect(adapter.matches(new URL('https://directory.example/x'))).toBe(true);
    expect(adapter.matches(new URL('https://other.example/x'))).toBe(false);
    expect(createDeclarativeAdapter({ ...site, urlPattern: undefined }).matches(new URL('https://directory.example/x'))).toBe(false);
  });

  it('reads the business and the next page', () => {
    expect(out.source).toBe('custom:local-directory');
    expect(out.business).toMatchObject({ name: 'Harbor Auto North', aggregateRating: 4.3, reviewCount: 1024, ratingScale: 5 });
    expect(out.nextPageUrl).toBe('https://directory.example/harbor-auto-north/reviews?page=2');
  });

  it('reads every field of a complete review, preferring <time datetime>', () => {
    expect(out.reviews[0]).toMatchObject({
      externalId: 'rv-3',
      rating: 5,
      title: 'Great trade-in',
      authorName: 'Kim P.',
      text: 'Fast and fair.\n\nWould return 😀',
      publishedAt: { iso: '2024-06-18T09:30:00.000Z', precision: 'exact' },
      ownerResponse: { text: 'Thanks Kim!', respondedAt: null },
    });
  });

  it('resolves relative dates against the crawl time and uses the date format hint', () => {
    expect(out.reviews[1]?.publishedAt).toEqual({ iso: '2024-05-30T00:00:00.000Z', precision: 'approximate', raw: '3 weeks ago' });
    expect(out.reviews[2]?.publishedAt).toMatchObject({ iso: '2024-03-04T00:00:00.000Z', precision: 'day' });
  });

  it('warns, without failing, when an optional selector matches nothing', () => {
    expect(out.reviews).toHaveLength(3);
    expect(out.reviews[2]).toMatchObject({ title: null, text: null, rating: 4 });
    expect(out.warnings).toEqual([
      'selector for title matched nothing in 2 of 3 review(s)',
      'selector for text matched nothing in 1 of 3 review(s)',
    ]);
  });

  it('reads ratings from text with a pattern or from star glyphs, and warns about a missing rating', () => {
    const html = `<div class="r"><b>Score: 8 of 10</b></div><div class="r"><b>★★★☆☆</b></div><div class="r"><i>no stars</i></div>`;
    const withPattern = createDeclarativeAdapter({ key: 'p', label: 'P', selectors: { review: '.r', rating: 'b', ratingPattern: '(\\d+) of 10', ratingScale: 10 } });
    const a = withPattern.extract(page('https://p.example/', html), { crawledAt });
    expect(a.reviews.map((r) => r.rating)).toEqual([8, null, null]);
    expect(a.reviews[0]?.ratingScale).toBe(10);
    const glyphs = createDeclarativeAdapter({ key: 'g', label: 'G', selectors: { review: '.r', rating: 'b' } });
    const b = glyphs.extract(page('https://g.example/', html), { crawledAt });
    expect(b.reviews.map((r) => r.externalId)).toEqual([null, null, null]);
    expect(b.reviews.map((r) => r.rating)).toEqual([8, 3, null]);
    expect(b.warnings).toContain('review 1: rating 8 is above the scale of 5');
    expect(b.warnings).toContain('review 3: no rating found with "b"');
  });

  it('reads the id from the review element itself when only reviewIdFrom is given', () => {
    const { reviewId: _reviewId, ...selectors } = site.selectors;
    const own = createDeclarativeAdapter({ ...site, selectors });
    const result = own.extract(page('https://directory.example/x', DIRECTORY), { crawledAt });
    expect(result.reviews.map((r) => r.externalId)).toEqual(['rv-3', 'rv-2', 'rv-1']);
  });

  it('throws ExtractionError when nothing on the page matches', () => {
    expect(() => adapter.extract(page('https://directory.example/x', '<html><body><p>Moved</p></body></html>'), { crawledAt })).toThrow(ExtractionError);
  });

  it('gives a partial result on a truncated page', () => {
    const result = extractTruncated(adapter, 'https://directory.example/x', DIRECTORY, crawledAt);
    expect(result).not.toBeInstanceOf(ExtractionError);
  });
});
