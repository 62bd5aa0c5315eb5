/**
 * Sites without a built-in adapter, described in the config with CSS
 * selectors (`sites:` in repwatch.yaml). The description is validated up front
 * (bad regexes and bad selectors are config errors, reported with their path,
 * see ./declarative-schema.ts), so extraction itself only meets page problems,
 * which become warnings.
 */
import type { ExtractedBusiness, ExtractedReview, PageExtraction, SourceAdapter } from '../types';
import { emptyExtraction, emptyReview, ExtractionError } from '../types';
import { declarativeSiteSchema, type DeclarativeSite, type DeclarativeSiteInput } from './declarative-schema';
import { parseDate } from './shared/dates';
import { absoluteUrl, elementText, loadHtml, type Cheerio, type CheerioAPI, type Node } from './shared/dom';
import { parseCount, parseDecimal, ratingFromStarGlyphs } from './shared/numbers';
import { cleanText } from './shared/text';

// The schema lives in ./declarative-schema.ts (the config loader imports it without this adapter).
export { declarativeSiteSchema, type DeclarativeSite, type DeclarativeSiteInput };

type Selectors = DeclarativeSite['selectors'];

function read(el: Cheerio<Node>, from: string): string | null {
  if (el.length === 0) return null;
  return from === 'text' ? cleanText(el.first().text()) : cleanText(el.first().attr(from));
}

/**
 * The star value from text or an attribute. With `ratingPattern`, its first
 * group; otherwise the first number, or a count of ★ glyphs.
 */
function ratingOf(raw: string | null, s: Selectors, pattern: RegExp | null): number | null {
  if (raw === null) return null;
  if (pattern) {
    const match = pattern.exec(raw);
    return match ? parseDecimal(match[1] ?? match[0]) : null;
  }
  return parseDecimal(raw) ?? (s.ratingFrom === 'text' ? ratingFromStarGlyphs(raw) : null);
}

function businessOf($: CheerioAPI, s: Selectors): ExtractedBusiness | null {
  const name = s.businessName ? cleanText($(s.businessName).first().text()) : null;
  const aggregate = s.aggregateRating ? parseDecimal(cleanText($(s.aggregateRating).first().text())) : null;
  const count = s.reviewCount ? parseCount(cleanText($(s.reviewCount).first().text())) : null;
  if (name === null && aggregate === null && count === null) return null;
  return {
    name,
    aggregateRating: aggregate,
    ratingScale: s.ratingScale,
    reviewCount: count,
    starDistribution: null,
    address: null,
    categories: [],
    externalId: null,
  };
}

/** Builds an adapter from a site description (validated here, so a raw config object is fine). */
export function createDeclarativeAdapter(input: DeclarativeSiteInput): SourceAdapter {
  const site = declarativeSiteSchema.parse(input);
  const s = site.selectors;
  const name = `custom:${site.key}` as const;
  const urlPattern = site.urlPattern ? new RegExp(site.urlPattern) : null;
  const ratingPattern = s.ratingPattern ? new RegExp(s.ratingPattern) : null;

  return {
    name,
    label: site.label,
    needsBrowser: site.needsBrowser,
    matches: (url) => (urlPattern ? urlPattern.test(url.toString()) : false),
    startUrl: (profileUrl) => profileUrl,
    extract(page, ctx): PageExtraction {
      const $ = loadHtml(page.body);
      const warnings: string[] = [];
      const items = $(s.review);
      const business = businessOf($, s);
      if (items.length === 0 && business === null) {
        throw new ExtractionError(`no element matches the review selector "${s.review}" and no business details were found`, name, page.url);
      }
      const optional: [keyof Selectors, string | undefined][] = [
        ['date', s.date], ['author', s.author], ['title', s.title], ['text', s.text], ['reviewId', s.reviewId],
      ];
      const missing = new Map<string, number>();
      const reviews: ExtractedReview[] = [];
      items.each((i, raw) => {
        const item = $(raw);
        const find = (sel: string | undefined): Cheerio<Node> | null => (sel ? item.find(sel) : null);
        for (const [field, sel] of optional) if (sel && item.find(sel).length === 0) missing.set(field, (missing.get(field) ?? 0) + 1);
        const ratingEl = item.find(s.rating);
        const rating = ratingOf(read(ratingEl, s.ratingFrom), s, ratingPattern);
        if (rating === null) warnings.push(`review ${i + 1}: no rating found with "${s.rating}"`);
        else if (rating > s.ratingScale) warnings.push(`review ${i + 1}: rating ${rating} is above the scale of ${s.ratingScale}`);
        const dateEl = find(s.date);
        // A <time datetime> (or content attribute) is more precise than the visible text.
        const dateRaw = dateEl && dateEl.length > 0 ? (dateEl.first().attr('datetime') ?? dateEl.first().attr('content') ?? dateEl.first().text()) : null;
        const responseEl = find(s.ownerResponse);
        const responseText = responseEl ? elementText($, responseEl, true) : null;
        const textEl = find(s.text);
        reviews.push({
          ...emptyReview(s.ratingScale),
          externalId: s.reviewId
            ? read(item.find(s.reviewId), s.reviewIdFrom)
            : s.reviewIdFrom !== 'text'
              ? read(item, s.reviewIdFrom)
              : null,
          rating,
          title: s.title ? read(item.find(s.title), 'text') : null,
          text: textEl ? elementText($, textEl, true) : null,
          authorName: s.author ? read(item.find(s.author), 'text') : null,
          publishedAt: parseDate(dateRaw, { crawledAt: ctx.crawledAt, ...(s.dateFormat ? { format: s.dateFormat } : {}) }),
          ownerResponse: responseText ? { text: responseText, respondedAt: null } : null,
        });
        if (dateRaw && !reviews.at(-1)?.publishedAt) warnings.push(`review ${i + 1}: date "${cleanText(dateRaw)}" not understood`);
      });
      for (const [field, count] of missing) {
        warnings.push(`selector for ${field} matched nothing in ${count} of ${items.length} review(s)`);
      }
      if (items.length === 0) warnings.push(`no element matches the review selector "${s.review}"`);

      const out = emptyExtraction(name, page.url);
      out.business = business;
      out.reviews = reviews;
      out.nextPageUrl = s.nextPage ? absoluteUrl($(s.nextPage).first().attr('href'), page.url) : null;
      out.warnings = warnings;
      return out;
    },
  };
}
