/**
 * Google Maps place pages. Needs a browser: the page is a JS app whose reviews
 * arrive through an RPC (listugcposts) as the reviews panel is scrolled. The
 * browser handler hands us those responses in `page.captured`; the place facts
 * come from APP_INITIALIZATION_STATE in the HTML (or a captured place RPC).
 *
 * Sort order: Google Maps has no stable URL parameter for review order, so
 * `startUrl` only pins the interface language (hl=en) to keep relative dates
 * ("3 weeks ago") parseable and the labels `browse` looks for in English;
 * `browse` opens the reviews tab, picks "Newest" in the sort menu and scrolls
 * the list so each scroll loads the next listugcposts page. `extract` does not
 * rely on order: when every review has an exact timestamp it returns them
 * newest first.
 */
import { ExtractionError, emptyExtraction, type ExtractedReview, type PageExtraction, type SourceAdapter } from '../types';
import { detectBlockedPage } from '../blocked';
import { parseGoogleJson } from './google-maps/arrays';
import { extractAppInitializationState } from './google-maps/app-state';
import { parseGooglePlace, type GooglePlace } from './google-maps/place';
import { parseGoogleReviews } from './google-maps/reviews';

export { parseGooglePlace, type GooglePlace } from './google-maps/place';
export { parseGoogleReviews } from './google-maps/reviews';

/**
 * Google's class names are generated and change; these lean on what is meant for people and assistive
 * technology (roles, aria-labels, the English menu text under hl=en) and on the `jsaction` / `data-*`
 * hooks that have stayed put across redesigns. None could be checked against a live page offline: a target
 * can replace any of them with `options.browse`.
 */
export const googleMapsBrowse = {
  click: [
    // The "Reviews" tab of the place panel ("Reviews for <place>"), or the older "More reviews (N)" button.
    'button[role="tab"][aria-label^="Reviews"], button[jsaction*="moreReviews"]',
    // The sort button above the list.
    'button[aria-label="Sort reviews"], button[data-value="Sort"], button[aria-label^="Sort"]',
    // Its menu entry.
    '[role="menuitemradio"]:has-text("Newest"), [role="menuitem"]:has-text("Newest")',
  ],
  clickWaitMs: 5000,
  // A review card; the scroller walks up to the pane that actually scrolls, whatever its class is today.
  scroll: { selector: 'div[data-review-id]', maxScrolls: 100, settleMs: 2500 },
} satisfies SourceAdapter['browse'];

const GOOGLE_HOST = /(^|\.)google\.[a-z]{2,3}(\.[a-z]{2})?$/i;

function bodySources(body: string): unknown[] {
  if (body.includes('APP_INITIALIZATION_STATE')) return extractAppInitializationState(body);
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{') || trimmed.startsWith(")]}'")) return parseGoogleJson(trimmed);
  return [];
}

function mergeReviews(lists: ExtractedReview[][]): ExtractedReview[] {
  const seen = new Set<string>();
  const out: ExtractedReview[] = [];
  for (const review of lists.flat()) {
    if (review.externalId) {
      if (seen.has(review.externalId)) continue;
      seen.add(review.externalId);
    }
    out.push(review);
  }
  // Embedded "most relevant" reviews and RPC pages mix orders; exact timestamps let us restore newest-first.
  if (out.length > 1 && out.every((r) => r.publishedAt?.precision === 'exact')) {
    out.sort((a, b) => (b.publishedAt!.iso < a.publishedAt!.iso ? -1 : b.publishedAt!.iso > a.publishedAt!.iso ? 1 : 0));
  }
  return out;
}

export const googleMapsAdapter: SourceAdapter = {
  name: 'google-maps',
  label: 'Google Maps',
  needsBrowser: true,
  browse: googleMapsBrowse,

  matches(url: URL): boolean {
    if (url.hostname === 'maps.app.goo.gl') return true;
    return GOOGLE_HOST.test(url.hostname) && /^\/maps\/(preview\/)?place\//.test(url.pathname);
  },

  startUrl(profileUrl: string): string {
    try {
      const url = new URL(profileUrl);
      url.searchParams.set('hl', 'en');
      return url.toString();
    } catch {
      return profileUrl;
    }
  },

  extract(page, ctx): PageExtraction {
    const out = emptyExtraction('google-maps', page.url);
    const opts = { crawledAt: ctx.crawledAt };
    const fromBody = bodySources(page.body);
    const fromCaptured = (page.captured ?? []).flatMap((c) => parseGoogleJson(c.body));

    let place: GooglePlace | null = null;
    for (const source of [...fromBody, ...fromCaptured]) {
      place = parseGooglePlace(source, opts);
      if (place) break;
    }
    const rpcReviews = fromCaptured.map((source) => parseGoogleReviews(source, opts));
    const bodyReviews = place ? [] : fromBody.map((source) => parseGoogleReviews(source, opts));
    out.reviews = mergeReviews([...rpcReviews, ...bodyReviews, place?.reviews ?? []]);
    out.business = place?.business ?? null;

    if (!place && out.reviews.length === 0) {
      const blocked = detectBlockedPage(page);
      if (blocked) return { ...out, blocked };
      throw new ExtractionError(
        'no Google Maps place data (APP_INITIALIZATION_STATE) and no review RPC responses found',
        'google-maps',
        page.url,
      );
    }
    if (!place) out.warnings.push('place data not found; business facts unknown for this page');
    out.reviews.forEach((review, i) => {
      if (!review.publishedAt) out.warnings.push(`review ${i + 1} (${review.externalId ?? 'no id'}) has no date`);
    });
    // More reviews load by scrolling (RPC continuation tokens), not by URL: there is no next-page URL.
    out.nextPageUrl = null;
    return out;
  },
};
