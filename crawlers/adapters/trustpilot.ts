/**
 * Trustpilot company pages (www.trustpilot.com/review/<domain>, and the
 * country sites such as uk. or de.trustpilot.com).
 *
 * Two sources on the same page: the JSON-LD @graph (stable, public contract
 * for search engines) and the Next.js `__NEXT_DATA__` blob (richer: owner
 * replies with dates, experience dates, verification, pagination). We read
 * both, prefer `__NEXT_DATA__` for reviews and JSON-LD for the displayed
 * aggregate, and fall back to whichever is present, so a redesign of one does
 * not empty the crawl.
 */
import type { ExtractedBusiness, ExtractedReview, PageExtraction, SourceAdapter } from '../types';
import { emptyExtraction, emptyReview, ExtractionError } from '../types';
import { parseDate } from './shared/dates';
import { absoluteUrl, loadHtml, relNextUrl, type CheerioAPI } from './shared/dom';
import { dig, isRecord, num, readScriptJson, str, type JsonRecord } from './shared/json';
import { hasType, type SchemaNode } from './shared/jsonld';
import { parseCount } from './shared/numbers';
import { readStructuredData } from './shared/structured-data';
import { cleanText, languageCode } from './shared/text';

const SOURCE = 'trustpilot' as const;

function isTrustpilotHost(hostname: string): boolean {
  return hostname === 'trustpilot.com' || hostname.endsWith('.trustpilot.com');
}

/** Star counts from the csvw Dataset JSON-LD block ("1 star" … "5 stars" columns). */
export function starDistributionFromDataset(nodes: SchemaNode[]): Record<string, number> | null {
  const dataset = nodes.find((n) => hasType(n, 'Dataset'));
  const columns = dig(dataset, 'mainEntity', 'csvw:tableSchema', 'csvw:columns');
  if (!Array.isArray(columns)) return null;
  const out: Record<string, number> = {};
  for (const col of columns) {
    const star = /^([1-5])\s*stars?$/i.exec(str(dig(col, 'csvw:name'))?.trim() ?? '')?.[1];
    const count = parseCount(dig(col, 'csvw:cells', 0, 'csvw:value'));
    if (star && count !== null) out[star] = count;
  }
  return Object.keys(out).length === 5 ? out : null;
}

/** Star counts from `__NEXT_DATA__` (`filters.reviewStatistics.ratings`: one … five). */
function starDistributionFromNext(props: JsonRecord | null): Record<string, number> | null {
  const ratings = dig(props, 'filters', 'reviewStatistics', 'ratings');
  if (!isRecord(ratings)) return null;
  const names = ['one', 'two', 'three', 'four', 'five'];
  const out: Record<string, number> = {};
  names.forEach((name, i) => {
    const n = num(ratings[name]);
    if (n !== null) out[String(i + 1)] = n;
  });
  return Object.keys(out).length === 5 ? out : null;
}

/** Category names, in the order the profile's sidebar shows them. */
function categoriesFrom(props: JsonRecord | null): string[] {
  const sidebar = dig(props, 'sidebarData', 'infoBusinessUnitBox', 'categories');
  const fromSidebar = Array.isArray(sidebar) ? sidebar.map((c) => cleanText(dig(c, 'breadcrumb', 'localizedName'))) : [];
  const list = dig(props, 'businessUnit', 'categories');
  const fromUnit = Array.isArray(list) ? list.map((c) => cleanText(dig(c, 'name'))) : [];
  const names = (fromSidebar.some(Boolean) ? fromSidebar : fromUnit).filter((n): n is string => n !== null);
  return [...new Set(names)];
}

function addressFrom(props: JsonRecord | null): string | null {
  const info = dig(props, 'businessUnit', 'contactInfo');
  if (!isRecord(info)) return null;
  const parts = [info['address'], [info['zipCode'], info['city']].filter(Boolean).join(' '), info['country']]
    .map((p) => cleanText(p))
    .filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function reviewFromNext(r: unknown, origin: string, crawledAt: Date): ExtractedReview | null {
  const id = str(dig(r, 'id'));
  if (!isRecord(r) || !id) return null;
  const replyText = cleanText(dig(r, 'reply', 'message'), { multiline: true });
  const extra: Record<string, unknown> = {};
  const experienced = parseDate(dig(r, 'dates', 'experiencedDate'), { crawledAt });
  if (experienced) extra['experiencedAt'] = experienced.iso;
  const updated = parseDate(dig(r, 'dates', 'updatedDate'), { crawledAt });
  if (updated) extra['updatedAt'] = updated.iso;
  const verified = dig(r, 'labels', 'verification', 'isVerified');
  if (typeof verified === 'boolean') extra['verified'] = verified;
  const verificationSource = str(dig(r, 'labels', 'verification', 'verificationSource'));
  if (verificationSource) extra['verificationSource'] = verificationSource;
  const consumerId = str(dig(r, 'consumer', 'id'));
  if (consumerId) extra['consumerId'] = consumerId;
  const country = str(dig(r, 'consumer', 'countryCode'));
  if (country) extra['consumerCountry'] = country;
  const likes = num(r['likes']);
  if (likes !== null) extra['likes'] = likes;
  return {
    ...emptyReview(5),
    externalId: id,
    rating: num(r['rating']),
    title: cleanText(r['title']),
    text: cleanText(r['text'], { multiline: true }),
    language: languageCode(r['language']),
    authorName: cleanText(dig(r, 'consumer', 'displayName')),
    publishedAt: parseDate(dig(r, 'dates', 'publishedDate'), { crawledAt }),
    ownerResponse: replyText
      ? { text: replyText, respondedAt: parseDate(dig(r, 'reply', 'publishedDate'), { crawledAt }) }
      : null,
    url: `${origin}/reviews/${encodeURIComponent(id)}`,
    extra,
  };
}

/**
 * The next (older) page. Built from the page's own URL so the crawler's
 * `sort=recency` survives; the site's "next" button is the fallback when the
 * pagination data is missing.
 */
function nextPage($: CheerioAPI, props: JsonRecord | null, pageUrl: string): string | null {
  const current = num(dig(props, 'filters', 'pagination', 'currentPage'));
  const total = num(dig(props, 'filters', 'pagination', 'totalPages'));
  if (current !== null && total !== null) {
    if (current >= total) return null;
    const url = new URL(pageUrl);
    url.searchParams.set('page', String(current + 1));
    url.hash = '';
    return url.toString();
  }
  const button = $('a[name="pagination-button-next"]').first();
  if (button.length > 0 && button.attr('aria-disabled') !== 'true') {
    const href = absoluteUrl(button.attr('href'), pageUrl);
    if (href) return href;
  }
  return relNextUrl($, pageUrl);
}

export const trustpilotAdapter: SourceAdapter = {
  name: SOURCE,
  label: 'Trustpilot',
  needsBrowser: false,
  matches: (url) => isTrustpilotHost(url.hostname) && url.pathname.startsWith('/review/'),
  startUrl(profileUrl) {
    const url = new URL(profileUrl);
    url.searchParams.delete('page');
    url.searchParams.set('sort', 'recency');
    // Without it Trustpilot may show only reviews in the visitor's language.
    url.searchParams.set('languages', 'all');
    url.hash = '';
    return url.toString();
  },
  extract(page, ctx): PageExtraction {
    const $ = loadHtml(page.body);
    const structured = readStructuredData($, { crawledAt: ctx.crawledAt, pageUrl: page.url });
    const next = readScriptJson($, 'script#__NEXT_DATA__');
    const propsValue = dig(next.value, 'props', 'pageProps');
    const props = isRecord(propsValue) ? propsValue : null;
    const unit = dig(props, 'businessUnit');
    const nextReviews = dig(props, 'reviews');
    const warnings = [...structured.warnings];
    if (next.error) warnings.push(next.error);

    if (!isRecord(unit) && !structured.business && structured.reviews.length === 0) {
      throw new ExtractionError('not a Trustpilot company page: no business JSON-LD and no __NEXT_DATA__ business unit', SOURCE, page.url);
    }

    const fromLd = structured.business;
    const business: ExtractedBusiness = {
      name: fromLd?.name ?? cleanText(dig(unit, 'displayName')),
      aggregateRating: fromLd?.aggregateRating ?? num(dig(unit, 'trustScore')),
      ratingScale: 5,
      reviewCount: fromLd?.reviewCount ?? num(dig(unit, 'numberOfReviews')),
      starDistribution: starDistributionFromDataset(structured.jsonLd) ?? starDistributionFromNext(props),
      address: fromLd?.address ?? addressFrom(props),
      categories: categoriesFrom(props),
      externalId: str(dig(unit, 'id')) ?? str(dig(unit, 'identifyingName')),
    };

    const origin = new URL(page.url).origin;
    let reviews: ExtractedReview[];
    if (Array.isArray(nextReviews)) {
      reviews = nextReviews
        .map((r) => reviewFromNext(r, origin, ctx.crawledAt))
        .filter((r): r is ExtractedReview => r !== null);
      if (reviews.length < nextReviews.length) warnings.push(`${nextReviews.length - reviews.length} review(s) in __NEXT_DATA__ had no id and were skipped`);
      if (structured.reviews.length > 0 && structured.reviews.length !== reviews.length) {
        warnings.push(`JSON-LD lists ${structured.reviews.length} reviews but __NEXT_DATA__ ${reviews.length}`);
      }
    } else {
      // JSON-LD only (e.g. the blob was cut off): no owner replies, but the reviews themselves are complete.
      reviews = structured.reviews.map((r) => ({ ...r, url: r.externalId ? `${origin}/reviews/${r.externalId}` : r.url }));
      if (reviews.length > 0) warnings.push('no usable __NEXT_DATA__: reviews read from JSON-LD, owner replies unavailable');
    }
    reviews.forEach((r, i) => {
      if (!r.publishedAt) warnings.push(`review ${i + 1} (${r.externalId ?? 'no id'}) has no date`);
    });

    const out = emptyExtraction(SOURCE, page.url);
    out.business = business;
    out.reviews = reviews;
    out.nextPageUrl = reviews.length > 0 ? nextPage($, props, page.url) : null;
    out.warnings = warnings;
    return out;
  },
};
