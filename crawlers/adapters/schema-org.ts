/**
 * The generic fallback adapter: any page that describes its reviews with
 * schema.org (JSON-LD, microdata or RDFa). It never claims a URL by itself
 * (`matches` is false); a target chooses it explicitly with `source: schema-org`.
 */
import type { PageExtraction, SourceAdapter } from '../types';
import { emptyExtraction, ExtractionError } from '../types';
import { loadHtml, relNextUrl } from './shared/dom';
import { readStructuredData } from './shared/structured-data';

export const schemaOrgAdapter: SourceAdapter = {
  name: 'schema-org',
  label: 'Schema.org (generic)',
  needsBrowser: false,
  matches: () => false,
  // Generic pages have no known sort parameter: crawl the URL as configured.
  startUrl: (profileUrl) => profileUrl,
  extract(page, ctx): PageExtraction {
    const $ = loadHtml(page.body);
    const data = readStructuredData($, { crawledAt: ctx.crawledAt, pageUrl: page.url });
    if (!data.business && data.reviews.length === 0) {
      const why = data.warnings.length > 0 ? ` (${data.warnings.join('; ')})` : '';
      throw new ExtractionError(`no schema.org Review or AggregateRating found on the page${why}`, 'schema-org', page.url);
    }
    const out = emptyExtraction('schema-org', page.url);
    out.business = data.business;
    out.reviews = data.reviews;
    out.nextPageUrl = relNextUrl($, page.url);
    out.warnings = data.warnings;
    if (data.business && data.reviews.length === 0) out.warnings.push('the page has a business rating but no individual reviews');
    return out;
  },
};
