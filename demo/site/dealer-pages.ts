import type { DemoLocation, DemoPerson, DemoReview, DemoWorld } from '../world/types';
import { escapeHtml, jsonForScript, longDate, page, ratingClass, shortDate, thousands } from './html';
import { personAverage, sitePaths, type ReviewList } from './view';

/**
 * DealerRater-shaped pages: the dealer's review list and each salesperson's
 * page. The markup keeps the real site's landmarks (review-entry blocks, the
 * rating-NN classes, "Employees Worked With" links to /sales/<Name>-review-<id>/
 * with a per-employee rating, "Month D, YYYY" dates, public-messages for the
 * dealer's answer, rel="next" links) and nothing else.
 */

export interface ListingPage {
  base: string;
  pageNumber: number;
  pageSize: number;
  /** Absolute URL of the next page, or null on the last page (the failure layer may override it). */
  next: string | null;
  prev: string | null;
  canonical: string;
}

/** DealerRater shows a review's first words as an italic headline and the rest after it. */
const HEADLINE_CHARS = 55;
const SNIPPET_CHARS = 150;

/**
 * Splits a text the way the real pages do: the headline ends at the last
 * space within the first ~55 characters; the rest (with its leading space)
 * is the body; the snippet is the body's first 150 characters.
 */
export function splitHeadline(text: string): { headline: string; rest: string } {
  if (text.length <= HEADLINE_CHARS) return { headline: text, rest: '' };
  const cut = text.lastIndexOf(' ', HEADLINE_CHARS);
  const at = cut > 20 ? cut : HEADLINE_CHARS;
  return { headline: text.slice(0, at), rest: text.slice(at) };
}

function ratingBlock(rating: number): string {
  return `<div class="rating-static ${ratingClass(rating)}"></div>`;
}

function employeeTags(world: DemoWorld, review: DemoReview): string {
  if (!review.employees.length) return '';
  const tags = review.employees.map((tag) => {
    const person = world.people.find((p) => p.key === tag.personKey);
    if (!person) return '';
    return `<div class="review-employee">
<a class="notranslate tagged-emp emp-${person.siteId}" data-emp-id="${person.siteId}" href="${sitePaths.sales(person)}">${escapeHtml(person.name)}</a>
<div class="employee-rating-badge-sm"><span class="font-14 boldest">${tag.rating.toFixed(1)}</span> ${ratingBlock(tag.rating)}</div>
</div>`;
  });
  return `<div class="employees-wrapper">
<div class="small-text">Employees Worked With</div>
${tags.join('\n')}
</div>`;
}

function subRatings(review: DemoReview): string {
  const rows = Object.entries(review.subRatings).map(
    ([label, value]) =>
      `<div class="tr"><div class="lt-grey small-text td">${escapeHtml(label)}</div><div class="rating-static-indv ${ratingClass(value)} td"></div></div>`,
  );
  if (review.recommend !== null)
    rows.push(`<div class="tr"><div class="lt-grey small-text td">Recommend Dealer</div><div class="td small-text boldest">${review.recommend ? 'Yes' : 'No'}</div></div>`);
  return rows.length ? `<div class="review-ratings-all">\n${rows.join('\n')}\n</div>` : '';
}

function response(review: DemoReview, dealerName: string): string {
  if (!review.response) return '';
  return `<div class="public-messages">
<div class="public-messages-date">${shortDate(review.response.at)} - </div>
<p class="italic-bold"><span class="notranslate">${escapeHtml(dealerName)}</span> <span>responded</span></p>
<p class="review-response">${escapeHtml(review.response.text)}</p>
</div>`;
}

export function reviewEntry(world: DemoWorld, review: DemoReview): string {
  const location = world.locations.find((l) => l.key === review.locationKey);
  const lang = review.language === 'en' ? '' : ` lang="${review.language}"`;
  let body = '';
  if (review.text !== null) {
    const { headline, rest } = splitHeadline(review.text);
    const tail = rest
      ? `\n<span class="review-snippet">${escapeHtml(rest.slice(0, SNIPPET_CHARS))}</span>\n<span class="review-whole display-none">${escapeHtml(rest)}</span>`
      : '';
    body = `<p class="review-body"${lang}>
<span class="review-title bolder font-18 italic">${escapeHtml(headline)}</span>${tail}
<a id="${review.id}" class="read-more-toggle">More</a>
</p>`;
  }
  return `<div class="review-entry" id="review-${review.id}" data-review-id="${review.id}">
<a name="r${review.id}"></a>
<div class="review-date">
<div class="italic font-20">${longDate(review.publishedAt)}</div>
<div class="dealership-rating">
${ratingBlock(review.rating)}
<div class="small-text dr-grey">${escapeHtml(review.visitType ?? '')}</div>
</div>
</div>
<div class="review-wrapper">
${body}
<div class="review-author"><span class="italic font-16 bolder notranslate">by ${escapeHtml(review.author)}</span></div>
${subRatings(review)}
${employeeTags(world, review)}
${response(review, location?.name ?? world.company.name)}
</div>
</div>`;
}

function pagination(list: ReviewList, p: ListingPage): string {
  const total = list.reviews.length;
  const first = total ? (p.pageNumber - 1) * p.pageSize + 1 : 0;
  const last = Math.min(total, p.pageNumber * p.pageSize);
  const links: string[] = [];
  if (p.prev) links.push(`<div class="page_active prev page"><a href="${escapeHtml(p.prev)}" rel="prev">&lt;&nbsp;previous</a></div>`);
  links.push(`<div class="page_inactive page_current page">${p.pageNumber}</div>`);
  if (p.next) links.push(`<div class="page_active next page_num_${p.pageNumber + 1} page"><a href="${escapeHtml(p.next)}" rel="next">next&nbsp;&gt;</a></div>`);
  return `<div class="review-page-nav">
${links.join('')}
<div class="label">${first} - ${last} of ${thousands(total)} results</div>
</div>`;
}

function slice(list: ReviewList, p: ListingPage): DemoReview[] {
  return list.reviews.slice((p.pageNumber - 1) * p.pageSize, p.pageNumber * p.pageSize);
}

function summary(avg: number | null, total: number): string {
  return `<div class="rating-summary">
<span class="font-36 bolder rating-number">${avg === null ? '' : avg.toFixed(1)}</span>
${avg === null ? '' : `<div class="dr-stars rating-static ${ratingClass(avg)}"></div>`}
<span class="font-16 italic dr-grey review-count">${thousands(total)} Reviews</span>
</div>`;
}

export function dealerPage(world: DemoWorld, location: DemoLocation, list: ReviewList, p: ListingPage): string {
  const total = list.reviews.length;
  const address = `${location.street}, ${location.city}, ${location.region} ${location.postalCode}`;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'LocalBusiness',
    name: location.name,
    address: {
      '@type': 'PostalAddress',
      streetAddress: location.street,
      addressLocality: location.city,
      addressRegion: location.region,
      postalCode: location.postalCode,
      addressCountry: 'US',
    },
    ...(list.average === null
      ? {}
      : { aggregateRating: { '@type': 'AggregateRating', ratingValue: list.average, reviewCount: total, bestRating: 5, worstRating: 1 } }),
    url: `https://${world.company.website}/${location.key}`,
  };
  const body = `<div class="dealer-info" data-dealer-id="${location.siteId}">
<h1 class="h1-header notranslate" id="dealerName">${escapeHtml(location.name)}</h1>
<span class="notranslate" id="dealerAddress">${escapeHtml(address)}</span>
${summary(list.average, total)}
</div>
<div class="review-section">
<h2 class="reviews-of-emp">Showing <span class="boldest">${thousands(total)}</span> reviews</h2>
${slice(list, p).map((r) => reviewEntry(world, r)).join('\n')}
${pagination(list, p)}
</div>`;
  return page({
    title: `${location.name} - Dealership Reviews`,
    canonical: p.canonical,
    prev: p.prev,
    next: p.next,
    head: `<script type="application/ld+json">${jsonForScript(ld)}</script>`,
    body,
  });
}

export function salesPage(world: DemoWorld, person: DemoPerson, list: ReviewList, p: ListingPage): string {
  const total = list.reviews.length;
  const avg = personAverage(person, list.reviews);
  const location = world.locations.find((l) => l.key === person.locationKey);
  const body = `<div class="employee-info" data-emp-id="${person.siteId}">
<h1 class="h1-header notranslate" id="employeeName">${escapeHtml(person.name)}</h1>
<div class="employee-title">${escapeHtml(person.title)}${
    location ? ` at <a href="${sitePaths.dealer(location)}" class="employee-dealer">${escapeHtml(location.name)}</a>` : ''
  }</div>
${summary(avg, total)}
</div>
<div class="review-section">
<h2 class="reviews-of-emp">Showing <span class="boldest">${thousands(total)}</span> reviews of ${escapeHtml(person.name)}</h2>
${slice(list, p).map((r) => reviewEntry(world, r)).join('\n')}
${pagination(list, p)}
</div>`;
  return page({ title: `${person.name} - Employee Reviews`, canonical: p.canonical, prev: p.prev, next: p.next, body });
}
