/**
 * DealerRater: dealer review lists (/dealer/<Name>-dealer-reviews-<id>/pageN/),
 * dealer landing pages (/dealer/<Name>-review-<id>/), salesperson pages
 * (/sales/<Name>-review-<id>/) and staff pages (/sales/<Name>-Employees-<id>/).
 *
 * Employee tags are the reason this adapter exists: DealerRater lets the
 * customer tag the salespeople they dealt with, which gives person-level
 * attribution without guessing names in free text.
 */
import type { ExtractedBusiness, ExtractedReview, PageExtraction, SourceAdapter } from '../types';
import { emptyExtraction, ExtractionError } from '../types';
import { absoluteUrl, loadHtml, relNextUrl, withoutHash, type CheerioAPI } from './shared/dom';
import { nameFromSalesUrl, profilesFromTiles, reviewFromEntry, salesIdFromUrl } from './shared/dealerrater-review';
import { hasType } from './shared/jsonld';
import { parseCount, parseDecimal, ratingFromClass } from './shared/numbers';
import { readStructuredData } from './shared/structured-data';
import { cleanText } from './shared/text';

const SOURCE = 'dealerrater' as const;

type PageKind = 'dealer-reviews' | 'dealer-landing' | 'salesperson' | 'staff' | 'unknown';

function pageKind(url: URL): PageKind {
  const path = url.pathname;
  if (/^\/sales\/[^/]+-employees-\d+/i.test(path)) return 'staff';
  if (/^\/sales\/[^/]+-review-\d+/i.test(path)) return 'salesperson';
  if (/^\/dealer\/[^/]+-dealer-reviews-\d+/i.test(path)) return 'dealer-reviews';
  if (/^\/dealer\/[^/]+-review-\d+/i.test(path)) return 'dealer-landing';
  return 'unknown';
}

function dealerIdOf(url: string): string | null {
  return /\/dealer\/[^/]+-(?:dealer-reviews|review)-(\d+)/i.exec(url)?.[1] ?? null;
}

/** "Showing 2,200 reviews" above the list: the total, when JSON-LD does not give it. */
function shownReviewCount($: CheerioAPI): number | null {
  const heading = $('h2, h1, .reviews-of-emp')
    .toArray()
    .map((el) => cleanText($(el).text()) ?? '')
    .find((t) => /^showing\s+[\d,.]+\s+reviews?/i.test(t));
  return heading ? parseCount(heading) : null;
}

/**
 * The salesperson as the "business" of their own page: JSON-LD Person when
 * the page has one, otherwise the heading, the rating badge outside the review
 * list, and the name in the URL as a last resort.
 */
function salespersonBusiness($: CheerioAPI, pageUrl: string, structured: ReturnType<typeof readStructuredData>): ExtractedBusiness {
  const person = structured.entity && hasType(structured.entity, 'Person') ? structured.business : null;
  const outsideReviews = (selector: string) => $(selector).filter((_, el) => $(el).closest('.review-entry').length === 0).first();
  const heading = cleanText(outsideReviews('h1').text());
  const badgeNumber = parseDecimal(cleanText(outsideReviews('.rating-number').text()));
  const badgeClass = ratingFromClass(outsideReviews('[class*="rating-static"]').attr('class'));
  return {
    name: person?.name ?? heading ?? nameFromSalesUrl(pageUrl),
    aggregateRating: person?.aggregateRating ?? badgeNumber ?? badgeClass,
    ratingScale: 5,
    reviewCount: person?.reviewCount ?? shownReviewCount($),
    starDistribution: null,
    address: null,
    categories: [],
    externalId: salesIdFromUrl(pageUrl),
  };
}

export const dealerraterAdapter: SourceAdapter = {
  name: SOURCE,
  label: 'DealerRater',
  needsBrowser: false,
  matches: (url) => /(^|\.)dealerrater\.(com|ca)$/i.test(url.hostname) && pageKind(url) !== 'unknown',
  /**
   * Review lists are newest first already. A dealer landing page only shows
   * snippets, so a crawl starts at the dealer's full review list instead; any
   * /pageN/ suffix is dropped so the crawl starts at the newest page.
   */
  startUrl(profileUrl) {
    const url = new URL(profileUrl);
    url.hash = '';
    url.pathname = url.pathname.replace(/\/page\d+\/?$/i, '/');
    if (pageKind(url) === 'dealer-landing') url.pathname = url.pathname.replace(/-review-(\d+)/i, '-dealer-reviews-$1');
    return url.toString();
  },
  extract(page, ctx): PageExtraction {
    const $ = loadHtml(page.body);
    const url = new URL(page.url);
    const kind = pageKind(url);
    const structured = readStructuredData($, { crawledAt: ctx.crawledAt, pageUrl: page.url });
    const warnings = [...structured.warnings];
    const entries = $('.review-entry');
    // Full entries carry an <a name="r<id>"> anchor; landing-page snippets do not.
    const fullEntries = entries.filter((_, el) => $(el).find('a[name^="r"]').length > 0);
    const profiles = profilesFromTiles($, page.url);

    if (entries.length === 0 && !structured.business && profiles.length === 0) {
      throw new ExtractionError('not a DealerRater page: no review entries, no dealer data and no employee tiles', SOURCE, page.url);
    }

    const reviews: ExtractedReview[] = [];
    fullEntries.each((i, el) => {
      const review = reviewFromEntry($, $(el), { pageUrl: page.url, crawledAt: ctx.crawledAt });
      if (!review.externalId) warnings.push(`review ${i + 1} has no review id`);
      if (!review.publishedAt) warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no readable date`);
      if (review.rating === null) warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no star rating`);
      reviews.push(review);
    });

    let business: ExtractedBusiness | null;
    if (kind === 'salesperson') {
      business = salespersonBusiness($, page.url, structured);
    } else {
      business = structured.business
        ? {
            ...structured.business,
            reviewCount: structured.business.reviewCount ?? shownReviewCount($),
            externalId: dealerIdOf(page.url) ?? dealerIdOf($('link[rel="canonical"]').attr('href') ?? ''),
          }
        : null;
      if (!business && kind !== 'staff') warnings.push('no dealer JSON-LD: business name and aggregate unknown');
    }

    let nextPageUrl = relNextUrl($, page.url);
    if (entries.length > fullEntries.length && fullEntries.length === 0) {
      // Landing page: snippets are cut short and undated in places, so they are
      // not stored; the crawl continues on the full review list instead.
      const list = $('a[href*="-dealer-reviews-"]').first().attr('href');
      nextPageUrl ??= list ? (absoluteUrl(list, page.url) ?? null) : null;
      if (nextPageUrl) nextPageUrl = withoutHash(nextPageUrl);
      warnings.push(`dealer landing page shows ${entries.length} review snippets only; they are not extracted (the full list is ${nextPageUrl ?? 'not linked'})`);
    }

    const out = emptyExtraction(SOURCE, page.url);
    out.business = business;
    out.reviews = reviews;
    out.profiles = profiles;
    out.nextPageUrl = nextPageUrl;
    out.warnings = warnings;
    return out;
  },
};
