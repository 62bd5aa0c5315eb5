import type { DemoReview, DemoWorld } from '../world/types';
import type { ListingPage } from './dealer-pages';
import { escapeHtml, jsonForScript, longDate, page, stars, thousands } from './html';
import type { ReviewList } from './view';

/**
 * The company's own review page, carrying schema.org JSON-LD the way many
 * review widgets do: an Organization with its aggregateRating and the page's
 * reviews. The visible HTML repeats the reviews without microdata, so an
 * extractor reading both cannot count a review twice.
 */

function reviewNode(base: string, review: DemoReview, orgName: string): Record<string, unknown> {
  const node: Record<string, unknown> = {
    '@type': 'Review',
    '@id': `${base}/company/reviews#r${review.id}`,
    identifier: review.id,
    author: { '@type': 'Person', name: review.author },
    datePublished: review.publishedAt,
    reviewRating: { '@type': 'Rating', ratingValue: review.rating, bestRating: 5, worstRating: 1 },
    inLanguage: review.language,
  };
  if (review.title !== null) node.name = review.title;
  if (review.text !== null) node.reviewBody = review.text;
  if (review.response)
    node.comment = {
      '@type': 'Comment',
      author: { '@type': 'Organization', name: orgName },
      dateCreated: review.response.at,
      text: review.response.text,
    };
  return node;
}

function visibleReview(review: DemoReview): string {
  const lang = review.language === 'en' ? '' : ` lang="${review.language}"`;
  return `<article class="company-review" id="r${review.id}"${lang}>
<div class="stars" aria-label="${review.rating} out of 5">${stars(review.rating)}</div>
${review.title !== null ? `<h3>${escapeHtml(review.title)}</h3>` : ''}
${review.text !== null ? `<p>${escapeHtml(review.text)}</p>` : ''}
<footer>by ${escapeHtml(review.author)} on ${longDate(review.publishedAt)}</footer>
${
  review.response
    ? `<blockquote class="company-reply"><strong>Reply from Northwind Motors</strong> (${longDate(review.response.at)}): ${escapeHtml(review.response.text)}</blockquote>`
    : ''
}
</article>`;
}

export function companyPage(world: DemoWorld, list: ReviewList, p: ListingPage): string {
  const reviews = list.reviews.slice((p.pageNumber - 1) * p.pageSize, p.pageNumber * p.pageSize);
  const total = list.reviews.length;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Organization',
    '@id': `${p.base}/company/reviews#org`,
    name: world.company.name,
    url: `https://${world.company.website}/`,
    ...(list.average === null
      ? {}
      : { aggregateRating: { '@type': 'AggregateRating', ratingValue: list.average, reviewCount: total, bestRating: 5, worstRating: 1 } }),
    review: reviews.map((r) => reviewNode(p.base, r, world.company.name)),
  };
  const nav = [
    p.prev ? `<a rel="prev" href="${escapeHtml(p.prev)}">Newer reviews</a>` : '',
    p.next ? `<a rel="next" href="${escapeHtml(p.next)}">Older reviews</a>` : '',
  ].join(' ');
  const body = `<header class="company-header">
<h1>${escapeHtml(world.company.name)} reviews</h1>
<p class="company-summary">${list.average === null ? 'No rating yet' : `${list.average.toFixed(1)} out of 5`} from ${thousands(total)} reviews</p>
</header>
<main class="company-reviews">
${reviews.map(visibleReview).join('\n')}
</main>
<nav class="pager">${nav}</nav>`;
  return page({
    title: `${world.company.name} reviews - page ${p.pageNumber}`,
    canonical: p.canonical,
    prev: p.prev,
    next: p.next,
    head: `<script type="application/ld+json">\n${jsonForScript(ld, 2)}\n</script>`,
    body,
  });
}
