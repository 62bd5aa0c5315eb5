/**
 * Google Business Profile API: reviews of locations the company itself owns,
 * read through `accounts.locations.reviews.list` (My Business API v4) instead
 * of scraping. The mapping of the documented response is in
 * google-business/map.ts; the small OAuth + paging client in
 * google-business/client.ts.
 *
 * The adapter form exists so stored API responses can be re-mapped by
 * `repwatch reparse` like any other raw page; live crawling uses the client.
 */
import { ExtractionError, emptyExtraction, type PageExtraction, type SourceAdapter } from '../types';
import { detectBlockedPage } from '../blocked';
import { isObject } from './embedded-json';
import { mapGbpReviewsPage } from './google-business/map';

export { mapGbpReview, mapGbpReviewsPage, splitGoogleTranslation, type GbpPageOptions } from './google-business/map';
export {
  createGbpClient,
  GbpApiError,
  type GbpClient,
  type GbpClientOptions,
  type GbpListOptions,
  type GbpListResult,
  type GbpPage,
} from './google-business/client';

export const googleBusinessAdapter: SourceAdapter = {
  name: 'google-business',
  label: 'Google Business Profile (API)',
  needsBrowser: false,
  matches(url: URL): boolean {
    return url.hostname === 'mybusiness.googleapis.com' && /\/locations\/[^/]+\/reviews/.test(url.pathname);
  },
  startUrl(profileUrl: string): string {
    return profileUrl;
  },
  extract(page, _ctx): PageExtraction {
    if (page.status >= 400) {
      const blocked = detectBlockedPage(page);
      if (blocked) return { ...emptyExtraction('google-business', page.url), blocked };
    }
    let json: unknown;
    try {
      json = JSON.parse(page.body);
    } catch {
      throw new ExtractionError('Google Business Profile response is not JSON', 'google-business', page.url);
    }
    if (!isObject(json)) throw new ExtractionError('Google Business Profile response is not an object', 'google-business', page.url);
    return mapGbpReviewsPage(json, { url: page.url });
  },
};
