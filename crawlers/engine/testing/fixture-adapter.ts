import * as cheerio from 'cheerio';
import { emptyExtraction, emptyReview, ExtractionError, type SourceAdapter } from '../../types';

/**
 * A minimal adapter for the fixture review site (fixture-site.ts), so engine
 * tests exercise crawling and storage without depending on any real site's
 * markup. It behaves like a real adapter: throws ExtractionError for pages it
 * does not understand.
 */
export function createFixtureAdapter(options: { needsBrowser?: boolean; name?: string } = {}): SourceAdapter {
  const name = (options.name ?? 'custom:fixture') as SourceAdapter['name'];
  return {
    name,
    label: 'Fixture site',
    needsBrowser: options.needsBrowser ?? false,
    matches: (url) => url.hostname === '127.0.0.1',
    startUrl: (u) => u,
    extract(page) {
      const $ = cheerio.load(page.body);
      const list = $('#reviews');
      if (list.length === 0) throw new ExtractionError('no #reviews list on the page', name, page.url);
      const out = emptyExtraction(name, page.url);
      const biz = $('#business');
      if (biz.length) {
        out.business = {
          name: biz.find('.name').text().trim() || null,
          aggregateRating: Number(biz.attr('data-rating')) || null,
          ratingScale: 5,
          reviewCount: Number(biz.attr('data-count')) || null,
          starDistribution: null,
          address: null,
          categories: [],
          externalId: null,
        };
      }
      list.find('.review').each((i, el) => {
        const r = $(el);
        const text = r.find('.text').text().trim();
        if (!r.find('.author').length) throw new ExtractionError(`review ${i + 1} has no author block (malformed page)`, name, page.url);
        const date = r.find('time').attr('datetime');
        const response = r.find('.response').text().trim();
        out.reviews.push({
          ...emptyReview(Number(r.attr('data-scale')) || 5),
          externalId: r.attr('data-id') ?? null,
          rating: r.attr('data-rating') ? Number(r.attr('data-rating')) : null,
          title: r.find('.title').text().trim() || null,
          text: text || null,
          authorName: r.find('.author').text().trim() || null,
          publishedAt: date ? { iso: new Date(date).toISOString(), precision: 'day' } : null,
          ownerResponse: response ? { text: response, respondedAt: null } : null,
          employees: r
            .find('.employee')
            .map((_, e) => ({ name: $(e).text().trim(), rating: null, ratingScale: 5, profileUrl: null, externalId: null }))
            .get(),
        });
      });
      const next = $('a[rel=next]').attr('href');
      out.nextPageUrl = next ? new URL(next, page.url).toString() : null;
      return out;
    },
  };
}
