/**
 * LendingTree lender review pages (www.lendingtree.com/reviews/<product>/<lender>/<id>).
 *
 * The lender's name and aggregate come from the page's JSON-LD ProfilePage;
 * the reviews are plain HTML blocks (`.mainReviews`) with "(n of 5)" stars and
 * month-only dates ("Reviewed in June 2019"), which we keep at month precision.
 */
import type { ExtractedReview, PageExtraction, SourceAdapter } from '../types';
import { emptyExtraction, emptyReview, ExtractionError } from '../types';
import { parseDate } from './shared/dates';
import { absoluteUrl, elementText, loadHtml, relNextUrl, type Cheerio, type CheerioAPI, type Node } from './shared/dom';
import { parseRatingText, ratingFromWidth } from './shared/numbers';
import { readStructuredData } from './shared/structured-data';
import { cleanText } from './shared/text';

const SOURCE = 'lendingtree' as const;
/** LendingTree's sort parameter is base64: this is "reviewsubmitted_desc" (newest first). */
const NEWEST_FIRST = 'cmV2aWV3c3VibWl0dGVkX2Rlc2M=';

export interface LendingTreePagination {
  currentPage: number | null;
  totalPages: number | null;
}

/** "8 of 168" in the compact pager → current page and page count. */
export function lendingTreePagination($: CheerioAPI): LendingTreePagination {
  for (const el of $('.pagination .pageNum, .lenderNav .pageNum').toArray()) {
    const match = /(\d+)\s+of\s+(\d+)/i.exec(cleanText($(el).text()) ?? '');
    if (match?.[1] && match[2]) return { currentPage: Number(match[1]), totalPages: Number(match[2]) };
  }
  return { currentPage: null, totalPages: null };
}

/** The pager's "Next" link, else <link rel="next">. */
function nextPage($: CheerioAPI, pageUrl: string): string | null {
  const next = $('.pagination a, .lenderNav a')
    .filter((_, el) => /^next\b/i.test(cleanText($(el).text()) ?? ''))
    .first();
  return absoluteUrl(next.attr('href'), pageUrl) ?? relNextUrl($, pageUrl);
}

/** "Jay from GALENA, OH" → name "Jay", place "GALENA, OH". The place sits in a nested <span>. */
function authorOf(block: Cheerio<Node>): { name: string | null; place: string | null } {
  const el = block.find('.consumerName').first();
  const span = el.find('span').first();
  if (span.length > 0) {
    const place = cleanText(span.text())?.replace(/^from\s+/i, '') ?? null;
    return { name: cleanText(el.clone().children('span').remove().end().text()), place: place || null };
  }
  // No nested span: split on the last " from ".
  const whole = cleanText(el.text());
  const split = whole ? /^(.*)\s+from\s+(.+)$/i.exec(whole) : null;
  return split ? { name: cleanText(split[1]), place: cleanText(split[2]) } : { name: whole, place: null };
}

/** "Closed with Lender: Yes", "Loan Type: Personal Loan" … → camelCase keys, yes/no as booleans. */
function detailsOf($: CheerioAPI, block: Cheerio<Node>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  block.find('.reviewPoints li').each((_, li) => {
    const label = cleanText($(li).find('p').first().text())?.replace(/:$/, '');
    const value = cleanText($(li).find('div').first().text());
    if (!label || !value) return;
    const key = label
      .toLowerCase()
      .replace(/[^a-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''));
    out[key] = /^(yes|no)$/i.test(value) ? value.toLowerCase() === 'yes' : value;
  });
  return out;
}

function reviewFromBlock($: CheerioAPI, block: Cheerio<Node>, crawledAt: Date): ExtractedReview {
  const stars = parseRatingText(cleanText(block.find('.numRec').first().text()));
  const rating = stars?.value ?? ratingFromWidth(block.find('.rating-stars-bar').first().attr('style'));
  const { name, place } = authorOf(block);
  const extra: Record<string, unknown> = detailsOf($, block);
  if (place) extra['authorLocation'] = place;
  const recommendation = cleanText(block.find('.lenderRec').first().text());
  if (recommendation) extra['recommended'] = /^recommended$/i.test(recommendation);
  return {
    ...emptyReview(stars?.scale ?? 5),
    externalId: cleanText(block.find('input.reviewId').first().attr('value')),
    rating,
    title: cleanText(block.find('.reviewTitle').first().text()),
    text: elementText($, block.find('.reviewText').first(), true),
    authorName: name,
    publishedAt: parseDate(cleanText(block.find('.consumerReviewDate').first().text()), { crawledAt }),
    extra,
  };
}

export const lendingtreeAdapter: SourceAdapter = {
  name: SOURCE,
  label: 'LendingTree',
  needsBrowser: false,
  matches: (url) => /(^|\.)lendingtree\.com$/i.test(url.hostname) && url.pathname.startsWith('/reviews/'),
  startUrl(profileUrl) {
    const url = new URL(profileUrl);
    url.searchParams.set('sort', NEWEST_FIRST);
    url.searchParams.set('pid', '1');
    url.hash = '';
    return url.toString();
  },
  extract(page, ctx): PageExtraction {
    const $ = loadHtml(page.body);
    const structured = readStructuredData($, { crawledAt: ctx.crawledAt, pageUrl: page.url });
    const blocks = $('.mainReviews');
    if (blocks.length === 0 && !structured.business) {
      throw new ExtractionError('not a LendingTree review page: no review blocks and no ProfilePage JSON-LD', SOURCE, page.url);
    }
    const warnings = [...structured.warnings];
    const reviews: ExtractedReview[] = [];
    blocks.each((i, el) => {
      const review = reviewFromBlock($, $(el), ctx.crawledAt);
      if (review.rating === null && review.text === null) {
        warnings.push(`review block ${i + 1} has neither stars nor text; skipped`);
        return;
      }
      if (!review.externalId) warnings.push(`review ${i + 1} has no review id`);
      if (!review.publishedAt) warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no readable date`);
      reviews.push(review);
    });
    if (!structured.business) warnings.push('no ProfilePage JSON-LD: lender name and aggregate unknown');

    const out = emptyExtraction(SOURCE, page.url);
    out.business = structured.business
      ? { ...structured.business, externalId: /\/(\d+)\/?$/.exec(new URL(page.url).pathname)?.[1] ?? null }
      : null;
    out.reviews = reviews;
    out.nextPageUrl = nextPage($, page.url);
    out.warnings = warnings;
    return out;
  },
};
