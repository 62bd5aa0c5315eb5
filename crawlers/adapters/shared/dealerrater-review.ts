/**
 * One DealerRater `review-entry` block → ExtractedReview, and the employee
 * tiles (name, rating, review count) → ExtractedProfile. Dealer review pages
 * and salesperson pages share this markup.
 *
 * DealerRater encodes stars as CSS classes ("rating-50" = 5.0), prints the
 * first ~50 characters of a review as its headline and the rest as the body,
 * and tags employees with links to /sales/<Name>-review-<id>/.
 */
import type { ExtractedEmployeeTag, ExtractedOwnerResponse, ExtractedProfile, ExtractedReview } from '../../types';
import { emptyReview } from '../../types';
import { parseDate } from './dates';
import { absoluteUrl, elementText, type Cheerio, type CheerioAPI, type Node } from './dom';
import { parseCount, parseDecimal, ratingFromClass } from './numbers';
import { cleanText } from './text';

const SALES_ID = /\/sales\/[^/?#]*-review-(\d+)\/?/i;

/** The numeric id in a /sales/<Name>-review-<id>/ link. */
export function salesIdFromUrl(url: string | null | undefined): string | null {
  return url ? (SALES_ID.exec(url)?.[1] ?? null) : null;
}

/** "Adrian-AyyDee-Cortes" from a /sales/ URL → "Adrian AyyDee Cortes" (last resort for a name). */
export function nameFromSalesUrl(url: string): string | null {
  const slug = /\/sales\/([^/?#]+)-review-\d+/i.exec(url)?.[1];
  return slug ? cleanText(decodeURIComponent(slug).replace(/-+/g, ' ')) : null;
}

function reviewIdOf(entry: Cheerio<Node>): string | null {
  const anchor = entry
    .find('a[name]')
    .toArray()
    .map((a) => /^r(\d+)$/.exec(a.attribs['name'] ?? '')?.[1])
    .find(Boolean);
  if (anchor) return anchor;
  const toggle = /^(\d+)$/.exec(entry.find('a.read-more-toggle[id]').first().attr('id') ?? '')?.[1];
  if (toggle) return toggle;
  return /#r(\d+)/.exec(entry.find('a[href*="#r"]').first().attr('href') ?? '')?.[1] ?? null;
}

/** Text with <br> as line breaks but leading/trailing spaces kept (they tell where the headline was cut). */
function rawText($: CheerioAPI, el: Cheerio<Node>): string | null {
  if (el.length === 0) return null;
  const lead = /^\s/.test(el.text()) ? ' ' : '';
  return lead + (elementText($, el, true) ?? '');
}

function ratingOf(el: Cheerio<Node>): number | null {
  return ratingFromClass(el.attr('class'));
}

function employeesOf($: CheerioAPI, entry: Cheerio<Node>, pageUrl: string): ExtractedEmployeeTag[] {
  const out: ExtractedEmployeeTag[] = [];
  entry.find('.review-employee').each((_, raw) => {
    const tile = $(raw);
    const link = tile.find('a.tagged-emp, a[href*="/sales/"]').first();
    const name = cleanText(link.text()) ?? cleanText(tile.find('.notranslate').first().text());
    if (!name) return;
    const profileUrl = absoluteUrl(link.attr('href'), pageUrl);
    const badge = tile.find('.employee-rating-badge-sm, [class*="employee-rating"]').first();
    const rating = parseDecimal(cleanText(badge.find('span').first().text())) ?? ratingOf(badge.find('[class*="rating-"]').first());
    out.push({
      name,
      rating,
      ratingScale: 5,
      profileUrl,
      externalId: salesIdFromUrl(profileUrl) ?? cleanText(link.attr('data-emp-id')),
    });
  });
  return out;
}

/** Names typed in "Employees Worked With" that DealerRater could not link to a profile. */
function untaggedEmployeesOf($: CheerioAPI, entry: Cheerio<Node>): string[] {
  return entry
    .find('.employees-wrapper span.notranslate')
    .filter((_, el) => $(el).closest('.review-employee').length === 0)
    .toArray()
    .map((el) => cleanText($(el).text()))
    .filter((n): n is string => n !== null);
}

function subRatingsOf($: CheerioAPI, entry: Cheerio<Node>, extra: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  entry.find('.review-ratings-all .tr').each((_, raw) => {
    const row = $(raw);
    const label = cleanText(row.find('.td').first().text())?.toLowerCase();
    if (!label) return;
    const stars = ratingOf(row.find('[class*="rating-static"]').first());
    if (stars !== null) out[label] = stars;
    else if (/recommend/.test(label)) {
      const answer = cleanText(row.find('.td').last().text())?.toLowerCase();
      if (answer === 'yes' || answer === 'no') extra['recommendDealer'] = answer === 'yes';
    }
  });
  return out;
}

function ownerResponseOf($: CheerioAPI, entry: Cheerio<Node>, crawledAt: Date, extra: Record<string, unknown>): ExtractedOwnerResponse | null {
  const block = entry.find('.public-messages').first();
  const text = elementText($, block.find('.review-response').first(), true);
  if (!text) return null;
  const dateText = cleanText(entry.find('.public-messages-date').first().text()) ?? cleanText(block.find('.td').first().text());
  const author = cleanText(block.find('p').first().text())?.replace(/\s*responded$/i, '');
  if (author) extra['responseAuthor'] = author;
  return { text, respondedAt: parseDate(dateText?.replace(/\s*-\s*$/, ''), { crawledAt }) };
}

/**
 * The review text as written. DealerRater splits it: a headline made of the
 * first words, and the rest in `.review-whole` (which starts mid-sentence). The
 * author's text is the two joined; when the body already repeats the headline
 * (a real title), the body alone. The raw strings decide whether the split fell
 * between words (a space on either side) or inside a word.
 */
function fullText(rawTitle: string, rawBody: string | null): { text: string | null; titleIsLeadIn: boolean } {
  const title = cleanText(rawTitle);
  const body = cleanText(rawBody, { multiline: true });
  if (!title) return { text: body, titleIsLeadIn: false };
  if (!body) return { text: title, titleIsLeadIn: true };
  if (body.startsWith(title)) return { text: body, titleIsLeadIn: false };
  const joiner = /\s$/.test(rawTitle) || /^\s/.test(rawBody ?? '') ? ' ' : '';
  return { text: cleanText(`${title}${joiner}${body}`, { multiline: true }), titleIsLeadIn: true };
}

export interface EntryContext {
  pageUrl: string;
  crawledAt: Date;
}

/** One full review-entry (with its `<a name="r…">` anchor) → ExtractedReview. */
export function reviewFromEntry($: CheerioAPI, entry: Cheerio<Node>, ctx: EntryContext): ExtractedReview {
  const extra: Record<string, unknown> = {};
  const dateBox = entry.find('.review-date').first();
  const dateText = cleanText(dateBox.find('.italic, p.review-date').first().text()) ?? cleanText(dateBox.text());
  const overall = entry.find('.dealership-rating [class*="rating-static"]').first();
  const visitType = cleanText(entry.find('.dealership-rating .dr-grey, .dealership-rating .small-text').first().text());
  if (visitType) extra['visitType'] = visitType;

  const rawTitle = entry.find('.review-title').first().text();
  const title = cleanText(rawTitle);
  const bodyEl = entry.find('.review-whole').first();
  const { text, titleIsLeadIn } = fullText(rawTitle, rawText($, bodyEl.length > 0 ? bodyEl : entry.find('.review-snippet, .review-content').first()));
  if (titleIsLeadIn) extra['titleIsLeadIn'] = true;

  const byLine = entry
    .find('span')
    .filter((_, el) => /^by\s/i.test(cleanText($(el).text()) ?? '') && $(el).closest('.employees-wrapper').length === 0)
    .first();
  const authorName = cleanText(byLine.text())?.replace(/^by\s+/i, '') ?? null;

  const untagged = untaggedEmployeesOf($, entry);
  if (untagged.length > 0) extra['untaggedEmployees'] = untagged;
  const id = reviewIdOf(entry);
  const social = /\/consumer\/social\/(\d+)/.exec(entry.find('a[href*="/consumer/social/"]').first().attr('href') ?? '');

  return {
    ...emptyReview(5),
    externalId: id,
    rating: ratingOf(overall),
    title,
    text,
    authorName: authorName || null,
    publishedAt: parseDate(dateText, { crawledAt: ctx.crawledAt }),
    ownerResponse: ownerResponseOf($, entry, ctx.crawledAt, extra),
    employees: employeesOf($, entry, ctx.pageUrl),
    subRatings: subRatingsOf($, entry, extra),
    url: social?.[1] ? `https://www.dealerrater.com/consumer/social/${social[1]}` : null,
    extra,
  };
}

/** Employee tiles ("Top Reviewed Employees", staff pages): name, rating, review count, profile link. */
export function profilesFromTiles($: CheerioAPI, pageUrl: string): ExtractedProfile[] {
  const out: ExtractedProfile[] = [];
  const seen = new Set<string>();
  $('.employee-tile').each((_, raw) => {
    const tile = $(raw);
    const name = cleanText(tile.find('h3').first().text());
    if (!name) return;
    const profileUrl = absoluteUrl(tile.find('a[href*="/sales/"]').first().attr('href'), pageUrl);
    const key = profileUrl ?? name;
    if (seen.has(key)) return;
    seen.add(key);
    const numberText = cleanText(tile.find('.rating-number').first().text());
    out.push({
      name,
      aggregateRating: parseDecimal(numberText) ?? ratingOf(tile.find('[class*="rating-static"]').first()),
      ratingScale: 5,
      reviewCount: parseCount(cleanText(tile.find('.view-all-reviews').first().text())),
      profileUrl,
      externalId: salesIdFromUrl(profileUrl),
    });
  });
  return out;
}
