/**
 * Zillow real-estate professionals: salesperson-level monitoring.
 *
 *  - Directory pages (/professionals/real-estate-agent-reviews/<place>/) list
 *    agent cards: rating and count only, mapped to `profiles`. They are read one
 *    page at a time (nextPageUrl null): a city directory runs to tens of
 *    thousands of agents, so the configured URL decides which agents we track.
 *  - Agent profile pages (/profile/<screen-name>/) carry the agent and their
 *    reviews with sub-ratings; the agent becomes `business`. Further review
 *    pages load through Zillow's API, not a URL, so nextPageUrl is null there too.
 *
 * startUrl is the identity: Zillow has no public URL parameter for review order;
 * the engine must not assume page order is chronological (dates are exact).
 * needsBrowser: Zillow sits behind PerimeterX, which challenges plain HTTP clients.
 */
import { ExtractionError, emptyExtraction, type PageExtraction, type SourceAdapter } from '../types';
import { detectBlockedPage } from '../blocked';
import { nextData } from './embedded-json';
import { readDirectoryProfiles, readProfilePage } from './zillow/read';

export const zillowAdapter: SourceAdapter = {
  name: 'zillow',
  label: 'Zillow',
  needsBrowser: true,

  matches(url: URL): boolean {
    return /(^|\.)zillow\.com$/i.test(url.hostname) && /^\/(profile|professionals)\//.test(url.pathname);
  },

  startUrl(profileUrl: string): string {
    return profileUrl;
  },

  extract(page, ctx): PageExtraction {
    const out = emptyExtraction('zillow', page.url);
    const data = nextData(page.body);
    if (data !== undefined) {
      out.profiles = readDirectoryProfiles(data, page.url);
      if (out.profiles.length === 0) {
        const { business, reviews } = readProfilePage(data, ctx.crawledAt);
        out.business = business;
        out.reviews = reviews;
      }
    }
    if (out.profiles.length === 0 && out.reviews.length === 0 && !out.business) {
      const blocked = detectBlockedPage(page);
      if (blocked) return { ...out, blocked };
      throw new ExtractionError(
        data === undefined ? 'no __NEXT_DATA__ on the page' : 'no agent cards, agent or reviews in __NEXT_DATA__',
        'zillow',
        page.url,
      );
    }
    const total = out.business?.reviewCount ?? null;
    if (total !== null && out.reviews.length > 0 && out.reviews.length < total) {
      out.warnings.push(`profile reports ${total} reviews, the page holds ${out.reviews.length}; the rest load through Zillow's API`);
    }
    out.reviews.forEach((review, i) => {
      if (!review.publishedAt) out.warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no date`);
    });
    return out;
  },
};
