import type { BuiltInSource } from './sources';

export type { BuiltInSource } from './sources';
/**
 * The contract between the crawl engine and the per-source adapters.
 *
 * An adapter is a pure function of (page, url, crawl time): it never fetches,
 * never touches the database, and never reads the clock. That keeps every
 * adapter unit-testable against saved pages and lets `repwatch reparse`
 * re-run a fixed adapter over stored raw pages.
 */

/** Names of the built-in sources are in crawlers/sources.ts. User-declared (CSS selector) sites use `custom:<key>`. */
export type SourceName = BuiltInSource | `custom:${string}`;

/**
 * How precise a published date is. "approximate" is for relative dates such as
 * "3 weeks ago", resolved against the crawl time.
 */
export type DatePrecision = 'exact' | 'day' | 'month' | 'year' | 'approximate';

export interface ExtractedDate {
  /** ISO 8601 in UTC, e.g. "2024-06-11T16:08:24.000Z". Day/month precision dates use midnight UTC of the first instant. */
  iso: string;
  precision: DatePrecision;
  /** The text as the site showed it, when it was text. */
  raw?: string;
}

/** An employee tagged on a review by the site itself (DealerRater "Employees Worked With"). */
export interface ExtractedEmployeeTag {
  name: string;
  /** The per-employee rating when the site shows one, on `ratingScale`. */
  rating: number | null;
  ratingScale: number;
  /** Absolute URL of the employee's own profile page, when linked. */
  profileUrl: string | null;
  /** The site's id of the employee, when it has one (e.g. the number in /sales/<name>-review-<id>/). */
  externalId: string | null;
}

export interface ExtractedOwnerResponse {
  text: string;
  respondedAt: ExtractedDate | null;
}

export interface ExtractedReview {
  /** The site's own review id; null when the site gives none (the normalizer then fingerprints). */
  externalId: string | null;
  /** Star value as shown (null for a review without stars), on `ratingScale`. */
  rating: number | null;
  ratingScale: number;
  title: string | null;
  /** The text in the language the author wrote it. Null for rating-only reviews (kept, never dropped). */
  text: string | null;
  /** ISO 639-1 code of `text` when the site says so. */
  language: string | null;
  /** A machine translation the site shows beside the original, if any. */
  translatedText: string | null;
  translatedLanguage: string | null;
  authorName: string | null;
  publishedAt: ExtractedDate | null;
  ownerResponse: ExtractedOwnerResponse | null;
  employees: ExtractedEmployeeTag[];
  /** Sub-ratings such as {"customer service": 5, "pricing": 4}, on `ratingScale`. */
  subRatings: Record<string, number>;
  /** Permalink of the review when the site has one. */
  url: string | null;
  /** Source-specific extras worth keeping (e.g. DealerRater visit type). JSON-serialisable. */
  extra: Record<string, unknown>;
}

export interface ExtractedBusiness {
  name: string | null;
  /** The aggregate rating the site displays, on `ratingScale`. */
  aggregateRating: number | null;
  ratingScale: number;
  /** The total review count the site displays (used for coverage), not the number on this page. */
  reviewCount: number | null;
  /** Counts per star, keys "1".."5", when the site shows a distribution. */
  starDistribution: Record<string, number> | null;
  address: string | null;
  categories: string[];
  /** The site's id for the business or person, if any. */
  externalId: string | null;
}

/** A person listed on a directory or dealer page (e.g. Zillow agent cards): rating and count, no review text. */
export interface ExtractedProfile {
  name: string;
  aggregateRating: number | null;
  ratingScale: number;
  reviewCount: number | null;
  profileUrl: string | null;
  externalId: string | null;
}

export type BlockReason =
  | 'captcha'
  | 'consent-wall'
  | 'login-wall'
  | 'rate-limited'
  | 'access-denied'
  | 'empty-shell';

export interface BlockedSignal {
  reason: BlockReason;
  /** One sentence a person can read in `repwatch status`. */
  detail: string;
}

export interface PageExtraction {
  source: SourceName;
  /** The URL the page was fetched from (after redirects). */
  url: string;
  business: ExtractedBusiness | null;
  /** Reviews in page order (newest first when the list is sorted that way). */
  reviews: ExtractedReview[];
  profiles: ExtractedProfile[];
  /** Absolute URL of the next (older) page of reviews, or null on the last page. */
  nextPageUrl: string | null;
  /** Set when the page is a block/captcha/consent/empty shell: the engine must not read it as "zero reviews". */
  blocked: BlockedSignal | null;
  /** Things that looked odd but did not stop extraction (e.g. "review 4 has no date"). */
  warnings: string[];
}

/** What the engine hands an adapter. */
export interface PageInput {
  /** Final URL after redirects. */
  url: string;
  /** Response body decoded to text (HTML, or JSON for API-style sources). For browser pages, the rendered DOM. */
  body: string;
  /** HTTP status code (200 for saved files). */
  status: number;
  contentType: string | null;
  /**
   * For browser-driven sources: JSON/text responses the page loaded while rendering
   * (e.g. Google Maps' review RPC), in arrival order.
   */
  captured?: { url: string; body: string }[];
}

export interface AdapterContext {
  /** The crawl time, used to resolve relative dates ("3 weeks ago"). */
  crawledAt: Date;
}

/**
 * What the browser handler does on a rendered page before reading it, for apps
 * that load reviews only on interaction (a reviews tab, a sort menu, an
 * endlessly scrolling list). Selectors are Playwright selectors (CSS plus
 * `:has-text("…")`); a target's `options.browse` overrides them, because sites
 * change markup faster than releases ship.
 */
export interface BrowseSteps {
  /** Clicked in order, each only if it appears within `clickWaitMs`; missing ones are skipped and logged. */
  click?: string[];
  /** How long to wait for each click target to appear (default 3000 ms). */
  clickWaitMs?: number;
  /**
   * The list to scroll to its end, repeatedly, while each scroll brings new data responses. If the element
   * matched does not scroll itself, its nearest scrollable ancestor is scrolled (so a review item's selector works).
   */
  scroll?: {
    selector: string;
    /** Upper bound on scrolls per page (also capped by the target's page budget). */
    maxScrolls: number;
    /** How long a scroll may take to start a data request before the list counts as exhausted (default 1500 ms). */
    settleMs?: number;
  };
}

export interface SourceAdapter {
  name: SourceName;
  /** Human-readable name, e.g. "DealerRater". */
  label: string;
  /** Does this adapter handle this URL? Used to pick an adapter when a target names none. */
  matches(url: URL): boolean;
  /** Pages of this source need a real browser to render. */
  needsBrowser: boolean;
  /** Interaction the browser handler performs before reading the page (browser pages only). */
  browse?: BrowseSteps;
  /**
   * The URL to start a newest-first crawl from, given a profile URL from the config
   * (e.g. adds a "sort=recency" parameter). Identity if the site is newest-first already.
   */
  startUrl(profileUrl: string): string;
  /**
   * Turn one page into data. Throws `ExtractionError` when the page is not what this
   * adapter understands (a parse error is not retried); returns `blocked` for block pages.
   */
  extract(page: PageInput, ctx: AdapterContext): PageExtraction;
}

/** Thrown by adapters for pages they cannot parse. The engine maps it to crawlee's NonRetryableError. */
export class ExtractionError extends Error {
  constructor(
    message: string,
    readonly source: SourceName,
    readonly url: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}

/** A review with every optional field empty; adapters spread their values over it. */
export function emptyReview(ratingScale = 5): ExtractedReview {
  return {
    externalId: null,
    rating: null,
    ratingScale,
    title: null,
    text: null,
    language: null,
    translatedText: null,
    translatedLanguage: null,
    authorName: null,
    publishedAt: null,
    ownerResponse: null,
    employees: [],
    subRatings: {},
    url: null,
    extra: {},
  };
}

export function emptyExtraction(source: SourceName, url: string): PageExtraction {
  return { source, url, business: null, reviews: [], profiles: [], nextPageUrl: null, blocked: null, warnings: [] };
}
