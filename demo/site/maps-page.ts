import type { DemoLocation, DemoReview } from '../world/types';
import { escapeHtml, longDate, page } from './html';
import type { ReviewList } from './view';

/**
 * A map-listing page that only a browser can read: the HTML is an app shell
 * with no reviews; an inline script fetches data.json and renders the reviews
 * as schema.org microdata. A crawler reading raw HTML sees an empty shell.
 */

export const MAPS_PAGE_SIZE = 20;

export interface MapsData {
  business: { name: string; address: string; ratingValue: number | null; reviewCount: number };
  reviews: {
    id: string;
    author: string;
    rating: number;
    datePublished: string;
    dateText: string;
    title: string | null;
    text: string | null;
    language: string;
    response: { text: string; date: string } | null;
  }[];
  page: number;
  nextPage: number | null;
}

export function mapsData(location: DemoLocation, list: ReviewList, pageNumber: number): MapsData {
  const slice = list.reviews.slice((pageNumber - 1) * MAPS_PAGE_SIZE, pageNumber * MAPS_PAGE_SIZE);
  return {
    business: {
      name: location.name,
      address: `${location.street}, ${location.city}, ${location.region} ${location.postalCode}`,
      ratingValue: list.average,
      reviewCount: list.reviews.length,
    },
    reviews: slice.map((r: DemoReview) => ({
      id: r.id,
      author: r.author,
      rating: r.rating,
      datePublished: r.publishedAt,
      dateText: longDate(r.publishedAt),
      title: r.title,
      text: r.text,
      language: r.language,
      response: r.response ? { text: r.response.text, date: r.response.at } : null,
    })),
    page: pageNumber,
    nextPage: pageNumber * MAPS_PAGE_SIZE < list.reviews.length ? pageNumber + 1 : null,
  };
}

/*
 * Runs in the browser. Written as plain ES5 in a string so no bundler is
 * needed; it builds elements with textContent, never innerHTML, so review
 * text stays text.
 */
const RENDER_SCRIPT = `(function () {
  var app = document.getElementById('app');
  var S = 'https://schema.org/';
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function meta(prop, content) { return el('meta', { itemprop: prop, content: String(content) }); }
  function render(data) {
    var place = el('div', { itemscope: '', itemtype: S + 'LocalBusiness', id: 'place' });
    place.appendChild(el('h1', { itemprop: 'name' }, data.business.name));
    place.appendChild(el('div', { itemprop: 'address', 'class': 'address' }, data.business.address));
    if (data.business.ratingValue !== null) {
      var agg = el('div', { itemprop: 'aggregateRating', itemscope: '', itemtype: S + 'AggregateRating', 'class': 'aggregate' });
      agg.appendChild(el('span', { itemprop: 'ratingValue' }, String(data.business.ratingValue)));
      agg.appendChild(document.createTextNode(' stars from '));
      agg.appendChild(el('span', { itemprop: 'reviewCount' }, String(data.business.reviewCount)));
      agg.appendChild(document.createTextNode(' reviews'));
      agg.appendChild(meta('bestRating', 5));
      agg.appendChild(meta('worstRating', 1));
      place.appendChild(agg);
    }
    var list = el('div', { 'class': 'reviews' });
    data.reviews.forEach(function (r) {
      var item = el('div', { itemprop: 'review', itemscope: '', itemtype: S + 'Review', id: 'review-' + r.id, 'class': 'review', 'data-review-id': r.id });
      item.appendChild(meta('identifier', r.id));
      item.appendChild(meta('inLanguage', r.language));
      var author = el('div', { itemprop: 'author', itemscope: '', itemtype: S + 'Person', 'class': 'author' });
      author.appendChild(el('span', { itemprop: 'name' }, r.author));
      item.appendChild(author);
      var rating = el('div', { itemprop: 'reviewRating', itemscope: '', itemtype: S + 'Rating', 'class': 'stars' });
      rating.appendChild(meta('ratingValue', r.rating));
      rating.appendChild(meta('bestRating', 5));
      rating.appendChild(meta('worstRating', 1));
      rating.appendChild(el('span', { 'aria-hidden': 'true' }, new Array(r.rating + 1).join('\\u2605') + new Array(6 - r.rating).join('\\u2606')));
      item.appendChild(rating);
      item.appendChild(el('time', { itemprop: 'datePublished', datetime: r.datePublished }, r.dateText));
      if (r.title !== null) item.appendChild(el('h3', { itemprop: 'name' }, r.title));
      if (r.text !== null) item.appendChild(el('p', { itemprop: 'reviewBody', lang: r.language }, r.text));
      if (r.response) {
        var reply = el('div', { 'class': 'owner-response' });
        reply.appendChild(el('strong', {}, 'Response from the owner'));
        reply.appendChild(el('time', { datetime: r.response.date }, ' ' + r.response.date.slice(0, 10)));
        reply.appendChild(el('p', {}, r.response.text));
        item.appendChild(reply);
      }
      list.appendChild(item);
    });
    place.appendChild(list);
    app.textContent = '';
    app.appendChild(place);
    app.setAttribute('data-loaded', 'true');
  }
  fetch(location.pathname.replace(/\\/$/, '') + '/data.json?page=1')
    .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
    .then(render)
    .catch(function (err) { app.textContent = 'Could not load reviews: ' + err.message; app.setAttribute('data-error', 'true'); });
})();`;

export function mapsShell(location: DemoLocation, canonical: string): string {
  return page({
    title: `${location.name} - Map listing`,
    canonical,
    head: '<style>.loading{color:#777}.review{border-bottom:1px solid #ddd;padding:8px 0}</style>',
    body: `<div id="app" class="app-shell" data-place="${escapeHtml(location.key)}"><p class="loading">Loading reviews…</p></div>
<noscript>You need to enable JavaScript to see the reviews of ${escapeHtml(location.name)}.</noscript>
<script>${RENDER_SCRIPT}</script>`,
  });
}
