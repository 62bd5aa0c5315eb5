/**
 * Yelp business pages (/biz/<alias>). Yelp publishes no JSON-LD reviews; the
 * page data sits in `<script type="application/json">` blobs wrapped in HTML
 * comments (hypernova props; apollo state on later versions). We read the
 * review feed from there: the 20 "recommended" reviews of the current page.
 *
 * Order and paging: `sort_by=date_desc` gives newest first; pages advance with
 * `start=N` in steps of the page size. Yelp's not-recommended reviews live on a
 * separate page and are not counted in the 106-style totals; we skip them.
 * needsBrowser: Yelp's bot protection turns away plain HTTP clients, and the
 * blobs survive in the rendered DOM.
 */
import { ExtractionError, emptyExtraction, type ExtractedBusiness, type PageExtraction, type SourceAdapter } from '../types';
import { detectBlockedPage } from '../blocked';
import { asNumber, asString, findObject, get, isObject, jsonBlobs, walkObjects, type JsonObject } from './embedded-json';
import { looksLikeYelpReview, mapYelpBusiness, mapYelpReview, type Resolve } from './yelp/map';

function aliasFromUrl(url: string): string | null {
  try {
    return /^\/biz\/([^/?#]+)/.exec(new URL(url).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Yelp's analytics config carries the displayed star rating as `rating: [<slot>, 4.0]`. */
function displayedRating(roots: unknown[]): number | null {
  for (const root of roots) {
    const value = get(root, 'gaConfig', 'dimensions', 'www', 'rating', 1);
    if (typeof value === 'number' && value >= 1 && value <= 5) return value;
  }
  return null;
}

/** Apollo normalises objects into a flat map and links them with {__ref} (or {type:"id", id}). */
function apolloResolver(roots: unknown[]): Resolve {
  const table = new Map<string, unknown>();
  for (const root of roots) if (isObject(root)) for (const [key, value] of Object.entries(root)) table.set(key, value);
  return (v) => {
    if (!isObject(v)) return v;
    const ref = asString(v.__ref) ?? (v.type === 'id' ? asString(v.id) : null);
    return ref && table.has(ref) ? table.get(ref) : v;
  };
}

/** Business facts when the 2020 props are absent: JSON-LD or an apollo Business node. */
function fallbackBusiness(roots: unknown[]): ExtractedBusiness | null {
  const node =
    findObject(roots, (o) => isObject(o.aggregateRating) && typeof o.name === 'string') ??
    findObject(roots, (o) => o.__typename === 'Business' && typeof o.name === 'string');
  if (!node) return null;
  const address = isObject(node.address)
    ? [node.address.streetAddress, node.address.addressLocality, node.address.addressRegion].filter((s) => typeof s === 'string').join(', ')
    : null;
  return {
    name: asString(node.name),
    aggregateRating: asNumber(get(node, 'aggregateRating', 'ratingValue')) ?? asNumber(node.rating),
    ratingScale: 5,
    reviewCount: asNumber(get(node, 'aggregateRating', 'reviewCount')) ?? asNumber(node.reviewCount),
    starDistribution: null,
    address: address || null,
    categories: [],
    externalId: asString(node.encid) ?? asString(node.id),
  };
}

function nextPageUrl(pageUrl: string, props: JsonObject | null, shown: number, total: number | null): string | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  const pagination = get(props, 'reviewFeedQueryProps', 'pagination');
  const start = asNumber(get(pagination, 'startResult')) ?? asNumber(url.searchParams.get('start')) ?? 0;
  const perPage = asNumber(get(pagination, 'resultsPerPage')) ?? shown;
  const totalResults = asNumber(get(pagination, 'totalResults')) ?? total;
  const next = start + perPage;
  if (shown === 0 || perPage <= 0 || totalResults === null || next >= totalResults) return null;
  url.searchParams.set('start', String(next));
  url.searchParams.delete('hrid');
  return url.toString();
}

export const yelpAdapter: SourceAdapter = {
  name: 'yelp',
  label: 'Yelp',
  needsBrowser: true,

  matches(url: URL): boolean {
    return /(^|\.)yelp\.[a-z.]+$/i.test(url.hostname) && url.pathname.startsWith('/biz/');
  },

  startUrl(profileUrl: string): string {
    try {
      const url = new URL(profileUrl);
      url.searchParams.set('sort_by', 'date_desc');
      url.searchParams.delete('start');
      url.searchParams.delete('hrid');
      return url.toString();
    } catch {
      return profileUrl;
    }
  },

  extract(page, ctx): PageExtraction {
    const out = emptyExtraction('yelp', page.url);
    const roots = jsonBlobs(page.body).map((b) => b.value);
    const props = findObject(roots, (o) => isObject(o.reviewFeedQueryProps));
    const alias = aliasFromUrl(page.url);
    const rating = displayedRating(roots);

    if (props) {
      const list = get(props, 'reviewFeedQueryProps', 'reviews');
      const items = Array.isArray(list) ? list.filter(isObject) : [];
      out.reviews = items.map((r) => mapYelpReview(r, asString(get(r, 'business', 'alias')) ?? alias, ctx.crawledAt));
      const { business, ratingFromHistogram } = mapYelpBusiness(props, rating);
      out.business = business;
      if (ratingFromHistogram) out.warnings.push('displayed rating not found; aggregate computed from the star histogram');
    } else {
      const resolve = apolloResolver(roots);
      walkObjects(roots, (o) => {
        if (!looksLikeYelpReview(o)) return false;
        out.reviews.push(mapYelpReview(o, alias, ctx.crawledAt, resolve));
        return true;
      });
      out.business = fallbackBusiness(roots);
      if (out.business && out.business.aggregateRating === null) out.business.aggregateRating = rating;
    }

    if (out.reviews.length === 0 && !out.business) {
      const blocked = detectBlockedPage(page);
      if (blocked) return { ...out, blocked };
      throw new ExtractionError('no Yelp review data found in the embedded JSON', 'yelp', page.url);
    }
    out.nextPageUrl = nextPageUrl(page.url, props, out.reviews.length, out.business?.reviewCount ?? null);
    out.reviews.forEach((review, i) => {
      if (!review.publishedAt) out.warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no date`);
    });
    return out;
  },
};
